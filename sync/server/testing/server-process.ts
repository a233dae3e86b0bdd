// Runs `npm run server` (sync/server/main.ts) as a child process on a free port, as a deployment
// would: configured by environment only. For tests and benchmarks that need whole instances —
// two of them on one PostgreSQL and Redis, or a server with the load generator off its core.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port';

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));
const ROOT = path.resolve(path.dirname(MAIN), '../..');

export interface ServerProcess {
  /** http://127.0.0.1:port */
  readonly url: string;
  /** SIGTERM, then waits for the exit (the server closes its jobs and pools first). */
  stop(): Promise<void>;
}

export async function startServerProcess(
  env: Readonly<Record<string, string>>,
  options: Readonly<{ startTimeoutMs?: number }> = {},
): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} at start`);
    try {
      const ready = await fetch(`${url}/readyz`);
      if (ready.ok) return { url, stop };
    } catch {
      // Not listening yet: the loop tries again until the deadline.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`server did not answer /readyz on ${url} in time`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
