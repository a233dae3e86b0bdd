// npm start: brings up the demo — the central server (embedded PGlite), a register core on
// simulated devices with the real catalog, and its UI. In Electron once its entry is built and
// its binary is installed; otherwise in the browser-mode host at a printed 127.0.0.1 URL.
// Environment: PORT (the UI's port; a free one by default), SERVER_PORT (8787), DATA_DIR (.data).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { CatalogImportOutcome, CatalogImportProgress } from '../main/catalog';
import { systemClock } from '../main/core/ports';
import type { Logger } from '../main/core/ports';
import { startBrowserHost } from '../main/host/browser-host';
import { startDemoDevices } from '../main/host/demo-devices';
import {
  DEMO_MEMBERS,
  DEMO_PAYMENT_CODES,
  DEMO_STAFF,
  openDemoRegister,
} from '../main/host/demo-register';
import { ensureRendererBuilt, PROJECT_ROOT, RENDERER_OUT } from '../main/host/renderer-build';
import { loadConfig } from '../sync/server/config';
import { createServer } from '../sync/server/create-server';
import { buildElectron, electronBuildIsStale } from './build-electron';
import { demoRegisterCredentials } from './demo-enrolment';
import type { RegisterSync } from '../main/sync/start-register-sync';
import { startRegisterSync } from '../main/sync/start-register-sync';
import { createHttpLeaseTransport, createWalletClient } from '../sync/client';
import { spawn } from 'node:child_process';

const CATALOG = path.resolve(PROJECT_ROOT, '..', 'shared', 'datasets', 'off-products.csv.gz');
const DEMO_STORE_ID = 'store-1';
const dataRoot = path.resolve(process.env['DATA_DIR'] ?? path.join(PROJECT_ROOT, '.data'));
const say = (line: string): void => console.log(`start: ${line}`);

/**
 * The Electron binary, if installed. Read from the package's path.txt rather than by requiring
 * the package, which tries to download a missing binary (and fails on machines without internet).
 */
