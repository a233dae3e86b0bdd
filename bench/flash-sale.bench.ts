// flash-sale: reservations per second over HTTP keep-alive, from autocannon on this machine against
// one server instance (in-process counter, PGlite behind it), with a bare Node `http` server
// answering a fixed JSON body as the baseline in the same run. Each server runs in its own child
// process so the load generator and the server each have a core. After the load, the server's
// books are checked: written reservations = 201 answers, and sold ≤ stock (zero oversell).
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { Benchmark, BenchContext, Measurement } from './harness';
import { startTestRedis } from '../sync/server/testing/start-redis';
import { median } from './stats';

const STOCK = 50_000_000;
const ROLE = process.env['FLASH_BENCH_ROLE'];
const HERE = fileURLToPath(import.meta.url);

interface Ready {
  readonly port: number;
  readonly token: string;
}
interface Books {
  readonly written: number;
  readonly unitsLeft: number;
}

async function serveOurs(workDir: string, redisUrl: string | undefined): Promise<void> {
  const { createServer } = await import('../sync/server/create-server');
  const { testConfig, T0 } = await import('../sync/server/testing/test-server');
  void T0;
  const server = await createServer(
    testConfig({
      dataDir: workDir,
      rateLimit: { perSecond: 10_000_000, burst: 10_000_000 },
      flashSale: { instanceRatePerSecond: 10_000_000, windowLimit: 100_000_000 },
      ...(redisUrl === undefined ? {} : { redisUrl }),
    }),
  );
  const address = await server.listen();
  const port = Number(new URL(address).port);
  const call = async (url: string, token: string | undefined, body: unknown) => {
    const answer = await server.app.inject({
      method: 'POST',
      url,
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      payload: JSON.stringify(body),
    });
    return answer.json<Record<string, string>>();
  };
  const admin =
    (
      await call('/admin/login', undefined, {
        staffId: 'admin',
        password: 'correct horse battery staple',
      })
    )['access_token'] ?? '';
  await call('/admin/stores', admin, { id: 's1', name: 'Bench' });
  const code = (
    await server.app.inject({
      method: 'POST',
      url: '/admin/stores/s1/enrolment-codes',
      headers: { authorization: `Bearer ${admin}` },
    })
  ).json<{ code: string }>().code;
  const creds = await call('/enrol', undefined, { code, name: 'Bench till' });
  const token =
    (
      await call('/oauth/token', undefined, {
        grant_type: 'client_credentials',
        client_id: creds['clientId'],
        client_secret: creds['clientSecret'],
      })
    )['access_token'] ?? '';
  const now = Date.now();
  await call('/admin/flash-sales', admin, {
    id: 'fs1',
    productId: 'p1',
    storeId: 's1',
    flashPrice: { amount: 990, currency: 'CNY' },
    totalStock: STOCK,
    perMemberLimit: 1,
    startsAt: now - 1000,
    endsAt: now + 3_600_000,
  });
  answerCpuTime();
  process.on('message', (message: unknown) => {
    if (message !== 'books') return;
    void (async () => {
      await server.flash.writer.flush();
      const { rows } = await server.context.db.query<{ n: number }>(
        'SELECT coalesce(sum(quantity), 0)::int8 AS n FROM flash_reservation',
      );
      const books: Books = {
        written: rows[0]?.n ?? 0,
        unitsLeft: (await server.flash.stock.unitsLeft('fs1')) ?? -1,
      };
      process.send?.(books);
    })();
  });
  process.send?.({ port, token } satisfies Ready);
}

/** A child answers 'cpu' with the CPU time its whole process (every thread) has used, in µs. */
function answerCpuTime(): void {
  process.on('message', (message: unknown) => {
    if (message !== 'cpu') return;
    const used = process.cpuUsage();
    process.send?.({ cpuMicros: used.user + used.system });
  });
}

function serveBare(): void {
  answerCpuTime();
  const body = JSON.stringify({
    reservationId: 'fr_00000000-0000-0000-0000-000000000000',
    expiresAt: 0,
  });
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(201, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      });
      response.end(body);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.send?.({
      port: typeof address === 'object' && address !== null ? address.port : 0,
      token: '',
    } satisfies Ready);
  });
}

if (ROLE === 'ours')
  void serveOurs(
    process.env['FLASH_BENCH_DIR'] ?? '',
    process.env['FLASH_BENCH_REDIS'] || undefined,
  );
if (ROLE === 'bare') serveBare();

function startChild(
  role: 'ours' | 'bare',
  workDir: string,
  redisUrl?: string,
): Promise<{ child: ChildProcess; ready: Ready }> {
  const child = fork(HERE, [], {
    env: {
      ...process.env,
      FLASH_BENCH_ROLE: role,
      FLASH_BENCH_DIR: path.join(workDir, redisUrl === undefined ? role : `${role}-redis`),
      FLASH_BENCH_REDIS: redisUrl ?? '',
    },
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (ready) => resolve({ child, ready: ready as Ready }));
    child.once('exit', (code) => reject(new Error(`${role} server exited with ${code}`)));
  });
}

