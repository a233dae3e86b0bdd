// Bad input at the core's edge: fast-check throws thousands of random arguments — wrong types,
// missing fields, huge and negative numbers, NaN-like strings, unicode, nested objects, unknown and
// prototype command names — at every command of the map, in random sequences mixed with valid
// operations, on a real SQLite file. Every answer must be a well-formed Answer, no command may
// crash (`internal`), and a refused command must leave the database as it found it.
// Replay a failure with COMMAND_FUZZ_SEED=<seed> (fast-check prints the seed and path).
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Answer } from '../../app/commands';
import { REGISTER_COMMANDS } from '../../app/commands';
import { startRegisterFixture } from '../../test-support/register-fixture';
import { seedMembers } from '../members/member-store';
import { REGISTER_DB_FILE } from '../store';
import type { RegisterDb } from '../store';
import type { RegisterCore } from './create-register-core';
import { createRegisterCore } from './create-register-core';
import type { Logger } from './ports';

const SEED = Number(process.env['COMMAND_FUZZ_SEED'] ?? 4_242_026);
const RUNS = Number(process.env['COMMAND_FUZZ_RUNS'] ?? 80);
const START = Date.UTC(2026, 10, 24, 2, 0, 0);
const NAMES = Object.keys(REGISTER_COMMANDS);
const STAFF = [
  { staffId: 'c1', pin: '1111' },
  { staffId: 's1', pin: '2222' },
  { staffId: 'm1', pin: '3333' },
] as const;
/** Refusals of these commands are audited (a wrong PIN is a security event) and may count a failure. */
const AUDITED_REFUSALS = new Set(['auth.login', 'auth.approve']);

// ——— what a step is: chosen by fast-check, resolved against the store when it runs ———

/** A field's value: drawn from what the store holds now, something nasty, or left out. */
type FieldChoice =
  | { readonly t: 'pool'; readonly pick: number }
  | { readonly t: 'nasty'; readonly value: unknown }
  | { readonly t: 'missing' };

type ArgsChoice =
  | {
      readonly mode: 'fields';
      readonly fields: Readonly<Record<string, FieldChoice>>;
      readonly extra: readonly (readonly [string, unknown])[];
    }
  | { readonly mode: 'raw'; readonly value: unknown };

type Step =
  | { readonly kind: 'login'; readonly who: number }
  | { readonly kind: 'scan'; readonly pick: number }
  | { readonly kind: 'pay'; readonly more: number }
  | { readonly kind: 'approve'; readonly who: number; readonly permission: number }
  | { readonly kind: 'openShift' }
  | { readonly kind: 'call'; readonly name: string; readonly args: ArgsChoice }
  | { readonly kind: 'wait'; readonly ms: number };

const PROTOTYPE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
  'isPrototypeOf',
];

const nastyString = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\t\n',
    'NaN',
    'Infinity',
    '-Infinity',
    '1e309',
    '-1',
    '0x1F',
    '１２３４５',
    '٣',
    '\u0000',
    '\uD800',
    '\u202E6901234567892',
    '🧾💴'.repeat(40),
    'a'.repeat(300),
    '6901234567892'.repeat(30),
    ']E06901234567892',
    '(01)06901234567892(17)250230',
    "'; DROP TABLE sale; --",
    '%s%n',
    '{"__proto__":{"polluted":1}}',
    ...PROTOTYPE_KEYS,
  ),
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.stringMatching(/^[0-9]{1,30}$/),
);

const nastyNumber = fc.oneof(
  fc.constantFrom(
    0,
    -0,
    -1,
    1.5,
    0.1,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    Number.MAX_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER + 2,
    -Number.MAX_SAFE_INTEGER,
    Number.MAX_VALUE,
    Number.MIN_VALUE,
    1e21,
    2 ** 31,
    2 ** 32,
    1_000_000_001,
    9_999,
    10_000,
    100_000,
    100_001,
  ),
  fc.integer(),
  fc.double(),
);

/** An own "__proto__" key, as JSON.parse makes it (assignment would change the prototype). */
function withOwnProto(value: unknown): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  Object.defineProperty(o, '__proto__', { value, enumerable: true, writable: true });
  return o;
}

const anything = fc.anything({
  maxDepth: 3,
  key: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom(...PROTOTYPE_KEYS)),
  withBigInt: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withTypedArray: true,
  withNullPrototype: true,
  withBoxedValues: true,
  withSparseArray: true,
});

