// Serves the built UI (vite's output) read-only, with a strict content security policy: the page
// may load only its own scripts and talk only to this host.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** The policy for every page the host serves; `ws` is the socket's own address. */
export function contentSecurityPolicy(wsOrigin: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${wsOrigin}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export interface StaticFilesOptions {
  readonly root: string;
  readonly csp: () => string;
}

/** Answers GET/HEAD for files under `root`; unknown paths without an extension get index.html. */
export async function serveStatic(
  request: IncomingMessage,
  response: ServerResponse,
  options: StaticFilesOptions,
): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
  const root = path.resolve(options.root);
  let file = path.resolve(root, `.${pathname}`);
  // Never outside the build folder, whatever the path says.
  if (file !== root && !file.startsWith(`${root}${path.sep}`)) {
    response.writeHead(404).end();
    return;
  }
  let info = await stat(file).catch(() => undefined);
  if (info?.isDirectory()) {
    file = path.join(file, 'index.html');
    info = await stat(file).catch(() => undefined);
  }
  if (info === undefined && path.extname(file) === '') {
    file = path.join(root, 'index.html');
    info = await stat(file).catch(() => undefined);
  }
  if (info === undefined || !info.isFile()) {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
    return;
  }
  const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
  response.writeHead(200, {
    'content-type': type,
    'content-length': info.size,
    'content-security-policy': options.csp(),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    // Hashed asset names change with every build; the page itself must always be fresh.
    'cache-control': type.startsWith('text/html') ? 'no-store' : 'public, max-age=31536000',
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  createReadStream(file).pipe(response);
}
