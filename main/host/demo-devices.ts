// The demo's counter on simulated devices: the receipt printer (with its drawer), the card
// terminal, the serial scanner, the member card reader, the pole display, the scale and the
// environment sensor are the counter devices on the simulated counter's ports (a manager may move them on the
// devices screen, as on a real counter); scans and member swipes go to the core's checkout and the
// sensor's readings to the core (a chiller and the shop floor, every 5 s).
import { createSimulatedCounter } from '../../hardware';
import type { Logger } from '../core/ports';
import type { RegisterDevices } from '../devices/register-devices';
import type { InputTarget } from '../devices/counter-devices';
import { createCounterDevices } from '../devices/counter-devices';

export type SimulatedCounter = Awaited<ReturnType<typeof createSimulatedCounter>>;

export interface DemoDevices {
  readonly counter: SimulatedCounter;
  /** The counter devices, for `createRegisterCore({ devices })`. */
  readonly register: RegisterDevices;
  /**
   * Opens the devices (after the core took in the ports a manager saved) and sends the scanner's
   * scans to the core's `checkout.scan`.
   */
  connect(core: InputTarget): Promise<void>;
  stop(): Promise<void>;
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
  const memory = (name: string) => ({ type: 'memory', name }) as const;
  const printerProfile = counter.profiles.find((p) => p.kind === 'receiptPrinter');
  const devices = createCounterDevices({
    simulated: counter.memoryEnds,
    defaults: {
      printer: memory('printer'),
      terminal: memory('terminal'),
      scanner: memory('scanner'),
      sensor: memory('sensor'),
      cardReader: memory('cardReader'),
      display: memory('display'),
      scale: memory('scale'),
    },
    ...(printerProfile?.printer === undefined ? {} : { printer: printerProfile.printer }),
    logger,
  });
  stops.push(() => devices.stop());

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

  return {
    counter,
    register: devices.register,
    async connect(core) {
      stops.push(devices.inputsInto(core));
      await devices.start();
    },
    async stop() {
      for (const stop of stops.reverse()) await stop();
      await counter.stop();
    },
  };
}
