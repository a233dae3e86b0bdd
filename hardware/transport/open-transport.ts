// Turns a profile's connection into its transport, and says which devices the OS can see now.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import HID from 'node-hid';
import { SerialPort } from 'serialport';
import type { ByteTransport, Connection } from './byte-transport';
import { createHidTransport } from './hid-transport';
import { createSerialTransport } from './serial-transport';
import { missingCase } from '../../app/result';

/** Memory connections are not OS devices: the caller hands their ends in. */
export function openTransport(
  connection: Connection,
  memoryEnds: ReadonlyMap<string, ByteTransport> = new Map(),
): ByteTransport {
  switch (connection.type) {
    case 'serial':
      return createSerialTransport(connection);
    case 'hid':
      return createHidTransport(connection);
    case 'memory': {
      const end = memoryEnds.get(connection.name);
      if (!end) throw new Error(`No in-memory device named ${connection.name}`);
      return end;
    }
    default:
      return missingCase(connection);
  }
}

/** What one enumeration saw: serial port paths and HID devices. */
export type Enumeration = Readonly<{
  serialPaths: readonly string[];
  hid: readonly Readonly<{
    vendorId: number;
    productId: number;
    path?: string;
    usagePage?: number;
  }>[];
}>;

export async function enumerateDevices(): Promise<Enumeration> {
  // serialport's PortInfo type sits behind an exports map without types: name what we read.
  const listing: Promise<unknown> = SerialPort.list();
  const [ports, hid] = await Promise.all([listing, HID.devicesAsync()]);
  return {
    serialPaths: (ports as readonly Readonly<{ path: string }>[]).map((port) => port.path),
    hid: hid.map((device) => ({
      vendorId: device.vendorId,
      productId: device.productId,
      ...(device.path === undefined ? {} : { path: device.path }),
      ...(device.usagePage === undefined ? {} : { usagePage: device.usagePage }),
    })),
  };
}

/**
 * Whether a configured device is there. Serial paths are also checked on disk: ptys and
 * /dev/serial/by-id links never show in the port list.
 */
export function isPresent(connection: Connection, seen: Enumeration): boolean {
  switch (connection.type) {
    case 'serial':
      return seen.serialPaths.includes(connection.path) || existsSync(connection.path);
    case 'hid':
      return seen.hid.some((device) =>
        connection.path !== undefined
          ? device.path === connection.path
          : device.vendorId === connection.vendorId && device.productId === connection.productId,
      );
    case 'memory':
      return true;
    default:
      return missingCase(connection);
  }
}

/** A port the machine offers, with what the OS says of it, for a person choosing among them. */
export type OfferedPort =
  | Readonly<{ type: 'serial'; path: string; description: string }>
  | Readonly<{
      type: 'hid';
      vendorId: number;
      productId: number;
      path?: string;
      description: string;
    }>;

interface SerialPortInfo {
  readonly path: string;
  readonly manufacturer?: string;
  readonly serialNumber?: string;
  readonly vendorId?: string;
  readonly productId?: string;
}

const BY_ID = '/dev/serial/by-id';

/**
 * The serial ports and HID devices the OS lists now. USB-serial devices are also offered under
 * their /dev/serial/by-id name, which stays the same when the cable moves to another USB socket
 * (ttyUSB0 may become ttyUSB1 after a restart).
 */
export async function listPorts(): Promise<readonly OfferedPort[]> {
  const listing: Promise<unknown> = SerialPort.list();
  const [ports, hid] = await Promise.all([listing, HID.devicesAsync()]);
  const serial: OfferedPort[] = (ports as readonly SerialPortInfo[]).map((port) => ({
    type: 'serial',
    path: port.path,
    description: [port.manufacturer, port.serialNumber].filter(Boolean).join(' ') || port.path,
  }));
  if (existsSync(BY_ID)) {
    for (const name of readdirSync(BY_ID).sort()) {
      serial.push({ type: 'serial', path: path.join(BY_ID, name), description: name });
    }
  }
  const usb: OfferedPort[] = hid.map((device) => ({
    type: 'hid',
    vendorId: device.vendorId,
    productId: device.productId,
    ...(device.path === undefined ? {} : { path: device.path }),
    description:
      [device.manufacturer, device.product].filter(Boolean).join(' ') ||
      `USB ${hex4(device.vendorId)}:${hex4(device.productId)}`,
  }));
  return [...serial, ...usb];
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}
