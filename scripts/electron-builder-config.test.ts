// The installer configuration is real: it names the app, builds the Linux, Windows and macOS
// targets the stores use, ships the udev rules, and unpacks every native addon from the asar.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const config = parse(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Record<
  string,
  unknown
>;
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};

function section(name: string): Record<string, unknown> {
  const value = config[name];
  expect(value, `electron-builder.yml has ${name}`).toBeTypeOf('object');
  return value as Record<string, unknown>;
}

describe('electron-builder.yml', () => {
  it('names the app', () => {
    expect(config['appId']).toMatch(/^[a-z]+(\.[a-z0-9-]+)+$/);
    expect(config['productName']).toBe('Store Register');
  });

  it('takes resources from build/', () => {
    expect(section('directories')['buildResources']).toBe('build');
  });

  it('builds AppImage and deb for Linux, nsis for Windows, dmg for macOS', () => {
    expect(section('linux')['target']).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(section('win')['target']).toEqual(expect.arrayContaining(['nsis']));
    expect(section('mac')['target']).toEqual(expect.arrayContaining(['dmg']));
  });

  it('installs the udev rules with the deb', () => {
    const deb = section('deb');
    for (const script of [deb['afterInstall'], deb['afterRemove']]) {
      expect(typeof script).toBe('string');
      expect(existsSync(path.join(root, script as string))).toBe(true);
    }
    const installer = readFileSync(path.join(root, deb['afterInstall'] as string), 'utf8');
    expect(installer).toContain('70-store-register.rules');
    expect(existsSync(path.join(root, 'build/udev/70-store-register.rules'))).toBe(true);
    const resources = config['extraResources'] as Array<{ from: string }>;
    expect(resources.map((r) => r.from)).toContain('build/udev');
  });

  it('unpacks every native addon the app depends on from the asar', () => {
    const unpacked = config['asarUnpack'] as string[];
    const natives = ['better-sqlite3', 'node-hid', 'serialport'];
    for (const name of natives) expect(pkg.dependencies).toHaveProperty(name);
    expect(unpacked).toEqual(
      expect.arrayContaining([
        '**/node_modules/better-sqlite3/**',
        '**/node_modules/node-hid/**',
        '**/node_modules/@serialport/bindings-cpp/**',
        '**/*.node',
      ]),
    );
  });

  it('has every file the AppImage target names', () => {
    const license = section('appImage')['license'] as string;
    expect(existsSync(path.join(root, license))).toBe(true);
  });
});
