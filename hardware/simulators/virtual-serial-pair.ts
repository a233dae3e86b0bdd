// A virtual serial cable (two linked ptys from socat) so drivers and simulators meet over real ports.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const SOCAT_PATH = process.env['SOCAT_PATH'] ?? '/usr/bin/socat';

/**
 * Why virtual serial pairs cannot be made here, or undefined when they can. In CI a missing
 * socat is a failure (the install line says how), elsewhere tests skip with this message.
 */
export function socatMissing(): string | undefined {
  const found = existsSync(SOCAT_PATH) && spawnSync(SOCAT_PATH, ['-V']).status === 0;
  if (found) return undefined;
  const why = `socat not found at ${SOCAT_PATH}: install it (apt-get install socat) for serial tests`;
  if (process.env['CI']) throw new Error(why);
  return why;
}

export interface VirtualSerialPair {
  /** The register opens this end… */
  readonly registerPath: string;
  /** …and the simulator this one. */
  readonly devicePath: string;
  /** Pulls the cable: socat exits, both ptys vanish, open ports fail. */
  unplug(): Promise<void>;
  /** Plugs it back in under the same paths (a new socat). */
  replug(): Promise<void>;
  close(): Promise<void>;
}

export async function createVirtualSerialPair(folder?: string): Promise<VirtualSerialPair> {
  const dir = folder ?? mkdtempSync(path.join(os.tmpdir(), 'serial-pair-'));
  const registerPath = path.join(dir, 'register');
  const devicePath = path.join(dir, 'device');
  let child: ChildProcess | undefined;

  async function start(): Promise<void> {
    const args = [`pty,raw,echo=0,link=${registerPath}`, `pty,raw,echo=0,link=${devicePath}`];
    const started = spawn(SOCAT_PATH, args, { stdio: 'ignore' });
    child = started;
    const deadline = Date.now() + 5000;
    while (!(existsSync(registerPath) && existsSync(devicePath))) {
      if (started.exitCode !== null) throw new Error(`socat exited with ${started.exitCode}`);
      if (Date.now() > deadline) throw new Error('socat did not create the ptys in 5 s');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  async function stop(): Promise<void> {
    const current = child;
    child = undefined;
    if (!current || current.exitCode !== null) return;
    const exited = new Promise((resolve) => current.once('exit', resolve));
    current.kill('SIGTERM');
    await exited;
  }

  await start();
  return { registerPath, devicePath, unplug: stop, replug: start, close: stop };
}
