// The Electron bundles cannot be started here (no Electron binary can be downloaded), so this
// checks what can be checked without one: the three files build, the preload is a classic script
// that requires nothing but `electron`, and the core bundle really runs a register under plain
// Node when given a `process.parentPort` like Electron's utilityProcess.
import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildElectron } from './build-electron';

// Inside the project, so the bundles resolve their dependencies from its node_modules.
mkdirSync(path.resolve(import.meta.dirname, '..', 'out'), { recursive: true });
const work = mkdtempSync(path.resolve(import.meta.dirname, '..', 'out', 'electron-build-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Gives a forked Node child Electron's `process.parentPort`, over Node's IPC channel. */
const PARENT_PORT_SHIM = `
process.parentPort = {
  on(event, listener) { if (event === 'message') process.on('message', (data) => listener({ data })); },
  postMessage(message) { process.send(message); },
};
`;

describe('buildElectron', () => {
  it('bundles main, the core process and a preload that requires only electron', async () => {
    const built = await buildElectron(path.join(work, 'main'));
    expect(built.files.map((f) => path.basename(f))).toEqual([
      'index.js',
      'core-process.js',
      'preload.cjs',
    ]);
    const preload = readFileSync(path.join(work, 'main', 'preload.cjs'), 'utf8');
    const required = [...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(preload).toContain('exposeInMainWorld("register"');
    // The preload hands the page one object: never ipcRenderer itself or the environment.
    expect(preload).not.toMatch(/process\.env/);
    expect(preload).not.toMatch(/exposeInMainWorld\("[^"]+",\s*import_electron\.ipcRenderer/);

    const main = readFileSync(path.join(work, 'main', 'index.js'), 'utf8');
    expect(main).toContain('requestSingleInstanceLock');
    expect(main).toContain('contextIsolation: true');
    expect(main).toContain('sandbox: true');
    expect(main).toContain('nodeIntegration: false');
  });

  it('runs a register core from the bundle, answering the command map over the parent port', async () => {
    await buildElectron(path.join(work, 'main'));
    const shim = path.join(work, 'parent-port-shim.mjs');
    writeFileSync(shim, PARENT_PORT_SHIM);
    const dataDir = path.join(work, 'register');
    const child = fork(path.join(work, 'main', 'core-process.js'), [], {
      execArgv: ['--import', shim],
      env: { ...process.env, REGISTER_DATA_DIR: dataDir },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      const answer = await new Promise<unknown>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no answer; stderr: ${stderr}`)), 20_000);
        child.on('message', (message: { id?: number; answer?: unknown }) => {
          if (message.id !== 7) return;
          clearTimeout(timer);
          resolve(message.answer);
        });
        child.on('exit', (code) => reject(new Error(`core exited ${code}: ${stderr}`)));
        child.send({ id: 7, name: 'auth.session', args: {} });
      });
      expect(answer).toEqual({ ok: true, value: null });
      // A malformed request is dropped with a warning, never crashes the core.
      child.send({ nonsense: true });
      const second = await new Promise<unknown>((resolve) => {
        child.on('message', (message: { id?: number; answer?: unknown }) => {
          if (message.id === 8) resolve(message.answer);
        });
        child.send({ id: 8, name: 'no.such.command', args: {} });
      });
      expect(second).toMatchObject({ ok: false, error: { code: 'command.unknown' } });
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);
});
