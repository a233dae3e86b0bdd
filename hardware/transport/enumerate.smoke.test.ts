// Smoke test: the native addons (node-hid, serialport) load here and enumerate without crashing.
import { describe, expect, it } from 'vitest';
import { enumerateDevices, isPresent, listPorts } from './open-transport';

describe('device enumeration', () => {
  it('loads node-hid and serialport and lists devices', async () => {
    const seen = await enumerateDevices();
    expect(Array.isArray(seen.serialPaths)).toBe(true);
    expect(Array.isArray(seen.hid)).toBe(true);
    for (const device of seen.hid) expect(Number.isInteger(device.vendorId)).toBe(true);
    expect(isPresent({ type: 'serial', path: '/dev/no-such-port', baudRate: 9600 }, seen)).toBe(
      false,
    );
    expect(isPresent({ type: 'hid', vendorId: 0xffff, productId: 0xffff }, seen)).toBe(false);
  });
});

describe('ports offered for choosing', () => {
  it('lists each serial port and HID device with a description a person can read', async () => {
    const seen = await enumerateDevices();
    const offered = await listPorts();
    for (const port of offered) expect(port.description.length).toBeGreaterThan(0);
    const serial = offered.filter((p) => p.type === 'serial').map((p) => p.path);
    // Every port the OS lists is offered (by-id links come on top).
    for (const listed of seen.serialPaths) expect(serial).toContain(listed);
    expect(offered.filter((p) => p.type === 'hid')).toHaveLength(seen.hid.length);
  });
});
