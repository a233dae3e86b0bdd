// Opens the configured devices, watches for plug and unplug, reconnects with backoff and reports.
import type { Result } from '../../app/result';
import type { Unsubscribe } from '../transport/byte-transport';
import { createListeners } from '../transport/byte-transport';
import type { Enumeration } from '../transport/open-transport';
import type { Clock, Logger, TimerHandle } from './clock';
import type { DeviceProfile } from './device-profile';
import type { DeviceEvent } from './device-events';
import type { DeviceState } from './pos-device';

/** What the manager needs of a device: its lifecycle and its status events. */
export interface ManagedDevice {
  state(): DeviceState;
  open(): Promise<Result<void>>;
  claim(): Result<void>;
  enable(): Result<void>;
  close(): Promise<void>;
  on(listener: (event: DeviceEvent<unknown>) => void): Unsubscribe;
}

export type ConnectionState = 'connecting' | 'online' | 'waiting' | 'stopped';

/** One device's state as the register core shows it. */
export type DeviceReport = Readonly<{
  id: string;
  kind: DeviceProfile['kind'];
  state: ConnectionState;
  /** Failed attempts since it was last online. */
  attempts: number;
  lastError?: string;
  nextAttemptAt?: number;
}>;

export type DeviceManagerOptions = Readonly<{
  profiles: readonly DeviceProfile[];
  createDevice: (profile: DeviceProfile) => ManagedDevice;
  enumerate: () => Promise<Enumeration>;
  isPresent: (profile: DeviceProfile, seen: Enumeration) => boolean;
  /**
   * Whether the device is wanted now (it has a port): one that is not is left stopped instead of
   * being retried, and is connected at the next rescan once it is wanted. Default: always.
   */
  wanted?: (profile: DeviceProfile) => boolean;
  clock: Clock;
  logger: Logger;
  /** Periodic re-enumeration: the portable way to see hot-plug for HID and serial alike. */
  rescanMs?: number;
  backoff?: Readonly<{ initialMs: number; maxMs: number }>;
}>;

export interface DeviceManager {
  start(): Promise<void>;
  stop(): Promise<void>;
  reports(): readonly DeviceReport[];
  onReport(listener: (report: DeviceReport) => void): Unsubscribe;
  /** Runs one enumeration now (tests, and "rescan" in the device screen). */
  rescan(): Promise<void>;
}

type Slot = {
  profile: DeviceProfile;
  device: ManagedDevice;
  report: DeviceReport;
  retry: TimerHandle | undefined;
  connecting: boolean;
};

/** Doubling backoff, capped: a dead port is tried less and less often but never given up on. */
export function backoffDelay(attempts: number, initialMs: number, maxMs: number): number {
  return Math.min(maxMs, initialMs * 2 ** Math.max(0, attempts - 1));
}

export function createDeviceManager(options: DeviceManagerOptions): DeviceManager {
  const { clock, logger } = options;
  const rescanMs = options.rescanMs ?? 2000;
  const { initialMs, maxMs } = options.backoff ?? { initialMs: 500, maxMs: 30_000 };
  const reports = createListeners<DeviceReport>();
  let running = false;
  let rescanTimer: TimerHandle | undefined;
  const slots: Slot[] = options.profiles.map((profile) => ({
    profile,
    device: options.createDevice(profile),
    report: { id: profile.id, kind: profile.kind, state: 'stopped', attempts: 0 },
    retry: undefined,
    connecting: false,
  }));

  function setReport(slot: Slot, report: DeviceReport): void {
    slot.report = report;
    reports.emit(report);
  }

  function scheduleRetry(slot: Slot, why: string): void {
    if (!running) return;
    const attempts = slot.report.attempts + 1;
    const delay = backoffDelay(attempts, initialMs, maxMs);
    if (slot.retry) clock.clearTimeout(slot.retry);
    slot.retry = clock.setTimeout(() => {
      slot.retry = undefined;
      void connect(slot);
    }, delay);
    setReport(slot, {
      id: slot.profile.id,
      kind: slot.profile.kind,
      state: 'waiting',
      attempts,
      lastError: why,
      nextAttemptAt: clock.now() + delay,
    });
  }

  async function connect(slot: Slot): Promise<void> {
    if (!running || slot.connecting || slot.device.state() === 'enabled') return;
    if (options.wanted?.(slot.profile) === false) {
      if (slot.report.state !== 'stopped') {
        setReport(slot, {
          id: slot.profile.id,
          kind: slot.profile.kind,
          state: 'stopped',
          attempts: 0,
        });
      }
      return;
    }
    slot.connecting = true;
    setReport(slot, { ...slot.report, state: 'connecting' });
    try {
      const opened = await slot.device.open();
      const claimed = opened.ok ? slot.device.claim() : opened;
      const enabled = claimed.ok ? slot.device.enable() : claimed;
      if (!enabled.ok) {
        logger.warn('device not ready', { device: slot.profile.id, code: enabled.error.code });
        await slot.device.close().catch(() => undefined);
        scheduleRetry(slot, enabled.error.message);
        return;
      }
      logger.info('device online', { device: slot.profile.id });
      setReport(slot, {
        id: slot.profile.id,
        kind: slot.profile.kind,
        state: 'online',
        attempts: 0,
      });
    } finally {
      slot.connecting = false;
    }
  }

  for (const slot of slots) {
    slot.device.on((event) => {
      // The device closed itself (unplug): start the reconnect cycle.
      if (event.type === 'status' && event.status === 'offline' && running) {
        scheduleRetry(slot, 'device went offline');
      }
    });
  }

  async function rescan(): Promise<void> {
    let seen: Enumeration;
    try {
      seen = await options.enumerate();
    } catch (error) {
      logger.warn('enumeration failed', { why: String(error) });
      return;
    }
    for (const slot of slots) {
      const present = options.isPresent(slot.profile, seen);
      const idle = slot.report.state === 'waiting' || slot.report.state === 'stopped';
      if (present && idle) {
        // Plugged back in: no reason to sit out the backoff.
        if (slot.retry) clock.clearTimeout(slot.retry);
        slot.retry = undefined;
        await connect(slot);
      } else if (!present && slot.report.state === 'stopped' && options.wanted?.(slot.profile)) {
        // Given a port that is not there (yet): wait for it like for one unplugged.
        scheduleRetry(slot, 'device not found');
      } else if (!present && slot.report.state === 'online') {
        // Some HID stacks never fail a pending read on unplug: the enumeration is the witness.
        await slot.device.close().catch(() => undefined);
        scheduleRetry(slot, 'device not found');
      }
    }
  }

  function scheduleRescan(): void {
    if (!running) return;
    rescanTimer = clock.setTimeout(() => {
      void rescan().finally(scheduleRescan);
    }, rescanMs);
  }

  return {
    async start() {
      if (running) return;
      running = true;
      await Promise.all(slots.map((slot) => connect(slot)));
      scheduleRescan();
    },
    async stop() {
      running = false;
      if (rescanTimer) clock.clearTimeout(rescanTimer);
      for (const slot of slots) {
        if (slot.retry) clock.clearTimeout(slot.retry);
        slot.retry = undefined;
        await slot.device.close().catch(() => undefined);
        setReport(slot, {
          id: slot.profile.id,
          kind: slot.profile.kind,
          state: 'stopped',
          attempts: 0,
        });
      }
    },
    reports: () => slots.map((slot) => slot.report),
    onReport: reports.add,
    rescan,
  };
}
