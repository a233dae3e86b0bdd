// The port each device is on: listed for the devices screen, chosen by a manager (or with one's
// approval), kept in this register's SQLite file and handed to the host's counter devices, which
// reconnect the device on its new port at once. The saved choices are handed over at start too,
// before the host opens any device, so a register comes up on the ports it was last given.
import type { devicesCommands, DevicePortsView, PortChoice, PortDevice } from '../../app/commands';
import { PORT_DEVICES, portChoiceSchema } from '../../app/commands';
import { err, ok } from '../../app/result';
import type { Result } from '../../app/result';
import { writeAudit } from '../audit/audit-log';
import { approvedAction } from '../auth/approved-action';
import type { AuthService } from '../auth/auth-service';
import type { Handlers } from '../core/dispatch';
import type { Clock, Logger } from '../core/ports';
import type { RegisterDb } from '../store/register-db';
import { resultTransaction } from '../store/result-transaction';
import { statement } from '../store/statement-cache';
import type { DevicePorts } from './register-devices';

type PortHandlers = Pick<Handlers<typeof devicesCommands>, 'devices.ports' | 'devices.choosePort'>;

interface SavedPortRow {
  readonly device: string;
  readonly port: string | null;
}

/** The choices saved on this register; a row that no longer reads as a port is left out, logged. */
export function savedPorts(db: RegisterDb, logger: Logger): Map<PortDevice, PortChoice | null> {
  const rows = statement<[], SavedPortRow>(db, 'SELECT device, port FROM device_port').all();
  const saved = new Map<PortDevice, PortChoice | null>();
  for (const row of rows) {
    const device = PORT_DEVICES.find((name) => name === row.device);
    if (device === undefined) continue;
    if (row.port === null) {
      saved.set(device, null);
      continue;
    }
    const port = portChoiceSchema.safeParse(JSON.parse(row.port));
    if (port.success) saved.set(device, port.data);
    else logger.error('a saved device port fails its checks: the host default is used', { device });
  }
  return saved;
}

/** What the devices are called in the core's own (English) messages. */
const DEVICE_WORDS: Readonly<Record<PortDevice, string>> = {
  printer: 'receipt printer',
  terminal: 'card terminal',
  scanner: 'barcode scanner',
  cardReader: 'member card reader',
  display: 'customer pole display',
  scale: 'scale',
  sensor: 'environment sensor',
};

/** HID carries only scanners here (HID POS); printers, terminals and sensors talk serial. */
function fits(device: PortDevice, port: PortChoice | null): Result<void> {
  if (port?.type === 'hid' && device !== 'scanner') {
    return err(
      'devices.portUnfit',
      `The ${DEVICE_WORDS[device]} cannot be on a USB HID port: choose a serial port`,
      {
        device,
      },
    );
  }
  return ok(undefined);
}

export function createPortHandlers(
  options: Readonly<{
    db: RegisterDb;
    clock: Clock;
    logger: Logger;
    auth: AuthService;
    ports: DevicePorts | undefined;
  }>,
): PortHandlers {
  const { db, clock, logger, auth, ports } = options;
  for (const [device, port] of savedPorts(db, logger)) {
    // Before the host starts its devices, so nothing opens on the old port first.
    void ports?.choose(device, port ?? undefined);
  }

  async function view(): Promise<DevicePortsView> {
    if (ports === undefined) return { choosable: false, available: [], slots: [] };
    return { choosable: true, available: await ports.available(), slots: ports.slots() };
  }

  return {
    'devices.ports': async () => {
      const session = auth.requireSession();
      if (!session.ok) return session;
      return ok(await view());
    },
    'devices.choosePort': async ({ device, port, approvalId }) => {
      if (ports === undefined) {
        return err('devices.portsFixed', 'This register’s devices are wired by its host', {});
      }
      const fit = fits(device, port);
      if (!fit.ok) return fit;
      const chosen = resultTransaction(db, () => {
        const allowed = approvedAction(auth, 'devices.choosePort', approvalId);
        if (!allowed.ok) return allowed;
        const at = clock.now();
        statement(
          db,
          `INSERT INTO device_port (device, port, chosen_at, chosen_by) VALUES (?, ?, ?, ?)
           ON CONFLICT (device) DO UPDATE SET port = excluded.port,
             chosen_at = excluded.chosen_at, chosen_by = excluded.chosen_by`,
        ).run(device, port === null ? null : JSON.stringify(port), at, allowed.value.staffId);
        writeAudit(db, {
          at,
          staffId: allowed.value.staffId,
          action: 'devices.choosePort',
          subject: device,
          details: { port, approverId: allowed.value.approverId },
        });
        return ok(undefined);
      });
      if (!chosen.ok) return chosen;
      await ports.choose(device, port ?? undefined);
      return ok(await view());
    },
  };
}
