// The chosen port on two in-memory cables: no port, a port, another port, none again.
import { describe, expect, it } from 'vitest';
import type { Connection } from './byte-transport';
import { createChosenPort, NoPortChosenError, samePort } from './chosen-port';
import { createMemoryPair, type MemoryPair } from './memory-transport';

function cables(): { pairs: Map<string, MemoryPair>; transportFor: (c: Connection) => never } {
  const pairs = new Map([
    ['a', createMemoryPair('a')],
    ['b', createMemoryPair('b')],
  ]);
  const transportFor = (connection: Connection): never => {
    if (connection.type !== 'memory') throw new Error('memory cables only');
    const pair = pairs.get(connection.name);
    if (pair === undefined) throw new Error(`no cable ${connection.name}`);
    return pair.register as never;
  };
  return { pairs, transportFor };
}

const onA: Connection = { type: 'memory', name: 'a' };
const onB: Connection = { type: 'memory', name: 'b' };

describe('a chosen port', () => {
  it('will not open with no port chosen, and says which device', async () => {
    const { transportFor } = cables();
    const port = createChosenPort({ name: 'printer', transportFor });
    await expect(port.open()).rejects.toBeInstanceOf(NoPortChosenError);
    await expect(port.open()).rejects.toThrow('no port is chosen for printer');
    await expect(port.write(Uint8Array.of(1))).rejects.toThrow('printer is not open');
    expect(port.isOpen()).toBe(false);
  });

  it('carries bytes both ways on the chosen port', async () => {
    const { pairs, transportFor } = cables();
    const port = createChosenPort({ name: 'printer', transportFor, initial: onA });
    const a = pairs.get('a')!;
    await a.device.open();
    await port.open();
    const heard: number[] = [];
    port.onData((chunk) => heard.push(...chunk));
    const atDevice: number[] = [];
    a.device.onData((chunk) => atDevice.push(...chunk));
    await port.write(Uint8Array.of(7, 8));
    await a.device.write(Uint8Array.of(9));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(atDevice).toEqual([7, 8]);
    expect(heard).toEqual([9]);
    expect(port.connection()).toEqual(onA);
  });

  it('moves to another port as an unplug from the old one, then opens on the new one', async () => {
    const { pairs, transportFor } = cables();
    const port = createChosenPort({ name: 'printer', transportFor, initial: onA });
    const a = pairs.get('a')!;
    const b = pairs.get('b')!;
    await Promise.all([a.device.open(), b.device.open()]);
    await port.open();
    const lost: string[] = [];
    port.onLost((why) => lost.push(why));
    const heard: number[] = [];
    port.onData((chunk) => heard.push(...chunk));

    await port.choose(onB);
    expect(lost).toEqual(['port changed']);
    expect(a.register.isOpen()).toBe(false);
    expect(port.isOpen()).toBe(false);

    await port.open();
    await a.device.open();
    await a.device.write(Uint8Array.of(1));
    await b.device.write(Uint8Array.of(2));
    await new Promise((resolve) => setTimeout(resolve, 0));
    // Only the new cable is heard: the old one is unhooked.
    expect(heard).toEqual([2]);

    await port.choose(undefined);
    expect(lost).toEqual(['port changed', 'port removed']);
    await expect(port.open()).rejects.toBeInstanceOf(NoPortChosenError);
  });

  it('changes nothing when the same port is chosen again', async () => {
    const { pairs, transportFor } = cables();
    const port = createChosenPort({ name: 'printer', transportFor, initial: onA });
    await pairs.get('a')!.device.open();
    await port.open();
    const lost: string[] = [];
    port.onLost((why) => lost.push(why));
    await port.choose({ type: 'memory', name: 'a' });
    expect(lost).toEqual([]);
    expect(port.isOpen()).toBe(true);
  });

  it('passes on a loss of the port itself (the cable pulled)', async () => {
    const { pairs, transportFor } = cables();
    const port = createChosenPort({ name: 'printer', transportFor, initial: onA });
    await port.open();
    const lost: string[] = [];
    port.onLost((why) => lost.push(why));
    pairs.get('a')!.register.unplug();
    expect(lost).toEqual(['unplugged']);
  });
});

describe('same port', () => {
  it('compares every field', () => {
    const serial: Connection = { type: 'serial', path: '/dev/ttyUSB0', baudRate: 9600 };
    expect(samePort(serial, { ...serial })).toBe(true);
    expect(samePort(serial, { ...serial, baudRate: 19200 })).toBe(false);
    expect(samePort(serial, { ...serial, rtscts: true })).toBe(false);
    expect(samePort(undefined, undefined)).toBe(true);
    expect(samePort(serial, undefined)).toBe(false);
  });
});
