// Starts Debian's PostgreSQL in a temporary folder on a free port for the tests, or uses
// DATABASE_URL when it is set. Postgres refuses to run as root, so as root the cluster belongs to
// the `postgres` user. In CI a PostgreSQL that cannot start fails the run; elsewhere it is skipped.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, chownSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './free-port';

const PG_BIN = process.env['PG_BIN'] ?? '/usr/lib/postgresql/15/bin';

export interface TestPostgres {
  /** A URL to a fresh, empty database on the server. */
  createDatabase(): Promise<string>;
  stop(): void;
}

export type PostgresAvailability =
  | { readonly available: true; readonly server: TestPostgres }
  | { readonly available: false; readonly reason: string };

function asPostgres(args: readonly string[]): string[] {
  const root = process.getuid?.() === 0;
  return root ? ['runuser', '-u', 'postgres', '--', ...args] : [...args];
}

function run(args: readonly string[]): void {
  const [command, ...rest] = asPostgres(args);
  execFileSync(command ?? '', rest, { stdio: 'pipe' });
}

let counter = 0;

function serverAt(adminUrl: string, stop: () => void): TestPostgres {
  return {
    async createDatabase() {
      counter += 1;
      const name = `books_${process.pid}_${Date.now()}_${counter}`;
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    stop,
  };
}

/** The PostgreSQL for this test file: DATABASE_URL's server, or a throwaway cluster. */
export async function startTestPostgres(): Promise<PostgresAvailability> {
  const given = process.env['DATABASE_URL'];
  if (given !== undefined && given !== '') {
    return { available: true, server: serverAt(given, () => undefined) };
  }
  try {
    if (!existsSync(path.join(PG_BIN, 'initdb'))) {
      throw new Error(`${PG_BIN}/initdb not found (apt-get install postgresql)`);
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'pos-pg-'));
    if (process.getuid?.() === 0) {
      const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
      chownSync(dir, uid, gid);
    }
    const data = path.join(dir, 'data');
    run([path.join(PG_BIN, 'initdb'), '-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
    const port = await freePort();
    run([
      path.join(PG_BIN, 'pg_ctl'),
      '-D',
      data,
      '-l',
      path.join(dir, 'log'),
      '-w',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`,
      'start',
    ]);
    const stop = () => {
      try {
        run([path.join(PG_BIN, 'pg_ctl'), '-D', data, '-m', 'immediate', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };
    return {
      available: true,
      server: serverAt(`postgres://postgres@127.0.0.1:${port}/postgres`, stop),
    };
  } catch (error) {
    const reason = `PostgreSQL could not start: ${error instanceof Error ? error.message : String(error)}`;
    if (process.env['CI'] !== undefined && process.env['CI'] !== '') {
      throw new Error(`${reason}. CI needs it: run scripts/setup-system.`, { cause: error });
    }
    return { available: false, reason };
  }
}
