// The HTTP side every provider simulator shares: node:http on 127.0.0.1 (port 0 by default), the
// body read whole, an answer or a dropped connection (the "lost response" a real network makes).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type SimulatorAnswer =
  | {
      readonly kind: 'answer';
      readonly status: number;
      readonly contentType: string;
      readonly body: string;
    }
  /** The request was processed; the answer never reaches the caller. */
  | { readonly kind: 'drop' };

export type SimulatorHandler = (
  request: Readonly<{ method: string; path: string; query: URLSearchParams; body: string }>,
) => SimulatorAnswer;

export interface RunningSimulator {
  /** e.g. http://127.0.0.1:40123 */
  readonly url: string;
  close(): Promise<void>;
}

const BODY_LIMIT_BYTES = 64 * 1024;

export async function serveSimulator(
  handler: SimulatorHandler,
  port = 0,
): Promise<RunningSimulator> {
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMIT_BYTES) request.destroy();
      else chunks.push(chunk);
    });
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://simulator');
      let answer: SimulatorAnswer;
      try {
        answer = handler({
          method: request.method ?? 'GET',
          path: url.pathname,
          query: url.searchParams,
          body: Buffer.concat(chunks).toString('utf8'),
        });
      } catch (error) {
        answer = {
          kind: 'answer',
          status: 500,
          contentType: 'text/plain',
          body: error instanceof Error ? error.message : String(error),
        };
      }
      if (answer.kind === 'drop') {
        response.socket?.destroy();
        return;
      }
      response.writeHead(answer.status, { 'content-type': answer.contentType });
      response.end(answer.body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
