// Builds the register's UI (renderer/) into out/renderer, which the browser-mode host and the
// Electron window load. Relative asset paths so both file:// (Electron) and http:// work.
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = import.meta.dirname;

export default defineConfig({
  root: path.join(root, 'renderer'),
  base: './',
  plugins: [react()],
  logLevel: 'warn',
  build: {
    outDir: path.join(root, 'out', 'renderer'),
    emptyOutDir: true,
    // Chromium of Electron 45 and Debian's current one: no legacy transforms needed.
    target: 'chrome120',
    sourcemap: true,
  },
});