const nasty: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: nastyString },
  { weight: 3, arbitrary: nastyNumber },
  {
    weight: 2,
    arbitrary: fc.constantFrom<unknown>(
      undefined,
      null,
      true,
      false,
      [],
      {},
      [[[]]],
      { lineNo: 1, quantity: 1 },
      [{ lineNo: 1, quantity: 1 }],
      [{ lineNo: -1, quantity: 1e21 }],
      new Date(Number.NaN),
      10n,
      withOwnProto({ polluted: true }),
    ),
  },
  { weight: 2, arbitrary: anything },
);

const fieldChoice: fc.Arbitrary<FieldChoice> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ t: fc.constant('pool' as const), pick: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('nasty' as const), value: nasty }) },
  { weight: 1, arbitrary: fc.constant({ t: 'missing' as const }) },
);

/** The argument fields a command's schema declares (every command takes an object). */
function argShape(name: string): Readonly<Record<string, unknown>> {
  const spec = (REGISTER_COMMANDS as Readonly<Record<string, { args: z.ZodType }>>)[name];
  return spec?.args instanceof z.ZodObject ? spec.args.shape : {};
}

function argKeys(name: string): readonly string[] {
  return Object.keys(argShape(name));
}

function argsFor(name: string): fc.Arbitrary<ArgsChoice> {
  const keys = argKeys(name);
  const fields = fc.record(Object.fromEntries(keys.map((k) => [k, fieldChoice])));
  return fc.oneof(
    {
      weight: 8,
      arbitrary: fc.record({
        mode: fc.constant('fields' as const),
        fields,
        extra: fc.array(
          fc.tuple(
            fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), fc.string({ maxLength: 6 })),
            nasty,
          ),
          { maxLength: 2 },
        ),
      }),
    },
    { weight: 1, arbitrary: fc.record({ mode: fc.constant('raw' as const), value: anything }) },
  );
}

/** Names that are not commands: prototype keys, near misses, noise. */
const oddName = fc.oneof(
  fc.constantFrom(
    ...PROTOTYPE_KEYS,
    'checkout.scan ',
    'CHECKOUT.SCAN',
    'checkout',
    '',
    'ｃheckout.scan',
  ),
  fc.constantFrom(...NAMES).map((n) => `${n}\u200b`),
  fc.string({ maxLength: 30 }),
);

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('login' as const), who: fc.nat(2) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('scan' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('pay' as const), more: fc.nat(5_000) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('approve' as const),
      who: fc.nat(1),
      permission: fc.nat(),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'openShift' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('wait' as const),
      ms: fc.oneof(fc.nat(5_000), fc.constantFrom(3 * 60_000, 16 * 60_000, 400 * 86_400_000)),
    }),
  },
  {
    weight: 16,
    arbitrary: fc
      .constantFrom(...NAMES)
      .chain((name) => argsFor(name).map((args) => ({ kind: 'call' as const, name, args }))),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('call' as const),
      name: oddName,
      args: fc.record({ mode: fc.constant('raw' as const), value: anything }),
    }),
  },
);

// ——— the store the steps run on ———

let template = '';
let templateDir = '';

beforeAll(async () => {
  const fixture = await startRegisterFixture();
  seedMembers(
    fixture.core.db,
    [
      {
        id: 'mem-1',
        code: 'M0001',
        phone: '13812345678',
        cardNumber: '88880001',
        name: 'Chen Jing',
        points: 5000,
        offlineAllowance: 3000,
      },
      {
        id: 'mem-2',
        code: 'M0002',
        phone: '13900000000',
        name: 'Sun Li',
        points: 800,
        status: 'suspended',
        offlineAllowance: 500,
      },
    ],
    fixture.now,
  );
  // One product nearly sold out, so holds run short.
  fixture.core.db.prepare('UPDATE stock SET available = 1 WHERE product_id = 1').run();
  // Closing checkpoints the WAL, so the file alone is the whole store.
  await fixture.core.close();
  templateDir = mkdtempSync(path.join(os.tmpdir(), 'command-fuzz-template-'));
  template = path.join(templateDir, REGISTER_DB_FILE);
  copyFileSync(path.join(fixture.dir, REGISTER_DB_FILE), template);
  rmSync(fixture.dir, { recursive: true, force: true });
});

