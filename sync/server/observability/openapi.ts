// The OpenAPI 3.1 description of every route the server registers, served at /docs/openapi.json
// with a small page at /docs that needs nothing from the internet (stores run on closed
// networks). Routes are collected as Fastify registers them, so a new route appears by itself;
// its summary and body schema come from ROUTE_DOCS, converted from the zod schema it checks.
import { z } from 'zod';
import type { FastifyInstance, RouteOptions } from 'fastify';
import type { Guards } from '../http/guards';
import { ROUTE_DOCS } from './route-docs';

interface CollectedRoute {
  readonly method: string;
  readonly url: string;
  readonly access: 'public' | 'token' | 'admin';
}

type JsonObject = Record<string, unknown>;

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { type: 'string' }, message: { type: 'string' } },
    },
  },
};

function accessOf(options: RouteOptions, guards: Guards): CollectedRoute['access'] {
  const pre = options.preHandler;
  const handlers: readonly unknown[] = Array.isArray(pre) ? pre : pre === undefined ? [] : [pre];
  if (handlers.includes(guards.admin)) return 'admin';
  if (handlers.includes(guards.authenticated)) return 'token';
  return 'public';
}

function toJsonSchema(schema: z.ZodType): JsonObject {
  // Input side: what a client may send (defaults make fields optional); refinements it cannot
  // express (a contiguous seq) are left to the description of the 400 answer.
  const converted = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonObject;
  delete converted['$schema'];
  return converted;
}

function operation(route: CollectedRoute): JsonObject {
  const doc = ROUTE_DOCS[`${route.method} ${route.url}`];
  const params = [...route.url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1] ?? '');
  return {
    summary: doc?.summary ?? `${route.method} ${route.url}`,
    ...(route.access === 'public' ? {} : { security: [{ bearer: [] }] }),
    ...(route.access === 'admin' ? { description: 'Needs a head-office admin staff token.' } : {}),
    ...(params.length === 0
      ? {}
      : {
          parameters: params.map((name) => ({
            name,
            in: 'path',
            required: true,
            schema: { type: 'string', pattern: '^[A-Za-z0-9_.:-]+$', maxLength: 64 },
          })),
        }),
    ...(doc?.body === undefined
      ? {}
      : {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: toJsonSchema(doc.body) } },
          },
        }),
    responses: {
      '2XX': { description: 'Done; the answer is JSON' },
      ...(route.access === 'public' ? {} : { '401': { $ref: '#/components/responses/Error' } }),
      '400': { $ref: '#/components/responses/Error' },
      default: { $ref: '#/components/responses/Error' },
    },
  };
}

export interface ApiDescription {
  /** Built on first use, after every route is registered; the same object afterwards. */
  document(): JsonObject;
}

/** Starts collecting routes: call before any route is registered. */
export function collectApiDescription(app: FastifyInstance, guards: Guards): ApiDescription {
  const routes: CollectedRoute[] = [];
  app.addHook('onRoute', (options) => {
    const methods = Array.isArray(options.method) ? options.method : [options.method];
    for (const method of methods) {
      // Fastify adds a HEAD twin to every GET; the docs pages describe themselves.
      if (method === 'HEAD' || options.url.startsWith('/docs')) continue;
      routes.push({ method, url: options.url, access: accessOf(options, guards) });
    }
  });
  let built: JsonObject | undefined;
  return {
    document() {
      if (built !== undefined) return built;
      const paths: Record<string, JsonObject> = {};
      for (const route of routes) {
        const path = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
        paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation(route) };
      }
      built = {
        openapi: '3.1.0',
        info: {
          title: 'Store Register central server',
          // The HTTP API's version, not the build's: it changes when a route's contract does.
          version: '1',
          description:
            'Authoritative books for a chain of stores. Errors are { "error": { "code", "message" } }.',
        },
        components: {
          securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
          schemas: { Error: errorSchema },
          responses: {
            Error: {
              description: 'A refusal with a stable code and a message a person can act on',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
            },
          },
        },
        paths,
      };
      return built;
    },
  };
}

const DOCS_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Store Register central server API</title>
<style>body{font:14px/1.5 system-ui,sans-serif;margin:2rem;max-width:60rem}
h2{font-size:1rem;margin:1.5rem 0 .25rem}code{background:#f3f3f3;padding:0 .25rem}
pre{background:#f7f7f7;padding:.5rem;overflow:auto;font-size:12px}.m{font-weight:bold}</style>
</head><body><h1>Store Register central server API</h1>
<p>The machine-readable description: <a href="/docs/openapi.json">/docs/openapi.json</a> (OpenAPI 3.1).</p>
<div id="routes">Loading…</div>
<script>
fetch('/docs/openapi.json').then(function (r) { return r.json(); }).then(function (doc) {
  var root = document.getElementById('routes');
  root.textContent = '';
  Object.keys(doc.paths).sort().forEach(function (path) {
    Object.keys(doc.paths[path]).forEach(function (method) {
      var op = doc.paths[path][method];
      var h = document.createElement('h2');
      var m = document.createElement('span');
      m.className = 'm';
      m.textContent = method.toUpperCase() + ' ';
      var c = document.createElement('code');
      c.textContent = path;
      h.append(m, c);
      var p = document.createElement('p');
      p.textContent = op.summary + (op.security ? ' — needs a bearer token.' : '') +
        (op.description ? ' ' + op.description : '');
      root.append(h, p);
      var body = op.requestBody && op.requestBody.content['application/json'].schema;
      if (body) {
        var pre = document.createElement('pre');
        pre.textContent = JSON.stringify(body, null, 2);
        root.append(pre);
      }
    });
  });
});
</script></body></html>
`;

/** GET /docs (the page) and GET /docs/openapi.json (the description). */
export function registerDocsRoutes(app: FastifyInstance, description: ApiDescription): void {
  app.get('/docs/openapi.json', () => description.document());
  app.get('/docs', (_request, reply) => reply.type('text/html; charset=utf-8').send(DOCS_PAGE));
}
