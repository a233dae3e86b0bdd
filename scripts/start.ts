// npm start: brings up the demo — the central server, a register on simulated devices with the
// real catalog, and its UI — in Electron when its binary is installed, else in the browser-mode
// host. Until the register core, server and UI land (issues #4, #6, #8) it says so plainly.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';

function electronBinary(): string | undefined {
  try {
    // The electron package exports the path of its binary, and throws when it was never fetched
    // (it cannot be downloaded on machines without internet access).
    const binary = createRequire(import.meta.url)('electron') as unknown;
    return typeof binary === 'string' && existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

const binary = electronBinary();
console.log(
  binary
    ? `start: Electron binary found at ${binary}.`
    : 'start: no Electron binary is installed, so the demo will use the browser-mode host.',
);
console.log(`start: the demo is not runnable yet. What it will be:
  - the central server, embedded (PGlite), on 127.0.0.1            (issue #6)
  - a register core on simulated scanner, printer, drawer, card
    reader, display and scale, with the 808k-product real catalog   (issues #4, #5)
  - the cashier / member / stocktake / manager screens, in Electron
    or at a printed http://127.0.0.1 URL with a per-launch token    (issue #8)
What works today: npm test (lint, typecheck, unit, end-to-end) and npm run bench.`);
