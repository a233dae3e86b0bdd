// The demo's counter on simulated devices: the card terminal and the receipt printer (with its
// drawer) go to the register core as its devices; a serial scanner's scans go to the core's
// `checkout.scan` as a real one's would; the sensor's readings go to the core (a chiller and the
// shop floor, every 5 s); the card reader, display and scale simulators
// run beside them for the screens that drive them.
import type { DeviceProfile, ProfileDevice, Unsubscribe } from '../../hardware';
import {
  createPaymentTerminal,
  createProfileDevice,
  createSimulatedCounter,
  systemClock,
} from '../../hardware';
import type { Result } from '../../app/result';
import type { CommandTarget } from './command-relay';
import { newId } from '../core/ids';
import type { Logger } from '../core/ports';
import type { RegisterDevices } from '../devices/register-devices';

export type SimulatedCounter = Awaited<ReturnType<typeof createSimulatedCounter>>;

export interface DemoDevices {
  readonly counter: SimulatedCounter;
  /** The simulated terminal and printer, for `createRegisterCore({ devices })`. */
  readonly register: RegisterDevices;
  /** Sends the simulated scanner's scans to the core's `checkout.scan`. */
  connectScanner(core: Pick<CommandTarget, 'sendUntyped'>): Promise<void>;
  stop(): Promise<void>;
}

/** Opens, claims and enables a device (the UnifiedPOS lifecycle); says why when it cannot. */
async function ready(built: ProfileDevice, logger: Logger): Promise<boolean> {
  const opened: Result<void> = await built.device.open();
  const claimed = opened.ok ? built.device.claim() : opened;
  const enabled = claimed.ok ? built.device.enable() : claimed;
  if (!enabled.ok)
    logger.warn('demo: device not ready', { kind: built.kind, code: enabled.error.code });
  return enabled.ok;
}

export async function startDemoDevices(
  logger: Logger,
  options: Readonly<{
    /** How often the demo's chiller and shop floor report (5 s); 0: only when a test sends. */
    sensorEveryMs?: number;
  }> = {},
): Promise<DemoDevices> {
  const counter = await createSimulatedCounter();
  const stops: (() => Promise<void> | void)[] = [];
  const build = (kind: DeviceProfile['kind']) => {
    const profile = counter.profiles.find((p) => p.kind === kind);
    if (profile === undefined) return undefined;
    const built = createProfileDevice(profile, {
      clock: systemClock,
      logger,
      memoryEnds: counter.memoryEnds,
    });
    stops.push(() => built.device.close());
    return { profile, built };
  };

  const devices: { -readonly [K in keyof RegisterDevices]: RegisterDevices[K] } = {};
  const printer = build('receiptPrinter');
  if (printer?.built.kind === 'receiptPrinter' && (await ready(printer.built, logger))) {
    devices.printer = {
      device: printer.built.device,
      paperWidth: printer.profile.printer?.paperWidth ?? 80,
      codePage: printer.profile.printer?.codePage ?? 'gb18030',
    };
  }
  const terminal = build('paymentTerminal');
  if (terminal?.built.kind === 'paymentTerminal' && (await ready(terminal.built, logger))) {
    const driver = createPaymentTerminal({
      device: terminal.built.device,
      clock: systemClock,
      logger,
      newRequestId: newId,
    });
    stops.push(() => driver.close());
    devices.terminal = driver;
  }

  const sensor = build('environmentSensor');
  if (sensor?.built.kind === 'environmentSensor' && (await ready(sensor.built, logger))) {
    devices.sensor = sensor.built.device;
    const every = options.sensorEveryMs ?? 5_000;
    if (every > 0) {
      // The demo's chiller and shop floor: a reading each every 5 s, drifting a little.
      let tick = 0;
      const readings = setInterval(() => {
        tick += 1;
        const chiller = (3.5 + Math.sin(tick / 12) * 1.2).toFixed(2);
        const humidity = (52 + Math.cos(tick / 20) * 6).toFixed(1);
        void counter.sensor.send('chiller-1', 'temperature', chiller);
        void counter.sensor.send('floor', 'humidity', humidity);
      }, every);
      readings.unref();
      stops.push(() => clearInterval(readings));
    }
  }

  return {
    counter,
    register: devices,
    async connectScanner(core) {
      const scanner = build('scanner');
      if (scanner?.built.kind !== 'scanner' || !(await ready(scanner.built, logger))) return;
      const off: Unsubscribe = scanner.built.device.on((event) => {
        if (event.type !== 'data') return;
        void core.sendUntyped('checkout.scan', { code: event.data.raw }).then((answer) => {
          if (!answer.ok) logger.info('demo: scan refused', { code: answer.error.code });
        });
      });
      stops.push(off);
    },
    async stop() {
      for (const stop of stops.reverse()) await stop();
      await counter.stop();
    },
  };
}
