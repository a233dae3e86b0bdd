// The two IPC channels between the Electron main process and the preload: commands in, events out.
export const IPC = {
  send: 'register:send',
  event: 'register:event',
} as const;