afterAll(() => {
  if (templateDir !== '') rmSync(templateDir, { recursive: true, force: true });
});

function column<T>(db: RegisterDb, sql: string): T[] {
  return db.prepare(sql).pluck().all() as T[];
}

/**
 * Candidate values for an argument, by its name, from what the store holds right now (and the
 * arguments chosen so far).
 */
function poolFor(
  db: RegisterDb,
  key: string,
  schema: z.ZodType | undefined,
  chosen: Readonly<Record<string, unknown>>,
): readonly unknown[] {
  const lineIds = () => column<string>(db, "SELECT DISTINCT state ->> 'lineId' FROM cart_line");
  const gtins = () => column<string>(db, 'SELECT gtin14 FROM product');
  switch (key) {
    case 'staffId':
    case 'approverId':
      return ['c1', 's1', 'm1', 'nobody'];
    case 'pin':
      return ['1111', '2222', '3333', '0000'];
    case 'lineId':
      return [...lineIds(), 'no-such-line'];
    case 'cartId':
      return [...column<string>(db, 'SELECT cart_id FROM cart'), 'no-such-cart'];
    case 'saleId':
      return [...column<string>(db, 'SELECT id FROM sale'), 'no-such-sale'];
    case 'approvalId':
    case 'cashOverrideApprovalId': {
      // Unused ones twice: a refused command must not use up a supervisor's approval.
      const unused = column<string>(db, 'SELECT id FROM approval WHERE used_at IS NULL');
      return [...unused, ...unused, ...column<string>(db, 'SELECT id FROM approval'), 'no-such'];
    }
    case 'memberId':
      return ['mem-1', 'mem-2', 'mem-x'];
    case 'productId':
      return [...column<number>(db, 'SELECT id FROM product'), 999_999];
    case 'receiptNo':
      return [
        ...column<number>(db, 'SELECT receipt_no FROM sale'),
        ...column<number>(db, 'SELECT receipt_no FROM refund'),
        424_242,
      ];
    case 'code':
      return [
        ...gtins(),
        ...gtins().map((g) => g.replace(/^0+/, '')),
        'M0001',
        '88880001',
        '6920000000012',
        '2000001012345',
        // Wallet payment codes (WeChat Pay, Alipay): never products; no server link here, so
        // during tender they are refused as offline without a write.
        '134567890123456789',
        '28456789012345678901',
      ];
    case 'query':
      return ['Yili', 'milk', 'M0001', '13812345678', '88880001', '13900000000', 'Rice', '巧克力'];
    case 'lines':
      // Lines of the sale already chosen as saleId, when there is one, so refunds go through.
      return db
        .prepare<[{ sale: string }], { line_no: number; quantity: number }>(
          `SELECT line_no, quantity FROM sale_line WHERE sale_id = @sale
           OR NOT EXISTS (SELECT 1 FROM sale_line WHERE sale_id = @sale)`,
        )
        .all({ sale: typeof chosen['saleId'] === 'string' ? chosen['saleId'] : '' })
        .map((l) => [{ lineNo: l.line_no, quantity: Math.max(1, Math.min(l.quantity, 2)) }]);
    case 'tendered': {
      const open = db
        .prepare<[], string>("SELECT state FROM cart WHERE status = 'open'")
        .pluck()
        .get();
      return open === undefined ? [100, 1_000_000] : [10, 100, 5_000, 1_000_000, 1_000_000_000];
    }
    case 'reason':
      return ['customer changed mind', 'damaged box'];
    default: {
      const allowed = enumValues(schema);
      if (allowed.length > 0) return allowed;
      return [1, 2, 3, 10, 250, 1_000, 'x', 'fuzz', true, false];
    }
  }
}

/** The values of an enum or literal field (through optional and default wrappers). */
function enumValues(schema: z.ZodType | undefined): readonly unknown[] {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault) {
    return enumValues(schema.unwrap() as z.ZodType);
  }
  if (schema instanceof z.ZodEnum) return schema.options;
  if (schema instanceof z.ZodLiteral) return [...schema.values];
  if (schema instanceof z.ZodBoolean) return [true, false];
  return [];
}

