// Keeps out/renderer (the built UI the host serves) in step with its sources: rebuilt with vite
// when missing or older than any file under renderer/ or app/, so `npm start` and the end-to-end
// tests never serve a stale screen. Vite is loaded only when a build is due.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..', '..');
export const RENDERER_OUT = path.join(PROJECT_ROOT, 'out', 'renderer');

/** Newest modification time of the files under `dir`, skipping tests. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || /\.test\.tsx?$/.test(entry.name)) continue;
    newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Why a build is due, or undefined when out/renderer is current. */
export function rendererBuildDue(): string | undefined {
  const index = path.join(RENDERER_OUT, 'index.html');
  if (!existsSync(index)) return 'no build yet';
  const built = statSync(index).mtimeMs;
  const sources = [
    path.join(PROJECT_ROOT, 'renderer'),
    path.join(PROJECT_ROOT, 'app'),
    path.join(PROJECT_ROOT, 'vite.config.ts'),
  ];
  const newest = Math.max(
    ...sources.map((s) => (statSync(s).isDirectory() ? newestSource(s) : statSync(s).mtimeMs)),
  );
  return newest > built ? 'sources changed since the last build' : undefined;
}

/** Builds the UI if due; answers what it did, for the start-up log. */
export async function ensureRendererBuilt(): Promise<'current' | { built: string; ms: number }> {
  const why = rendererBuildDue();
  if (why === undefined) return 'current';
  const started = performance.now();
  const { build } = await import('vite');
  // Vite builds React's development bundle when NODE_ENV says anything but "production", and
  // test runners set it to "test": the screens the tests time must be the ones a store runs.
  const nodeEnv = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production';
  try {
    await build({ configFile: path.join(PROJECT_ROOT, 'vite.config.ts'), mode: 'production' });
  } finally {
    if (nodeEnv === undefined) delete process.env['NODE_ENV'];
    else process.env['NODE_ENV'] = nodeEnv;
  }
  return { built: why, ms: Math.round(performance.now() - started) };
}
