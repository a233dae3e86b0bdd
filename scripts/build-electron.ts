// Builds the Electron entry into out/main: the main process, the register core's utilityProcess
// and the preload, each one bundled file. The UI is built separately into out/renderer (vite);
// main.js loads it from there. `npm run build:electron`; `npm start` calls it when Electron is
// installed and the entry is older than its sources.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { BuildOptions } from 'esbuild';

const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');

/** Node of Electron 45 is 24; Node 20 is the floor the rest of the project keeps to. */
const NODE_TARGET = 'node20';

export interface ElectronBuild {
  readonly outDir: string;
  readonly files: readonly string[];
  readonly ms: number;
}

function common(outDir: string): BuildOptions {
  return {
    absWorkingDir: PROJECT_ROOT,
    bundle: true,
    platform: 'node',
    target: NODE_TARGET,
    sourcemap: 'linked',
    logLevel: 'silent',
    outdir: outDir,
    // Dependencies stay in node_modules (the installer ships them, native addons unpacked from the
    // asar): only our own code is bundled.
    packages: 'external',
  };
}

export async function buildElectron(outDir = path.join(PROJECT_ROOT, 'out', 'main')) {
  const started = performance.now();
  // The main process and the core run as ES modules (package.json "type": "module").
  await build({
    ...common(outDir),
    entryPoints: {
      index: 'main/electron/main.ts',
      'core-process': 'main/electron/core-process.ts',
    },
    format: 'esm',
    outExtension: { '.js': '.js' },
  });
  // A sandboxed preload is a classic script that may require only `electron` (and a few Node
  // built-ins): everything it uses is inlined, so nothing else may stay external.
  await build({
    ...common(outDir),
    packages: 'bundle',
    external: ['electron'],
    entryPoints: { preload: 'main/electron/preload.ts' },
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
  });
  const files = ['index.js', 'core-process.js', 'preload.cjs'].map((f) => path.join(outDir, f));
  return { outDir, files, ms: performance.now() - started } satisfies ElectronBuild;
}

/** Newest modification time of the TypeScript sources the Electron bundles are made from. */
function newestSourceMs(): number {
  let newest = 0;
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !entry.name.includes('.test.'))
        newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  for (const dir of ['main', 'app', 'hardware', 'sync/protocol', 'sync/client'])
    walk(path.join(PROJECT_ROOT, dir));
  return newest;
}

/** True when out/main is missing or older than a source file. */
export function electronBuildIsStale(outDir = path.join(PROJECT_ROOT, 'out', 'main')): boolean {
  const entry = path.join(outDir, 'index.js');
  if (!existsSync(entry)) return true;
  return statSync(entry).mtimeMs < newestSourceMs();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const built = await buildElectron();
  console.log(
    `build-electron: ${built.files.map((f) => path.relative(PROJECT_ROOT, f)).join(', ')} in ${Math.round(built.ms)} ms`,
  );
}
