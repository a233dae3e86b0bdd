// Type-checks every environment with its own tsconfig: pure app/, DOM-only renderer/, the Node
// side, and the tests. One failure fails the whole command.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const PROJECTS = [
  { name: 'app (pure)', config: 'app/tsconfig.json' },
  { name: 'renderer (DOM)', config: 'renderer/tsconfig.json' },
  { name: 'node (main, hardware, sync, tooling)', config: 'tsconfig.json' },
  { name: 'tests', config: 'tsconfig.test.json' },
] as const;

// TS18003 "No inputs were found": an environment whose folder has no code yet.
const NO_INPUTS = 'TS18003';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

function check(config: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsc, '--noEmit', '--pretty', '-p', config], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

let failed = 0;
for (const project of PROJECTS) {
  const started = performance.now();
  const { code, output } = await check(project.config);
  const ms = Math.round(performance.now() - started);
  if (code === 0) {
    console.log(`typecheck: ${project.name} ok (${ms} ms)`);
  } else if (output.includes(NO_INPUTS)) {
    console.log(`typecheck: ${project.name}: no source files yet`);
  } else {
    failed += 1;
    console.error(`typecheck: ${project.name} FAILED (${project.config})\n${output}`);
  }
}
process.exitCode = failed === 0 ? 0 : 1;