function resolveArgs(db: RegisterDb, name: string, choice: ArgsChoice): unknown {
  if (choice.mode === 'raw') return choice.value;
  const shape = argShape(name) as Readonly<Record<string, z.ZodType | undefined>>;
  const args: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(choice.fields)) {
    if (field.t === 'missing') continue;
    if (field.t === 'nasty') args[key] = field.value;
    else {
      const schema = shape[key];
      const pool = [
        ...poolFor(db, key, schema, args),
        // An optional field is often best left out (an approval nobody asked for is refused).
        ...(schema instanceof z.ZodOptional || schema instanceof z.ZodDefault ? [undefined] : []),
      ];
      args[key] = pool[field.pick % pool.length];
    }
  }
  for (const [key, value] of choice.extra) {
    Object.defineProperty(args, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return args;
}

/** Each table's rows as text: what a refused command must leave unchanged. */
function snapshot(db: RegisterDb): Map<string, string> {
  const tables = db
    .prepare<[], { name: string; sql: string }>(
      "SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    )
    .all()
    .filter((t) => !t.sql.startsWith('CREATE VIRTUAL'));
  const out = new Map<string, string>();
  for (const { name } of tables) {
    out.set(name, JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).raw().all()));
  }
  return out;
}

function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((n) => before.get(n) !== after.get(n)).sort();
}

/** Invariants that hold after any command: holds add up, numbers have no gap. */
function checkInvariants(db: RegisterDb): void {
  const badLocks = db
    .prepare(
      `SELECT s.product_id, s.locked, coalesce(sum(l.quantity), 0) AS held
       FROM stock s LEFT JOIN stock_lock l ON l.product_id = s.product_id
       GROUP BY s.product_id HAVING s.locked <> held`,
    )
    .all();
  expect(badLocks, 'stock.locked equals what carts hold').toEqual([]);
  const seqs = column<number>(db, 'SELECT seq FROM outbox ORDER BY seq');
  expect(seqs, 'outbox seq 1..N').toEqual(seqs.map((_, i) => i + 1));
  const receipts = column<number>(
    db,
    'SELECT receipt_no FROM sale UNION ALL SELECT receipt_no FROM refund ORDER BY 1',
  );
  expect(receipts, 'receipt numbers 1..M').toEqual(receipts.map((_, i) => i + 1));
  const orphans = column<string>(
    db,
    'SELECT cart_id FROM stock_lock WHERE cart_id NOT IN (SELECT cart_id FROM cart)',
  );
  expect(orphans, 'stock_lock rows without a cart').toEqual([]);
}

function expectWellFormed(answer: Answer<unknown>): void {
  expect(typeof answer).toBe('object');
  if (answer.ok) {
    expect(Object.keys(answer).sort()).toEqual(['ok', 'value']);
  } else {
    expect(Object.keys(answer).sort()).toEqual(['error', 'ok']);
    expect(answer.ok).toBe(false);
    expect(typeof answer.error.code).toBe('string');
    expect(answer.error.code.length).toBeGreaterThan(0);
    expect(typeof answer.error.message).toBe('string');
    expect(answer.error.message.trim().length).toBeGreaterThan(0);
  }
  // Answers cross a process boundary (IPC, WebSocket): they must survive structured clone.
  expect(() => structuredClone(answer)).not.toThrow();
}

interface Tally {
  commands: number;
  refused: number;
  accepted: number;
  byCode: Map<string, number>;
  namesSeen: Set<string>;
  namesAccepted: Set<string>;
  /** Sales, refunds and approvals in the stores at the end of each run. */
  sales: number;
  refunds: number;
  approvals: number;
}

