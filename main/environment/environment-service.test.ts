// The store's environment sensors end to end: the demo counter's sensor simulator sends lines on
// an in-memory serial pair to a real register core (SQLite file), which shows the latest reading
// of each sensor with its range and an alert, ignores garbage, sends each finished minute to the
// outbox once, and pushes it to a real central server (PGlite), which keeps the readings and shows
// them on its route and on /metrics.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SensorView } from '../../app/commands';
import type {
  CentralServerFixture,
  EnrolledRegister,
  ServerDb,
} from '../../test-support/central-server-fixture';
import { openServerDatabase, startCentralServer } from '../../test-support/central-server-fixture';
import { adminToken, pushUntilDrained } from '../../test-support/escrow-testing';
import type { RegisterFixture } from '../../test-support/register-fixture';
import {
  loginReadyToSell,
  startRegisterFixture,
  valueOf,
} from '../../test-support/register-fixture';
import type { DemoDevices } from '../host/demo-devices';
import { startDemoDevices } from '../host/demo-devices';

let shared: ServerDb;
let server: CentralServerFixture;
let till: EnrolledRegister;
let devices: DemoDevices;
let f: RegisterFixture;
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

beforeAll(async () => {
  shared = await openServerDatabase();
}, 60_000);
afterAll(async () => {
  await shared.close();
});

beforeEach(async () => {
  server = await startCentralServer({ db: shared });
  till = await server.enrol('store-1');
  devices = await startDemoDevices(quiet, { sensorEveryMs: 0 });
  f = await startRegisterFixture({
    devices: devices.register,
    sensorRanges: { 'chiller-1': { min: 0, max: 8_000 } },
  });
  await devices.connect(f.core);
  await loginReadyToSell(f);
}, 60_000);

afterEach(async () => {
  const errors = f.internalErrors.splice(0);
  await f.dispose();
  await devices.stop();
  await server.dispose();
  expect(errors).toEqual([]);
});

const sensors = async (): Promise<readonly SensorView[]> =>
  (await valueOf(f.core.send('reports.environment', {}))).sensors;

/** The reading as the core holds it, once the line has crossed the serial pair. */
async function send(sensorId: string, kind: 'temperature' | 'humidity', text: string) {
  await devices.counter.sensor.send(sensorId, kind, text);
}

const outboxRows = () =>
  f.core.db
    .prepare<[], string>(
      "SELECT payload FROM outbox WHERE type = 'environment.readings' ORDER BY seq",
    )
    .pluck()
    .all()
    .map(
      (p) => JSON.parse(p) as { storeId: string; readings: { sensorId: string; milli: number }[] },
    );

describe('in-store environment sensors', () => {
  it('shows each sensor’s latest reading, says out of range, and ignores garbage', async () => {
    expect(await sensors()).toEqual([]);
    await send('chiller-1', 'temperature', '4.25');
    await send('floor', 'humidity', '55.0');
    await expect.poll(async () => (await sensors()).length).toBe(2);
    expect(await sensors()).toEqual([
      {
        sensorId: 'chiller-1',
        kind: 'temperature',
        milli: 4_250,
        at: f.now,
        range: { min: 0, max: 8_000 },
        alert: false,
      },
      { sensorId: 'floor', kind: 'humidity', milli: 55_000, at: f.now, range: null, alert: false },
    ]);
    f.now += 10_000;
    await send('chiller-1', 'temperature', '9.50');
    await expect.poll(async () => (await sensors())[0]?.milli).toBe(9_500);
    expect((await sensors())[0]).toMatchObject({ alert: true, at: f.now });
    // A line no sensor would send changes nothing.
    await devices.counter.sensor.send('chiller-1', 'temperature', 'warm');
    await send('floor', 'humidity', '56.5');
    await expect.poll(async () => (await sensors())[1]?.milli).toBe(56_500);
    expect((await sensors())[0]?.milli).toBe(9_500);
  });

  it('sends each finished minute to head office once, where it shows on its route and /metrics', async () => {
    await send('chiller-1', 'temperature', '3.00');
    await expect.poll(async () => (await sensors()).length).toBe(1);
    f.now += 20_000;
    await send('chiller-1', 'temperature', '3.50');
    await expect.poll(async () => (await sensors())[0]?.milli).toBe(3_500);
    // The minute is not over: nothing goes yet.
    expect(outboxRows()).toEqual([]);
    f.now += 60_000;
    await send('chiller-1', 'temperature', '5.00');
    await expect.poll(async () => (await sensors())[0]?.milli).toBe(5_000);
    // The core's own timer sends finished minutes; the test does not wait for it.
    f.restart();
    await loginReadyToSell(f);
    const rows = outboxRows();
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows[0]?.readings).toEqual([
      expect.objectContaining({ sensorId: 'chiller-1', kind: 'temperature', milli: 3_500 }),
    ]);
    // Sent once: another close in the same minute sends nothing more; once that minute is over too,
    // its reading goes in a row of its own.
    f.restart();
    expect(outboxRows()).toHaveLength(rows.length);
    f.now += 60_000;
    f.restart();
    expect(outboxRows()).toHaveLength(rows.length + 1);
    expect(outboxRows().at(-1)?.readings).toEqual([
      expect.objectContaining({ sensorId: 'chiller-1', milli: 5_000 }),
    ]);

    await pushUntilDrained(f.core.db, server.url, till);
    const admin = await adminToken(server.url);
    const answer = await fetch(`${server.url}/stores/store-1/environment`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as {
      sensors: { sensorId: string; milli: number; minMilli: number; maxMilli: number }[];
    };
    expect(body.sensors).toEqual([
      expect.objectContaining({
        sensorId: 'chiller-1',
        milli: 5_000,
        minMilli: 3_500,
        maxMilli: 5_000,
      }),
    ]);
    const other = await fetch(`${server.url}/stores/store-2/environment`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(((await other.json()) as { sensors: unknown[] }).sensors).toEqual([]);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toContain(
      'store_environment_reading{store_id="store-1",sensor_id="chiller-1",kind="temperature"} 5',
    );
  });
});