interface Round {
  readonly rate: number;
  readonly p99: number;
  readonly ok: number;
  /** The server's CPU time (all its threads) per answered request, µs. */
  readonly cpuPerRequest: number;
}

function cpuTimeOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const answer = (message: unknown) => {
      if (typeof message !== 'object' || message === null || !('cpuMicros' in message)) return;
      child.off('message', answer);
      resolve(Number(message.cpuMicros));
    };
    child.on('message', answer);
    child.send('cpu');
  });
}

let member = 0;
async function load(
  server: { child: ChildProcess; ready: Ready },
  seconds: number,
): Promise<Round> {
  const { ready } = server;
  const cpuBefore = await cpuTimeOf(server.child);
  const result = await autocannon({
    url: `http://127.0.0.1:${ready.port}`,
    connections: 64,
    pipelining: 1,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/flash-sales/fs1/reservations',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ready.token}` },
        // A new member each time: the per-member limit and the 5-tries rule never refuse the load.
        setupRequest: (request) => ({ ...request, body: `{"memberId":"m${(member += 1)}"}` }),
      },
    ],
  });
  const cpu = (await cpuTimeOf(server.child)) - cpuBefore;
  return {
    rate: result['2xx'] / (result.duration || seconds),
    p99: result.latency.p99,
    ok: result['2xx'],
    cpuPerRequest: cpu / Math.max(1, result['2xx']),
  };
}

/** One server against the bare baseline, interleaved round by round. */
async function measure(
  context: BenchContext,
  counter: 'in-process' | 'redis',
  redisUrl: string | undefined,
): Promise<Measurement[]> {
  const rounds = context.quick ? 2 : 3;
  const seconds = context.quick ? 5 : 10;
  const ours = await startChild('ours', context.workDir, redisUrl);
  const bare = await startChild('bare', context.workDir);
  try {
    const oursRounds: Round[] = [];
    const bareRounds: Round[] = [];
    // Warm-up: JIT and connection set-up are not what is measured.
    await load(ours, 1);
    await load(bare, 1);
    for (let i = 0; i < rounds; i += 1) {
      context.log(`flash-sale (${counter}): round ${i + 1}/${rounds}, ${seconds}s each`);
      oursRounds.push(await load(ours, seconds));
      bareRounds.push(await load(bare, seconds));
    }
    ours.child.send('books');
    const books = await new Promise<Books>((resolve) =>
      ours.child.once('message', (m) => resolve(m as Books)),
    );
    const accepted = STOCK - books.unitsLeft;
    const sold = books.written;
    const params = {
      connections: 64,
      rounds,
      secondsPerRound: seconds,
      counter,
      database: 'pglite',
      stock: STOCK,
      soldUnits: sold,
      decrementedUnits: accepted,
      oversold: sold > STOCK || sold !== accepted,
      statistic: 'median of rounds',
    };
    const suffix = counter === 'redis' ? '.redis' : '';
    return [
      {
        metric: `reservations_per_second${suffix}`,
        value: median(oursRounds.map((r) => r.rate)),
        unit: 'reservations/s',
        baseline: 'bare Node http server, fixed JSON body (requests/s)',
        baselineValue: median(bareRounds.map((r) => r.rate)),
        params,
      },
      {
        // Steadier than the rate on a shared machine: the load generator needs a core of its
        // own, and what the server leaves it moves the rate of both sides.
        metric: `server_cpu_per_request${suffix}`,
        value: median(oursRounds.map((r) => r.cpuPerRequest)),
        unit: 'µs',
        baseline: 'bare Node http server CPU time per request (µs)',
        baselineValue: median(bareRounds.map((r) => r.cpuPerRequest)),
        params,
      },
      {
        metric: `p99_latency${suffix}`,
        value: median(oursRounds.map((r) => r.p99)),
        unit: 'ms',
        baseline: 'bare Node http server p99 (ms)',
        baselineValue: median(bareRounds.map((r) => r.p99)),
        params,
      },
    ];
  } finally {
    ours.child.kill('SIGTERM');
    bare.child.kill('SIGTERM');
  }
}

export const flashSale: Benchmark = {
  name: 'flash-sale',
  description:
    'Flash-sale reservations/s over HTTP keep-alive vs a bare Node http server (autocannon), in-process counter and Redis',
  async run(context) {
    const lines = await measure(context, 'in-process', undefined);
    const redis = await startTestRedis();
    if (!redis.available) {
      context.log(`flash-sale: no Redis round (${redis.reason})`);
      return lines;
    }
    try {
      return [...lines, ...(await measure(context, 'redis', redis.server.url))];
    } finally {
      await redis.server.stop();
    }
  },
};
