// The server's settings, read from the environment once at start and checked, so a typo in a
// deployment fails loudly at boot instead of at the first request.
import { z } from 'zod';

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v));
const int = (fallback: number, min = 0) =>
  z.coerce.number().int().min(min).optional().default(fallback);

const envSchema = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: int(8787),
  DATA_DIR: z.string().default('.data/server'),
  DATABASE_URL: optionalText,
  REDIS_URL: optionalText,
  TLS_CERT: optionalText,
  TLS_KEY: optionalText,
  TOKEN_SECRET: optionalText,
  ADMIN_PASSWORD: optionalText,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT_BYTES: int(64 * 1024, 1024),
  REGISTER_TOKEN_TTL_SECONDS: int(300, 10),
  ADMIN_TOKEN_TTL_SECONDS: int(900, 10),
  RATE_LIMIT_PER_SECOND: int(50, 1),
  RATE_LIMIT_BURST: int(100, 1),
  FLASH_INSTANCE_RATE_PER_SECOND: int(100_000, 1),
  FLASH_SALE_WINDOW_LIMIT: int(100_000, 1),
  JOBS: z.enum(['on', 'off']).default('on'),
  PROCESS_METRICS: z.enum(['on', 'off']).default('off'),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(5_000),
});

export interface ServerConfig {
  readonly host: string;
  readonly port: number;
  /** Where the embedded database lives; `:memory:` keeps nothing (tests). */
  readonly dataDir: string;
  readonly databaseUrl?: string;
  readonly redisUrl?: string;
  readonly tls?: { readonly certPath: string; readonly keyPath: string };
  /** HS256 key of every token; at least 32 characters. */
  readonly tokenSecret: string;
  /** Creates the first admin (`admin`) with this password when there is no staff yet. */
  readonly adminPassword?: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly bodyLimitBytes: number;
  readonly registerTokenTtlSeconds: number;
  readonly adminTokenTtlSeconds: number;
  /** Token bucket per client (register or staff): refill per second and capacity. */
  readonly rateLimit: { readonly perSecond: number; readonly burst: number };
  readonly flashSale: {
    /** Layer 2: this instance's token bucket for reservation attempts. */
    readonly instanceRatePerSecond: number;
    /** Layer 2: attempts per activity per one-second window, across instances. */
    readonly windowLimit: number;
  };
  /** Background jobs (expiry, auto-cancel, outbox dispatch); off in most tests. */
  readonly jobs: boolean;
  /**
   * Node's own metrics on /metrics too (heap, GC, event-loop lag). Off unless asked: watching
   * every GC cost about a fifth of the flash-sale rate in the benchmark.
   */
  readonly processMetrics?: boolean;
  /**
   * On close, how long requests and connections in flight get to finish before the connections
   * are cut (a client that never lets go must not keep a stopping server up). 5 s by default.
   */
  readonly shutdownGraceMs?: number;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads the configuration from `env`; throws a ConfigError naming every bad variable. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): ServerConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid server configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  if ((e.TLS_CERT === undefined) !== (e.TLS_KEY === undefined)) {
    throw new ConfigError(
      'Invalid server configuration: set both TLS_CERT and TLS_KEY, or neither',
    );
  }
  if (e.TOKEN_SECRET === undefined || e.TOKEN_SECRET.length < 32) {
    throw new ConfigError(
      'Invalid server configuration: TOKEN_SECRET must be set to at least 32 characters',
    );
  }
  return {
    host: e.HOST,
    port: e.PORT,
    dataDir: e.DATA_DIR,
    ...(e.DATABASE_URL === undefined ? {} : { databaseUrl: e.DATABASE_URL }),
    ...(e.REDIS_URL === undefined ? {} : { redisUrl: e.REDIS_URL }),
    ...(e.TLS_CERT === undefined || e.TLS_KEY === undefined
      ? {}
      : { tls: { certPath: e.TLS_CERT, keyPath: e.TLS_KEY } }),
    tokenSecret: e.TOKEN_SECRET,
    ...(e.ADMIN_PASSWORD === undefined ? {} : { adminPassword: e.ADMIN_PASSWORD }),
    logLevel: e.LOG_LEVEL,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    registerTokenTtlSeconds: e.REGISTER_TOKEN_TTL_SECONDS,
    adminTokenTtlSeconds: e.ADMIN_TOKEN_TTL_SECONDS,
    rateLimit: { perSecond: e.RATE_LIMIT_PER_SECOND, burst: e.RATE_LIMIT_BURST },
    flashSale: {
      instanceRatePerSecond: e.FLASH_INSTANCE_RATE_PER_SECOND,
      windowLimit: e.FLASH_SALE_WINDOW_LIMIT,
    },
    jobs: e.JOBS === 'on',
    processMetrics: e.PROCESS_METRICS === 'on',
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
  };
}
