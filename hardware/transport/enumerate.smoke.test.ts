// Smoke test: the native addons (node-hid, serialport) load here and enumerate without crashing.
import { describe, expect, it } from 'vitest';
import { enumerateDevices, isPresent } from './open-transport';

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
