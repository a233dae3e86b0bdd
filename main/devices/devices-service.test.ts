// The devices screen's commands on a real register core (its SQLite file) with the receipt printer
// simulator on the other end: the printer's status asked of it, a test slip the simulator decodes
// and that is audited, a fault refused in words with nothing printed, and no printer at all.
import { afterEach, describe, expect, it } from 'vitest';
import type { RegisterFixture } from '../../test-support/register-fixture';
import { startRegisterFixture, valueOf } from '../../test-support/register-fixture';
import type { CounterRig } from './testing/counter-rig';
import { counterRig } from './testing/counter-rig';

let f: RegisterFixture | undefined;
let rig: CounterRig | undefined;

afterEach(async () => {
  const errors = f?.internalErrors.splice(0) ?? [];
  await f?.core.printerIdle();
  await f?.dispose();
  await rig?.close();
  f = undefined;
  rig = undefined;
  expect(errors).toEqual([]);
});

async function onTheCounter(): Promise<{ f: RegisterFixture; rig: CounterRig }> {
  rig = await counterRig();
  f = await startRegisterFixture({ devices: rig.devices });
  await valueOf(f.core.send('auth.login', { staffId: 'c1', pin: '1111' }));
  return { f, rig };
}

describe('devices commands', () => {
  it('asks the printer for its status and says what is connected', async () => {
    const { f, rig } = await onTheCounter();
    expect(await valueOf(f.core.send('devices.status', {}))).toMatchObject({
      printer: {
        connected: true,
        status: { online: true, paper: 'ok', coverOpen: false, drawerOpen: false },
      },
      terminal: { connected: true },
      drawer: { connected: true },
    });
    rig.printer.simulator.openCover();
    rig.printer.simulator.runOutOfPaper();
    const status = await valueOf(f.core.send('devices.status', {}));
    expect(status.printer.status).toMatchObject({ paper: 'out', coverOpen: true });
  });

  it('prints a test slip the printer decodes, and audits it', async () => {
    const { f, rig } = await onTheCounter();
    expect(await valueOf(f.core.send('devices.testPrint', {}))).toEqual({ printed: true });
    const slip = rig.printer.simulator.lines().join('\n');
    expect(slip).toContain('TEST PRINT');
    expect(slip).toContain('Li Na');
    // A test slip is no cash sale: the drawer stays shut.
    expect(rig.printer.simulator.pulses()).toBe(0);
    const audit = f.core.db
      .prepare("SELECT staff_id FROM audit_log WHERE action = 'devices.testPrint'")
      .pluck()
      .all();
    expect(audit).toEqual(['c1']);
  });

  it('refuses a test slip in words while the cover is open, printing nothing', async () => {
    const { f, rig } = await onTheCounter();
    rig.printer.simulator.openCover();
    const answer = await f.core.send('devices.testPrint', {});
    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.error.code).toBe('devices.printer.coverOpen');
    expect(answer.error.message).toMatch(/close it/);
    expect(rig.printer.simulator.lines()).toEqual([]);
    rig.printer.simulator.closeCover();
    expect(await valueOf(f.core.send('devices.testPrint', {}))).toEqual({ printed: true });
  });

  it('says no printer is connected, and refuses anyone not signed in', async () => {
    f = await startRegisterFixture();
    expect((await f.core.send('devices.status', {})).ok).toBe(false);
    await valueOf(f.core.send('auth.login', { staffId: 'c1', pin: '1111' }));
    expect(await valueOf(f.core.send('devices.status', {}))).toMatchObject({
      printer: { connected: false, status: null },
      terminal: { connected: false },
      drawer: { connected: false },
    });
    expect(await f.core.send('devices.testPrint', {})).toMatchObject({
      ok: false,
      error: { code: 'devices.notConnected' },
    });
  });
});
