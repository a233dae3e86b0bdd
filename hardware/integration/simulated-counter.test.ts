// The register's wiring on a simulated counter: manager, profile devices and drivers, all in memory.
import { describe, expect, it } from 'vitest';
import { silentLogger, systemClock } from '../device/clock';
import { createDeviceManager } from '../device/device-manager';
import { createProfileDevice, type ProfileDevice } from '../device/profile-device';
import { labelled, showOnPole } from '../display/pole-display';
import { createPaymentTerminal } from '../payment/payment-terminal';
import { sampleReceipt } from '../printer/fixtures/sample-receipt';
import { createMemoryPrintJournal } from '../printer/print-journal';
import { createReceiptPrinter } from '../printer/receipt-printer';
import { barcodeParser, listenForScans } from '../scanner/scanner';
import { createSimulatedCounter } from '../simulators/simulated-counter';
import { isPresent } from '../transport/open-transport';
import { until } from './until';

describe('simulated counter', () => {
  it('brings every device online and runs a sale across them', async () => {
    const counter = await createSimulatedCounter();
    const devices = new Map<string, ProfileDevice>();
    const manager = createDeviceManager({
      profiles: counter.profiles,
      createDevice: (profile) => {
        const built = createProfileDevice(profile, {
          clock: systemClock,
          logger: silentLogger,
          memoryEnds: counter.memoryEnds,
        });
        devices.set(profile.id, built);
        return built.device;
      },
      enumerate: () => Promise.resolve({ serialPaths: [], hid: [] }),
      isPresent: (profile, seen) => isPresent(profile.connection, seen),
      clock: systemClock,
      logger: silentLogger,
      rescanMs: 60_000,
    });
    await manager.start();
    expect(manager.reports().map((r) => r.state)).toEqual(Array(7).fill('online'));

    const get = <K extends ProfileDevice['kind']>(id: string, kind: K) => {
      const found = devices.get(id);
      if (found?.kind !== kind) throw new Error(`no ${kind} ${id}`);
      return found as Extract<ProfileDevice, { kind: K }>;
    };

    const scans: string[] = [];
    listenForScans(get('scanner', 'scanner').device, barcodeParser(), ({ parsed }) => {
      if (parsed.ok && parsed.value.kind === 'gtin') scans.push(parsed.value.gtin);
    });
    await counter.scanner.scan('6901234567892');
    await until(() => scans.length === 1);

    const weights: number[] = [];
    get('scale', 'scale').device.on((e) => {
      if (e.type === 'data' && e.data.state === 'stable') weights.push(e.data.grams);
    });
    await counter.scale.place(856);
    await until(() => weights.length === 1);
    expect(weights).toEqual([856]);

    await showOnPole(
      get('display', 'poleDisplay').device,
      'Organic bananas',
      labelled('TOTAL', '83.69'),
    );
    await until(() => counter.display.lines()[1].startsWith('TOTAL'));

    const terminal = createPaymentTerminal({
      device: get('terminal', 'paymentTerminal').device,
      clock: systemClock,
      logger: silentLogger,
      newRequestId: () => 'S-1',
    });
    expect((await terminal.sale('P-1', 8369, 'CNY')).outcome).toBe('approved');

    const printer = createReceiptPrinter({
      device: get('printer', 'receiptPrinter').device,
      journal: createMemoryPrintJournal(),
      paperWidth: 80,
      codePage: 'gb18030',
      clock: systemClock,
      logger: silentLogger,
      newJobId: () => 'job-1',
    });
    await printer.printReceipt(sampleReceipt());
    await printer.idle();
    expect(counter.printer.lines()).toContain('鲜丰超市 (滨江店)');

    await manager.stop();
    await counter.stop();
  });
});
