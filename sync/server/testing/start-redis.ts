// Starts Debian's redis-server on a free port for the tests, without persistence. In CI a Redis
// that cannot start fails the run; elsewhere the Redis tests are skipped with the reason.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort } from './free-port';

export interface TestRedis {
  readonly url: string;
  stop(): Promise<void>;
}

export type RedisAvailability =
  | { readonly available: true; readonly server: TestRedis }
  | { readonly available: false; readonly reason: string };

async function waitForPing(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    // Refused connections are expected until the server is up; the loop retries them.
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.ping();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      client.disconnect();
    }
  }
}

export async function startTestRedis(): Promise<RedisAvailability> {
  try {
    const port = await freePort();
    const child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    const spawned = new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    await spawned;
    const url = `redis://127.0.0.1:${port}`;
    await waitForPing(url, child);
    return {
      available: true,
      server: {
        url,
        stop: () =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      },
    };
  } catch (error) {
    const reason = `redis-server could not start: ${error instanceof Error ? error.message : String(error)}`;
    if (process.env['CI'] !== undefined && process.env['CI'] !== '') {
      throw new Error(`${reason}. CI needs it: run scripts/setup-system.`, { cause: error });
    }
    return { available: false, reason };
  }
}
