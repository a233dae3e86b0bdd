// The HID transport over a stand-in for node-hid's async device: reports in, writes out, unplug.
import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createHidPosScanDecoder, hidPosReports } from '../scanner/hid-pos-decoder';

class FakeHidDevice extends EventEmitter {
  written: number[][] = [];
  closed = false;
  write(data: number[]): Promise<number> {
    this.written.push(data);
    return Promise.resolve(data.length);
  }
  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}

const state = vi.hoisted((): { device: unknown; opened: unknown[][] } => ({
  device: undefined,
  opened: [],
}));

vi.mock('node-hid', () => ({
  default: {
    HIDAsync: {
      open: (...args: unknown[]) => {
        state.opened.push(args);
        return Promise.resolve(state.device);
      },
    },
    devicesAsync: () => Promise.resolve([]),
  },
}));

const { createHidTransport } = await import('./hid-transport');

describe('HID transport', () => {
  let fake: FakeHidDevice;
  beforeEach(() => {
    fake = new FakeHidDevice();
    state.device = fake;
    state.opened = [];
  });

  it('opens by vendor and product, passes whole reports up, and writes reports down', async () => {
    const transport = createHidTransport({ type: 'hid', vendorId: 0x0c2e, productId: 0x0b61 });
    const decoder = createHidPosScanDecoder();
    const scans: string[] = [];
    transport.onData((report) => {
      for (const d of decoder.push(report)) if (d.type === 'data') scans.push(d.data.raw);
    });
    await transport.open();
    expect(state.opened).toEqual([[0x0c2e, 0x0b61]]);
    expect(transport.label).toBe('hid:0c2e:0b61');
    for (const report of hidPosReports('6901234567892', ']E0'))
      fake.emit('data', Buffer.from(report));
    expect(scans).toEqual(['6901234567892']);
    await transport.write(Uint8Array.of(0x04, 0x01));
    expect(fake.written).toEqual([[4, 1]]);
  });

  it('reports a read error as the device being lost, but not after our own close', async () => {
    const transport = createHidTransport({
      type: 'hid',
      vendorId: 1,
      productId: 2,
      path: '/dev/hidraw3',
    });
    const lost: string[] = [];
    transport.onLost((why) => lost.push(why));
    await transport.open();
    expect(state.opened).toEqual([['/dev/hidraw3']]);
    fake.emit('error', new Error('could not read from HID device'));
    expect(lost).toEqual(['could not read from HID device']);
    expect(transport.isOpen()).toBe(false);
    await expect(transport.write(Uint8Array.of(1))).rejects.toThrow('not open');

    fake = new FakeHidDevice();
    state.device = fake;
    await transport.open();
    await transport.close();
    expect(fake.closed).toBe(true);
    fake.emit('error', new Error('closed'));
    expect(lost).toHaveLength(1);
  });
});
