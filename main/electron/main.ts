// The Electron main process: one instance per machine, the register core in a utilityProcess
// (restarted if it dies), and a locked-down window that reaches the core only through the preload.
import path from 'node:path';
import { app, BrowserWindow, ipcMain, screen, utilityProcess } from 'electron';
import type { UtilityProcess } from 'electron';
import type { Answer } from '../../app/commands';
import type { HostMessage } from '../../app/commands/socket-envelope';
import { hostMessageSchema } from '../../app/commands/socket-envelope';
import { IPC } from './ipc-channels';
import { lockDownSessions, secureWebPreferences } from './window-security';

const here = import.meta.dirname;
const CORE_ENTRY = path.join(here, 'core-process.js');
const PRELOAD = path.join(here, 'preload.cjs');
const UI_INDEX = path.join(here, '..', 'renderer', 'index.html');
const KIOSK = process.env['REGISTER_KIOSK'] === '1';
/** The customer display: on a second screen when there is one; REGISTER_CUSTOMER_DISPLAY=1 forces it. */
const CUSTOMER_DISPLAY = process.env['REGISTER_CUSTOMER_DISPLAY'];
const CORE_DOWN: Answer<never> = {
  ok: false,
  error: { code: 'host.disconnected', message: 'The register core is restarting; try again' },
};

let core: UtilityProcess | undefined;
let window: BrowserWindow | undefined;
let customerWindow: BrowserWindow | undefined;
let nextId = 1;
const pending = new Map<number, (answer: Answer<unknown>) => void>();

function startCore(): void {
  const child = utilityProcess.fork(CORE_ENTRY, [], {
    serviceName: 'register-core',
    env: { ...process.env, REGISTER_DATA_DIR: path.join(app.getPath('userData'), 'register') },
  });
  core = child;
  child.on('message', (data: unknown) => {
    const parsed = hostMessageSchema.safeParse(data);
    if (!parsed.success) return;
    const message = parsed.data as HostMessage;
    if ('event' in message) {
      window?.webContents.send(IPC.event, message.event);
      customerWindow?.webContents.send(IPC.event, message.event);
      return;
    }
    pending.get(message.id)?.(message.answer);
    pending.delete(message.id);
  });
  child.on('exit', (code) => {
    core = undefined;
    for (const resolve of pending.values()) resolve(CORE_DOWN);
    pending.clear();
    // A core that died is restarted: the store is crash-safe, the open cart is on disk.
    if (!quitting) {
      console.error(`register core exited (${code}); restarting`);
      setTimeout(startCore, 500);
    }
  });
}

function sendToCore(name: unknown, args: unknown): Promise<Answer<unknown>> {
  if (core === undefined || typeof name !== 'string') return Promise.resolve(CORE_DOWN);
  const id = nextId++;
  const target = core;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    target.postMessage({ id, name, args });
  });
}

function openWindow(): void {
  window = new BrowserWindow({
    width: 1280,
    height: 800,
    kiosk: KIOSK,
    show: false,
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(PRELOAD),
  });
  window.once('ready-to-show', () => window?.show());
  window.on('closed', () => {
    window = undefined;
  });
  void window.loadFile(UI_INDEX);
}

/**
 * The customer-facing display: lines, total, change, points and a thank-you, drawn by the same UI
 * at its `#customer` route from the core's events. It receives events only; the IPC handler
 * refuses commands from any window but the cashier's.
 */
function openCustomerDisplay(): void {
  const displays = screen.getAllDisplays();
  const primary = screen.getPrimaryDisplay();
  const second = displays.find((d) => d.id !== primary.id);
  if (CUSTOMER_DISPLAY === '0' || (second === undefined && CUSTOMER_DISPLAY !== '1')) return;
  const bounds = (second ?? primary).bounds;
  customerWindow = new BrowserWindow({
    x: bounds.x,
    y: bounds.y,
    width: second === undefined ? 800 : bounds.width,
    height: second === undefined ? 600 : bounds.height,
    fullscreen: second !== undefined,
    frame: second === undefined,
    focusable: second === undefined,
    show: false,
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(PRELOAD),
  });
  customerWindow.once('ready-to-show', () => customerWindow?.showInactive());
  customerWindow.on('closed', () => {
    customerWindow = undefined;
  });
  void customerWindow.loadFile(UI_INDEX, { hash: 'customer' });
}

let quitting = false;
if (!app.requestSingleInstanceLock()) {
  // A second start brings the running register to the front instead of opening the store twice.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  app.on('before-quit', () => {
    quitting = true;
    core?.kill();
  });
  app.on('window-all-closed', () => app.quit());
  void app.whenReady().then(() => {
    lockDownSessions();
    // Only our window's frames may call the core, and only with the command map's shape.
    ipcMain.handle(IPC.send, (event, name: unknown, args: unknown) => {
      if (event.sender !== window?.webContents) return CORE_DOWN;
      return sendToCore(name, args);
    });
    startCore();
    openWindow();
    openCustomerDisplay();
  });
}
