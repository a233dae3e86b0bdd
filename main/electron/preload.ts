// The only thing the sandboxed UI sees of Electron: `window.register`, one object with the typed
// command map and the core's events. No ipcRenderer, no process, no generic channel.
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import type { Answer } from '../../app/commands';
import type { CoreEvent, RegisterBridge } from '../../app/commands/socket-envelope';
import { IPC } from './ipc-channels';

const bridge = {
  send: (name, args) => ipcRenderer.invoke(IPC.send, name, args) as Promise<Answer<never>>,
  onEvent(listener) {
    const relay = (_event: IpcRendererEvent, coreEvent: CoreEvent): void => listener(coreEvent);
    ipcRenderer.on(IPC.event, relay);
    return () => {
      ipcRenderer.off(IPC.event, relay);
    };
  },
} satisfies RegisterBridge;

contextBridge.exposeInMainWorld('register', bridge);
