// The demo's counter on simulated devices: a serial scanner whose scans go to the core's
// `checkout.scan` as a real one's would; the printer, terminal, card reader, display, scale and
// sensor simulators run beside it for the screens that drive them.
import type { Unsubscribe } from '../../hardware';
import { createProfileDevice, createSimulatedCounter, systemClock } from '../../hardware';
import type { CommandTarget } from './command-relay';
import type { Logger } from '../core/ports';

export type SimulatedCounter = Awaited<ReturnType<typeof createSimulatedCounter>>;

export interface DemoDevices {
  readonly counter: SimulatedCounter;
  stop(): Promise<void>;
}

export async function startDemoDevices(
  core: Pick<CommandTarget, 'sendUntyped'>,
  logger: Logger,
): Promise<DemoDevices> {
  const counter = await createSimulatedCounter();
  const stops: (() => Promise<void> | void)[] = [];
  const profile = counter.profiles.find((p) => p.kind === 'scanner');
  if (profile !== undefined) {
    const scanner = createProfileDevice(profile, {
      clock: systemClock,
      logger,
      memoryEnds: counter.memoryEnds,
    });
    if (scanner.kind === 'scanner') {
      const device = scanner.device;
      const opened = await device.open();
      const ready = opened.ok ? device.claim() : opened;
      const enabled = ready.ok ? device.enable() : ready;
      if (!enabled.ok) logger.warn('demo: scanner not ready', { code: enabled.error.code });
      const off: Unsubscribe = device.on((event) => {
        if (event.type !== 'data') return;
        void core.sendUntyped('checkout.scan', { code: event.data.raw }).then((answer) => {
          if (!answer.ok) logger.info('demo: scan refused', { code: answer.error.code });
        });
      });
      stops.push(off, async () => {
        device.disable();
        device.release();
        await device.close();
      });
    }
  }
  return {
    counter,
    async stop() {
      for (const stop of stops.reverse()) await stop();
      await counter.stop();
    },
  };
}
