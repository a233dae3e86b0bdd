// The register core in Electron's utilityProcess: off the UI thread, talking to the main process
// with the same envelopes as the browser-mode host (requests in, answers and events out).
import path from 'node:path';
import type { HostMessage } from '../../app/commands/socket-envelope';
import { commandRequestSchema } from '../../app/commands/socket-envelope';
import { createRegisterCore } from '../core/create-register-core';
import { createCounterDevices } from '../devices/counter-devices';
import { systemClock } from '../core/ports';
import type { Logger } from '../core/ports';
import { createHttpLeaseTransport, createWalletClient } from '../../sync/client';
import { readServerLink } from '../sync/server-link';
import type { RegisterSync } from '../sync/start-register-sync';
import { startRegisterSync } from '../sync/start-register-sync';

interface ParentPort {
  on(event: 'message', listener: (message: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

// Electron gives a utilityProcess `process.parentPort`; plain Node has none.
const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (parentPort === undefined)
  throw new Error('core-process runs only as an Electron utilityProcess');
const port: ParentPort = parentPort;

const logger: Logger = {
  info: (message, fields) => console.log(message, fields ?? ''),
  warn: (message, fields) => console.warn(message, fields ?? ''),
  error: (message, fields) => console.error(message, fields ?? ''),
};

const dataDir = process.env['REGISTER_DATA_DIR'] ?? path.join(process.cwd(), '.data', 'register');
// A register enrolled with a central server pushes its outbox there and takes wallet payments
// through it; one that is not sells alone (wallet tenders refused: cash or card).
const link = readServerLink(dataDir);
/** The sync loop once started: a wallet payment is refused at once while it knows we are offline. */
const syncLoop: { current?: RegisterSync } = {};
// The counter's printer, terminal, scanner and sensor, each on the port a manager chose on the
// devices screen (kept in the register's file); none has a port until one is chosen.
const devices = createCounterDevices({ logger });
const core = createRegisterCore({
  dataDir,
  devices: devices.register,
  storeId: process.env['STORE_ID'] ?? 'store-1',
  registerId: process.env['REGISTER_ID'] ?? 'reg-1',
  clock: systemClock,
  logger,
  ...(link === undefined
    ? {}
    : {
        wallet: {
          client: createWalletClient({
            baseUrl: link.serverUrl,
            credentials: link.credentials,
            now: () => Date.now(),
          }),
          connection: () => syncLoop.current?.client.status().connection ?? 'unknown',
        },
        escrow: {
          transport: createHttpLeaseTransport({
            baseUrl: link.serverUrl,
            credentials: link.credentials,
            now: () => Date.now(),
          }),
          connection: () => syncLoop.current?.client.status().connection ?? 'unknown',
        },
      }),
});

const sync =
  link === undefined
    ? undefined
    : startRegisterSync({
        db: core.db,
        serverUrl: link.serverUrl,
        credentials: link.credentials,
        logger,
        onReconnected: () => void core.escrow?.reconnected(),
        // The screens learn of connection, pending sales, rejections and skew as core events.
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
if (link === undefined) logger.info('no server link: the register runs without a central server');

devices.inputsInto(core);
// After the core took in the saved ports, so no device opens on a port it has left.
void devices.start();

const post = (message: HostMessage): void => port.postMessage(message);
core.subscribe((event) => post({ event }));
port.on('message', ({ data }) => {
  const request = commandRequestSchema.safeParse(data);
  if (!request.success) {
    logger.warn('core-process: malformed request dropped');
    return;
  }
  const { id, name, args } = request.data;
  void core.sendUntyped(name, args).then((answer) => post({ id, answer }));
});
process.once('exit', () => {
  void sync?.stop();
  void devices.stop();
  void core.close();
});
