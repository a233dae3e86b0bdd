// `npm run server`: the central server on its own, configured from the environment. Without
// TOKEN_SECRET a secret is made once and kept in the data folder, so tokens survive a restart.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadConfig } from './config';
import { createServer } from './create-server';

function tokenSecretFromDataDir(dataDir: string): string {
  const file = path.join(dataDir, 'token-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

const env = { ...process.env };
if (env['TOKEN_SECRET'] === undefined || env['TOKEN_SECRET'] === '') {
  env['TOKEN_SECRET'] = tokenSecretFromDataDir(env['DATA_DIR'] ?? '.data/server');
}
const server = await createServer(loadConfig(env));
const address = await server.listen();
server.app.log.info({ address, database: server.context.db.engine }, 'central server listening');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.app.log.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
