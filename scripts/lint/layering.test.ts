// Proves the lint boundaries bite: the project's own ESLint config, run through ESLint's API on
// small samples that cross a boundary, reports the crossing; samples that stay in lane pass.
import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

// The samples are not files on disk, so type-aware rules (which need a tsconfig program) are
// switched off; the layering and purity rules under test need no types.
const eslint = new ESLint({
  cwd: root,
  overrideConfig: [{ files: ['**/*.ts', '**/*.tsx'], ...tseslint.configs.disableTypeChecked }],
});

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

const crossings: Array<[file: string, code: string, rule: string]> = [
  ['app/money/sample.ts', "import { x } from '../../main/core';\nexport const y = x;", 'layering'],
  [
    'app/money/sample.ts',
    "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;",
    'layering',
  ],
  ['app/money/sample.ts', "import fs from 'fs';\nexport const r = fs;", 'layering'],
  ['app/money/sample.ts', "import { app } from 'electron';\nexport const a = app;", 'layering'],
  [
    'app/money/sample.ts',
    "import Database from 'better-sqlite3';\nexport const d = Database;",
    'layering',
  ],
  ['app/money/sample.ts', "import { HID } from 'node-hid';\nexport const h = HID;", 'layering'],
  [
    'app/money/sample.ts',
    "import { y } from '../../hardware/scanner';\nexport const z = y;",
    'layering',
  ],
  ['app/money/sample.ts', 'export const title = document.title;', 'no-restricted-globals'],
  ['app/money/sample.ts', 'export const env = process.env;', 'no-restricted-globals'],
  ['app/money/sample.ts', 'export const now = Date.now();', 'no-restricted-properties'],
  ['app/money/sample.ts', 'export const now = new Date();', 'no-restricted-syntax'],
  ['app/money/sample.ts', 'export const r = Math.random();', 'no-restricted-properties'],
  [
    'renderer/screens/sample.ts',
    "import { c } from '../../main/core';\nexport const d = c;",
    'layering',
  ],
  [
    'renderer/screens/sample.ts',
    "import { c } from '../../hardware/printer';\nexport const d = c;",
    'layering',
  ],
  [
    'renderer/screens/sample.ts',
    "import { c } from '../../sync/client/outbox';\nexport const d = c;",
    'layering',
  ],
  [
    'renderer/screens/sample.ts',
    "import { c } from '../../sync/server/app';\nexport const d = c;",
    'layering',
  ],
  [
    'renderer/screens/sample.ts',
    "import path from 'node:path';\nexport const p = path;",
    'layering',
  ],
  [
    'renderer/screens/sample.ts',
    "import { SerialPort } from 'serialport';\nexport const s = SerialPort;",
    'layering',
  ],
  [
    'renderer/screens/sample.ts',
    "import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;",
    'layering',
  ],
  ['renderer/screens/sample.ts', 'export const b = Buffer.from("x");', 'no-restricted-globals'],
  [
    'hardware/scanner/sample.ts',
    "import { s } from '../../renderer/store';\nexport const t = s;",
    'layering',
  ],
  [
    'hardware/scanner/sample.ts',
    "import { s } from '../../main/core';\nexport const t = s;",
    'layering',
  ],
  [
    'sync/client/sample.ts',
    "import { s } from '../../renderer/store';\nexport const t = s;",
    'layering',
  ],
  [
    'sync/client/sample.ts',
    "import { s } from '../../main/core';\nexport const t = s;",
    'layering',
  ],
  [
    'sync/server/sample.ts',
    "import { s } from '../../hardware/printer';\nexport const t = s;",
    'layering',
  ],
  [
    'sync/server/sample.ts',
    "import { SerialPort } from 'serialport';\nexport const t = SerialPort;",
    'layering',
  ],
  [
    'sync/server/sample.ts',
    "import { s } from '../client/outbox';\nexport const t = s;",
    'layering',
  ],
  [
    'sync/protocol/sample.ts',
    "import { createServer } from 'node:http';\nexport const t = createServer;",
    'layering',
  ],
  ['main/sample.ts', "import { s } from '../renderer/store';\nexport const t = s;", 'layering'],
  [
    'main/sample.ts',
    "const s = await import('../sync/server/app');\nexport const t = s;",
    'layering',
  ],
];

const allowed: Array<[file: string, code: string]> = [
  [
    'app/money/sample.ts',
    "import { z } from 'zod';\nimport { a } from '../barcode/gtin';\nexport const b = [z, a];",
  ],
  [
    'renderer/screens/sample.ts',
    "import { a } from '../../app/money';\nimport { p } from '../../sync/protocol/push';\nimport { create } from 'zustand';\nexport const b = [a, p, create];",
  ],
  [
    'hardware/scanner/sample.ts',
    "import { a } from '../../app/barcode';\nimport { SerialPort } from 'serialport';\nexport const b = [a, SerialPort];",
  ],
  [
    'sync/server/sample.ts',
    "import { a } from '../../app/orders';\nimport { p } from '../protocol/push';\nimport pg from 'pg';\nexport const b = [a, p, pg];",
  ],
  [
    'main/sample.ts',
    "import { a } from '../hardware/scanner';\nimport { c } from '../sync/client/outbox';\nimport { app } from 'electron';\nimport Database from 'better-sqlite3';\nexport const b = [a, c, app, Database];",
  ],
  [
    'app/money/sample.test.ts',
    "import { readFileSync } from 'node:fs';\nimport { it } from 'vitest';\nimport fc from 'fast-check';\nexport const b = [readFileSync, it, fc];",
  ],
];

describe('layer boundaries', () => {
  it.each(crossings)('%s: %s is refused by %s', async (file, code, rule) => {
    const found = await problems(file, code);
    expect(
      found.some((p) => p.startsWith(`${rule === 'layering' ? 'local/layering' : rule}:`)),
    ).toBe(true);
  });

  it.each(allowed)('%s: %s passes', async (file, code) => {
    expect(await problems(file, code)).toEqual([]);
  });

  it('names the crossing in the message', async () => {
    const [message] = await problems(
      'renderer/x.ts',
      "import { c } from '../main/core';\nexport const d = c;",
    );
    expect(message).toMatch(/renderer\/ may not import main\//);
  });
});
