// @ts-check
// ESLint rule that enforces the dependency direction between the top-level folders (see
// docs/architecture.md). Each layer says which layers it may import and which packages; a crossing
// is an error, so CI fails on it rather than on review.
import { builtinModules } from 'node:module';
import path from 'node:path';

/** Packages that need no Node, DOM or native code: the pure layers may use these. */
const PURE_PACKAGES = ['zod'];
/** Packages the UI may use on top of the pure ones. */
const UI_PACKAGES = [
  ...PURE_PACKAGES,
  'react',
  'react-dom',
  'zustand',
  '@tanstack/react-query',
  'uqr',
];
/** Packages that load a native addon or talk to the OS: never in the pure layers or the UI. */
const NATIVE_PACKAGES = [
  'better-sqlite3',
  'node-hid',
  'serialport',
  '@serialport',
  'pg',
  'ioredis',
];
/** Packages only tests use. */
const TEST_PACKAGES = ['vitest', 'fast-check'];

/**
 * @typedef {object} Layer
 * @property {string[]} mayImport       layers this layer may import (itself included)
 * @property {boolean} node             may import node: builtins
 * @property {string[] | 'any'} packages bare packages it may import
 * @property {string[]} neverPackages   bare packages it must not import, even where 'any'
 */

/** @type {Record<string, Layer>} Longest prefix wins: sync/protocol before sync. */
export const LAYERS = {
  app: { mayImport: ['app'], node: false, packages: PURE_PACKAGES, neverPackages: [] },
  'sync/protocol': {
    mayImport: ['app', 'sync/protocol'],
    node: false,
    packages: PURE_PACKAGES,
    neverPackages: [],
  },
  renderer: {
    mayImport: ['app', 'sync/protocol', 'renderer'],
    node: false,
    packages: UI_PACKAGES,
    neverPackages: [],
  },
  hardware: {
    mayImport: ['app', 'hardware'],
    node: true,
    packages: 'any',
    neverPackages: ['electron', 'better-sqlite3', 'pg', 'ioredis', 'react', 'react-dom'],
  },
  'sync/client': {
    mayImport: ['app', 'sync/protocol', 'sync/client'],
    node: true,
    packages: 'any',
    neverPackages: ['electron', 'node-hid', 'serialport', '@serialport', 'react', 'react-dom'],
  },
  'sync/server': {
    mayImport: ['app', 'sync/protocol', 'sync/server'],
    node: true,
    packages: 'any',
    neverPackages: [
      'electron',
      'node-hid',
      'serialport',
      '@serialport',
      'better-sqlite3',
      'react',
      'react-dom',
    ],
  },
  main: {
    mayImport: ['app', 'hardware', 'sync/protocol', 'sync/client', 'main'],
    node: true,
    packages: 'any',
    neverPackages: ['react', 'react-dom'],
  },
};

const LAYER_NAMES = Object.keys(LAYERS).sort((a, b) => b.length - a.length);
const BUILTINS = new Set(builtinModules);

/** @param {string} relativePath path from the project root, with forward slashes */
export function layerOf(relativePath) {
  return LAYER_NAMES.find((name) => relativePath === name || relativePath.startsWith(`${name}/`));
}

/** @param {string} specifier */
function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/**
 * @param {string} name
 * @param {string[]} list entries are package names or whole scopes ('@serialport')
 */
function listed(name, list) {
  return list.some((entry) => name === entry || name.startsWith(`${entry}/`));
}

/** @param {string} filename */
function isTestFile(filename) {
  return /\.test\.tsx?$/.test(filename);
}

/**
 * Why `specifier`, imported from a file in `fromLayer`, crosses a boundary; undefined if it may.
 * @param {{ root: string, filename: string, fromLayer: string, specifier: string }} args
 */
export function crossing({ root, filename, fromLayer, specifier }) {
  const layer = LAYERS[fromLayer];
  if (!layer) return undefined;
  const test = isTestFile(filename);

  if (specifier.startsWith('.') || specifier.startsWith('/')) {
    const target = path.relative(root, path.resolve(path.dirname(filename), specifier));
    const targetLayer = layerOf(target.split(path.sep).join('/'));
    if (targetLayer === undefined) {
      // Tooling folders (scripts/, bench/, e2e/, test-support/) are for tests and tools only.
      return test || target.startsWith('..')
        ? undefined
        : `${fromLayer}/ may not import ${target}: it is outside the product's layers`;
    }
    return layer.mayImport.includes(targetLayer)
      ? undefined
      : `${fromLayer}/ may not import ${targetLayer}/ (allowed: ${layer.mayImport.join(', ')})`;
  }

  const isBuiltin = specifier.startsWith('node:') || BUILTINS.has(packageName(specifier));
  if (isBuiltin) {
    return layer.node || test
      ? undefined
      : `${fromLayer}/ may not import the Node module '${specifier}': it must run without Node`;
  }

  const name = packageName(specifier);
  if (test && listed(name, TEST_PACKAGES)) return undefined;
  if (listed(name, layer.neverPackages)) {
    return `${fromLayer}/ may not import '${name}'`;
  }
  if (layer.packages === 'any' || listed(name, layer.packages)) return undefined;
  const kind =
    name === 'electron'
      ? 'Electron'
      : listed(name, NATIVE_PACKAGES)
        ? 'a native package'
        : 'a package outside its list';
  return `${fromLayer}/ may not import '${name}' (${kind}; allowed: ${layer.packages.join(', ')})`;
}

/** @type {import('eslint').Rule.RuleModule} */
export const layeringRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the dependency direction between top-level folders' },
    schema: [],
    messages: { crossing: 'Layer crossing: {{why}}.' },
  },
  create(context) {
    const root = context.cwd;
    const filename = context.filename;
    const relative = path.relative(root, filename).split(path.sep).join('/');
    const fromLayer = layerOf(relative);
    if (fromLayer === undefined) return {};

    /** @param {import('estree').Node | null | undefined} source */
    function check(source) {
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const why = crossing({
        root,
        filename,
        fromLayer: /** @type {string} */ (fromLayer),
        specifier: source.value,
      });
      if (why) context.report({ node: source, messageId: 'crossing', data: { why } });
    }

    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') {
          check(/** @type {import('estree').Node | undefined} */ (node.arguments[0]));
        }
      },
    };
  },
};

export default { rules: { layering: layeringRule } };
