/**
 * The installed package: `npm pack` the project, install the tarball into an
 * empty folder and run explain, scan and `check --policy kms-client-image` from
 * there, as a user who ran `npm install activation-doctor` would.
 *
 * The install uses the npm cache first (`--offline`), then the registry only for
 * what the cache lacks (`--prefer-offline`). Without a registry (an offline CI
 * runner with a cold cache) it unpacks the tarball by hand and links the
 * project's own dependencies: what the package ships is still what is tested.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/data/paths.js';
import { KMS_CLIENT_IMAGE_DLV } from '../helpers/gold-image.js';

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let root: string;
let app: string;
let tarball: string;
let installedBy: 'npm --offline' | 'npm --prefer-offline' | 'unpacked by hand';

function run(command: string, args: string[], cwd: string, timeout = 180_000): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: 'utf8', timeout, env: { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false' } });
}

function cli(args: string[]): SpawnSyncReturns<string> {
  return run(process.execPath, [join(app, 'node_modules', 'activation-doctor', 'dist', 'src', 'bin.js'), ...args], app, 60_000);
}

function install(): void {
  const common = ['install', '--no-audit', '--no-fund', '--ignore-scripts', tarball];
  if (run(NPM, [...common, '--offline'], app).status === 0) return void (installedBy = 'npm --offline');
  if (run(NPM, [...common, '--prefer-offline'], app).status === 0) return void (installedBy = 'npm --prefer-offline');
  const target = join(app, 'node_modules', 'activation-doctor');
  mkdirSync(target, { recursive: true });
  const unpacked = run('tar', ['xzf', tarball, '-C', target, '--strip-components=1'], app);
  if (unpacked.status !== 0) throw new Error(`cannot unpack ${tarball}: ${unpacked.stderr}`);
  symlinkSync(join(PACKAGE_ROOT, 'node_modules'), join(target, 'node_modules'), 'dir');
  installedBy = 'unpacked by hand';
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'ad-package-'));
  app = join(root, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), '{ "name": "app", "private": true }\n');
  const packed = run(NPM, ['pack', '--silent', '--pack-destination', root], PACKAGE_ROOT);
  if (packed.status !== 0) throw new Error(`npm pack failed: ${packed.stderr}`);
  tarball = join(
    root,
    readdirSync(root).find((name) => name.endsWith('.tgz'))!,
  );
  install();
}, 400_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe(`the packed package, installed into an empty folder`, () => {
  it('ships the built code, rules, schemas and policies, and no tests', () => {
    const listing = run('tar', ['tzf', tarball], root).stdout.split('\n');
    for (const file of [
      'package/dist/src/bin.js',
      'package/policies/kms-client-image.yaml',
      'package/policies/mak-image.yaml',
      'package/schema/report.schema.json',
      'package/rules/catalog/0xC004F074.yaml',
    ]) {
      expect(listing).toContain(file);
    }
    expect(listing.filter((file) => file.startsWith('package/test/') || file.startsWith('package/dist/test/') || file.startsWith('package/fixtures/'))).toEqual(
      [],
    );
    expect(['npm --offline', 'npm --prefer-offline', 'unpacked by hand']).toContain(installedBy);
    if (installedBy !== 'unpacked by hand') expect(existsSync(join(app, 'node_modules', '.bin', 'activation-doctor'))).toBe(true);
  });

  it('explains a code', () => {
    const result = cli(['explain', '0xC004F074']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/No KMS host could be contacted/);
  });

  it('scans a fleet', () => {
    const result = cli(['scan', join(PACKAGE_ROOT, 'fixtures', 'fleet'), '--format', 'json', '--quiet']);
    expect(result.status).toBe(1);
    expect((JSON.parse(result.stdout) as { machines: unknown[] }).machines).toHaveLength(15);
  });

  it('checks a gold image against the built-in policy by name', () => {
    const image = join(root, 'image');
    mkdirSync(image);
    writeFileSync(join(image, 'IMAGE.txt'), KMS_CLIENT_IMAGE_DLV);
    const pass = cli(['check', '--policy', 'kms-client-image', image, '--quiet']);
    expect([pass.status, pass.stderr]).toEqual([0, '']);
    const fail = cli(['check', '--policy', 'kms-client-image', join(PACKAGE_ROOT, 'fixtures', 'fleet', 'PC07'), '--quiet', '--format', 'compact']);
    expect(fail.status).toBe(1);
    expect(fail.stdout).toMatch(/policy\//);
  });
});