function electronBinary(): string | undefined {
  try {
    const packageDir = path.dirname(
      createRequire(import.meta.url).resolve('electron/package.json'),
    );
    const pathFile = path.join(packageDir, 'path.txt');
    if (!existsSync(pathFile)) return undefined;
    const binary = path.join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

/** A secret of the demo's central server (its signing key, its admin password), made once. */
function keptSecret(dir: string, name: string): string {
  const file = path.join(dir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/** Warnings and errors only: the start-up lines below are what a person needs to read. */
const logger: Logger = {
  info: () => undefined,
  warn: (message, fields) => console.warn(`register: ${message}`, fields ?? ''),
  error: (message, fields) => console.error(`register: ${message}`, fields ?? ''),
};

const binary = electronBinary();
if (binary === undefined) {
  say('no Electron binary is installed, so the demo uses the browser-mode host.');
} else if (electronBuildIsStale()) {
  const electronBuilt = await buildElectron();
  say(`Electron found at ${binary}; built its entry in ${Math.round(electronBuilt.ms)} ms.`);
}

const built = await ensureRendererBuilt();
say(
  built === 'current'
    ? `UI build in ${path.relative(PROJECT_ROOT, RENDERER_OUT)} is current.`
    : `built the UI (${built.built}) in ${(built.ms / 1000).toFixed(1)} s.`,
);

// The central server, embedded: the register enrols with it and pushes its sales there.
const serverDir = path.join(dataRoot, 'server');
const serverEnv = {
  ...process.env,
  HOST: '127.0.0.1',
  PORT: process.env['SERVER_PORT'] ?? '8787',
  DATA_DIR: serverDir,
  LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'warn',
  TOKEN_SECRET: process.env['TOKEN_SECRET'] ?? keptSecret(serverDir, 'token-secret'),
  ADMIN_PASSWORD: process.env['ADMIN_PASSWORD'] ?? keptSecret(serverDir, 'admin-password'),
};
let server = await createServer(loadConfig(serverEnv));
let serverAddress: string;
try {
  serverAddress = await server.listen();
} catch (error) {
  if ((error as { code?: unknown }).code !== 'EADDRINUSE') throw error;
  await server.close();
  say(`port ${serverEnv.PORT} is taken; the central server takes a free one.`);
  server = await createServer(loadConfig({ ...serverEnv, PORT: '0' }));
  serverAddress = await server.listen();
}
say(`central server (${server.context.db.engine}) at ${serverAddress}, data in ${serverDir}`);

const registerDir = path.join(dataRoot, 'register');
if (!existsSync(CATALOG)) {
  say(`the catalog ${CATALOG} is missing (see ../shared/datasets/README.md)`);
}
const live = process.stdout.isTTY;
let lastShown = 0;
const progress = (p: CatalogImportProgress): void => {
  const percent =
    p.rowsTotalEstimate > 0 ? Math.floor((100 * p.rowsDone) / p.rowsTotalEstimate) : 0;
  const line = `start: catalog ${p.phase} ${p.rowsDone.toLocaleString('en')} / ~${p.rowsTotalEstimate.toLocaleString('en')} products (${percent}%)`;
  if (live) process.stdout.write(`\r${line}\u001b[K`);
  else if (p.rowsDone - lastShown >= 100_000) {
    lastShown = p.rowsDone;
    console.log(line);
  }
};
// Enrolled first: the register's wallet payments go through the central server (whose wallets are
// simulators unless WECHAT_PAY_* / ALIPAY_* are set) with the same credentials as sync.
mkdirSync(registerDir, { recursive: true });
const credentials = await demoRegisterCredentials({
  serverUrl: serverAddress,
  adminPassword: serverEnv.ADMIN_PASSWORD,
  storeId: DEMO_STORE_ID,
  storeName: '演示门店 Demo Store',
  registerDir,
});
say(`register enrolled with the central server as ${credentials.clientId}.`);
/** The sync loop once started: a wallet payment is refused at once while it knows we are offline. */
const syncLoop: { current?: RegisterSync } = {};
say(`opening the register in ${registerDir}`);
// The simulated counter first: its terminal and printer are the register core's devices.
const devices = await startDemoDevices(logger);
const register = await openDemoRegister({
  dataDir: registerDir,
  storeId: DEMO_STORE_ID,
  catalog: { kind: 'file', file: CATALOG },
  clock: systemClock,
  logger,
  onCatalogProgress: progress,
  // In the browser-mode host the register opens at once and loads the catalog while it sells (the
  // screens show the progress); Electron's process takes the data over, so it is loaded first.
  catalogInBackground: binary === undefined,
  devices: devices.register,
  wallet: {
    client: createWalletClient({ baseUrl: serverAddress, credentials, now: () => Date.now() }),
    connection: () => syncLoop.current?.client.status().connection ?? 'unknown',
  },
  escrow: {
    transport: createHttpLeaseTransport({
      baseUrl: serverAddress,
      credentials,
      now: () => Date.now(),
    }),
    connection: () => syncLoop.current?.client.status().connection ?? 'unknown',
  },
});
const imported = (c: CatalogImportOutcome): void => {
  if (live) process.stdout.write('\n');
  say(
    `imported ${c.productsAdded.toLocaleString('en')} products in ${c.seconds.toFixed(1)} s ` +
      '(© Open Food Facts contributors, ODbL 1.0; prices and stock are invented).',
  );
};
if (register.seeded) imported(register.seeded.catalog);
register.catalogLoad?.then(imported, (error: unknown) => {
  say(`the catalog load stopped: ${String(error)}; the next start resumes it.`);
});
const { core } = register;

if (binary !== undefined) {
  // Electron's utilityProcess owns the register's database from here: this process keeps only
  // the central server.
  await core.close();
  say(`launching Electron (${binary}); the register's data is in ${registerDir}.`);
  const electron = spawn(binary, [PROJECT_ROOT], {
    stdio: 'inherit',
    env: { ...process.env, REGISTER_DATA_DIR: registerDir },
  });
  electron.once('exit', (code) => {
    say(`Electron exited (${code ?? 'signal'}); stopping the central server.`);
    void server.close().then(() => process.exit(code ?? 0));
  });
  await new Promise<never>(() => undefined);
}
const sync = startRegisterSync({
  db: core.db,
  serverUrl: serverAddress,
  credentials,
  logger,
  onReconnected: () => void core.escrow?.reconnected(),
  onStatus: (status) => core.reportSyncStatus(status),
  // A first sync from head office shows its progress on the screens.
  onPullProgress: (p) =>
    core.reportWork({
      work: p.phase === 'snapshot' ? 'firstSync' : 'searchIndex',
      done: p.done,
      total: p.total,
      finished: p.phase === 'indexing' && p.done >= p.total,
    }),
});
syncLoop.current = sync;
await devices.connect(core);
say(
  'simulated scanner, printer, payment terminal, card reader, display, scale and sensor running.',
);

const host = await startBrowserHost({
  core,
  staticDir: RENDERER_OUT,
  port: Number(process.env['PORT'] ?? 0),
  logger,
});

console.log(`
  Register open at:  ${host.url}

  Staff (number / PIN):
${DEMO_STAFF.map((s) => `    ${s.role.padEnd(10)} ${s.id} / ${s.pin}   ${s.name}`).join('\n')}
  Members (code / phone):
${DEMO_MEMBERS.map((m) => `    ${m.code} / ${m.phone ?? '-'}   ${m.name}`).join('\n')}
  Wallet payment codes (scan or type one after the goods; the simulators approve them):
    WeChat Pay 微信支付  ${DEMO_PAYMENT_CODES.wechatPay}
    Alipay 支付宝        ${DEMO_PAYMENT_CODES.alipay}

  The link carries this launch's token: other pages cannot drive the register.
  Ctrl-C stops everything.
`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  say(`${signal}: stopping`);
  await host.close();
  await devices.stop();
  await sync.stop();
  await core.close();
  await server.close();
  say('stopped.');
  process.exit(0);
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    stop(signal).catch((error: unknown) => {
      console.error('start: shutdown failed', error);
      process.exit(1);
    });
  });
}