async function runSteps(steps: readonly Step[], tally: Tally): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'command-fuzz-'));
  copyFileSync(template, path.join(dir, REGISTER_DB_FILE));
  let now = START;
  const errors: string[] = [];
  const logger: Logger = {
    info: () => undefined,
    warn: () => undefined,
    error: (message, fields) => errors.push(`${message} ${JSON.stringify(fields)}`),
  };
  const core: RegisterCore = createRegisterCore({
    dataDir: dir,
    storeId: 'store-1',
    registerId: 'reg-1',
    clock: { now: () => now, monotonic: () => now },
    logger,
  });
  const { db } = core;
  try {
    for (const [index, s] of steps.entries()) {
      now += 250;
      let name: string;
      let args: unknown;
      switch (s.kind) {
        case 'wait':
          now += s.ms;
          continue;
        case 'login':
          name = 'auth.login';
          args = STAFF[s.who % STAFF.length];
          break;
        case 'scan': {
          const codes = column<string>(db, 'SELECT gtin14 FROM product ORDER BY id');
          name = 'checkout.scan';
          args = { code: codes[s.pick % codes.length] };
          break;
        }
        case 'pay': {
          const current = await core.sendUntyped('checkout.current', {});
          const due =
            current.ok && current.value !== null
              ? (current.value as { remainingInCash: number }).remainingInCash
              : 0;
          name = 'checkout.tenderCash';
          args = { tendered: due + s.more };
          break;
        }
        case 'approve': {
          const approver = STAFF[1 + (s.who % 2)] ?? STAFF[1];
          const permissions = enumValues(
            (argShape('auth.approve') as Record<string, z.ZodType | undefined>)['permission'],
          );
          name = 'auth.approve';
          args = {
            approverId: approver.staffId,
            pin: approver.pin,
            permission: permissions[s.permission % Math.max(1, permissions.length)],
          };
          break;
        }
        case 'openShift':
          // Tenders need an open shift where the map has shifts; elsewhere this is refused as an
          // unknown command, which is checked like any other answer.
          name = 'shift.open';
          args = { openingFloat: 50_000 };
          break;
        case 'call':
          name = s.name;
          args = resolveArgs(db, s.name, s.args);
          break;
        default: {
          const unknown: never = s;
          throw new Error(`Unknown step ${JSON.stringify(unknown)}`);
        }
      }
      const before = snapshot(db);
      let answer: Answer<unknown>;
      try {
        answer = await core.sendUntyped(name, args);
      } catch (error) {
        throw new Error(`step ${index}: ${name} threw ${String(error)}`, { cause: error });
      }
      tally.commands += 1;
      tally.namesSeen.add(name);
      expectWellFormed(answer);
      expect(errors, `step ${index}: ${name} logged an error`).toEqual([]);
      if (answer.ok) {
        tally.accepted += 1;
        tally.namesAccepted.add(name);
      } else {
        tally.refused += 1;
        const { code } = answer.error;
        tally.byCode.set(code, (tally.byCode.get(code) ?? 0) + 1);
        expect(code, `step ${index}: ${name} crashed`).not.toBe('internal');
        const changed = changedTables(before, snapshot(db));
        const allowed =
          AUDITED_REFUSALS.has(name) && code.startsWith('auth.')
            ? changed.filter((t) => t !== 'audit_log' && t !== 'staff')
            : changed;
        expect(allowed, `step ${index}: refused ${name} (${code}) wrote to the store`).toEqual([]);
      }
      checkInvariants(db);
    }
    tally.sales += column<number>(db, 'SELECT count(*) FROM sale')[0] ?? 0;
    tally.refunds += column<number>(db, 'SELECT count(*) FROM refund')[0] ?? 0;
    tally.approvals += column<number>(db, 'SELECT count(*) FROM approval')[0] ?? 0;
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
  } finally {
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('command fuzz', () => {
  it(`answers random arguments to every command without a crash or a partial write (seed ${SEED})`, async () => {
    const tally: Tally = {
      commands: 0,
      refused: 0,
      accepted: 0,
      byCode: new Map(),
      namesSeen: new Set(),
      namesAccepted: new Set(),
      sales: 0,
      refunds: 0,
      approvals: 0,
    };
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 40, maxLength: 200, size: 'max' }), (steps) =>
        runSteps(steps, tally),
      ),
      { seed: SEED, numRuns: RUNS, endOnFailure: false },
    );
    const codes = [...tally.byCode].sort((a, b) => b[1] - a[1]);
    console.info(
      `command fuzz: ${tally.commands} commands (${tally.accepted} accepted, ${tally.refused} refused), ` +
        `${tally.sales} sales, ${tally.refunds} refunds, ${tally.approvals} approvals; ` +
        `refusals by code: ${codes.map(([c, n]) => `${c} ${n}`).join(', ')}`,
    );
    // Every command of the map was reached, and most were also carried out at least once.
    expect([...tally.namesSeen]).toEqual(expect.arrayContaining(NAMES));
    expect(tally.commands).toBeGreaterThan(RUNS * 60);
    expect(tally.namesAccepted.size).toBeGreaterThan(NAMES.length / 2);
  }, 300_000);
});
