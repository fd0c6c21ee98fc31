/**
 * Start-up stays small (issue 19; timings are in npm run bench, never in tests):
 * a run with the built-in data loads neither yaml nor Ajv (the build validated
 * the data), nor fast-glob without a glob. The CommonJS packages a run loaded
 * are read from the module cache after the run.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { PACKAGE_ROOT } from '../../src/data/paths.js';

const HELPER = join(PACKAGE_ROOT, 'test', 'helpers', 'loaded-packages.mjs');
const CLI_MODULE = join(PACKAGE_ROOT, 'dist', 'src', 'cli.js');
const work = mkdtempSync(join(tmpdir(), 'ad-startup-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function loadedPackages(...args: string[]): string[] {
  const run = spawnSync(process.execPath, [HELPER, CLI_MODULE, ...args], { cwd: PACKAGE_ROOT, encoding: 'utf8' });
  const line = run.stderr.split('\n').find((text) => text.startsWith('LOADED '));
  if (!line) throw new Error(`no LOADED line (exit ${run.status}):\n${run.stderr}`);
  return JSON.parse(line.slice('LOADED '.length)) as string[];
}

describe('packages loaded by a run', () => {
  it('explain: commander only', () => {
    expect(loadedPackages('explain', '0xC004F074')).toEqual(['commander']);
  });

  it('scan of a machine folder and check with a built-in policy: no yaml, Ajv, fast-glob or iconv-lite', () => {
    for (const args of [
      ['scan', 'fixtures/fleet/PC03', '-q', '--fail-on', 'never'],
      ['check', '--policy', 'kms-client-image', 'fixtures/fleet/PC07', '-q', '--fail-on', 'never'],
    ]) {
      const loaded = loadedPackages(...args);
      for (const name of ['yaml', 'ajv', 'fast-glob', 'iconv-lite']) expect({ args, loaded: loaded.includes(name) }).toEqual({ args, loaded: false });
    }
  });

  it('--rules DIR and a policy file of the user load yaml and Ajv to validate them; merge reads JSON shards without yaml', () => {
    const rules = join(work, 'rules');
    mkdirSync(rules, { recursive: true });
    writeFileSync(join(rules, 'broken.yaml'), 'id: broken\n');
    expect(loadedPackages('scan', 'fixtures/fleet/PC03', '-q', '--rules', rules)).toEqual(expect.arrayContaining(['yaml', 'ajv']));
    writeFileSync(join(work, 'policy.yaml'), 'name: gold\nrequire: { notActivated: true }\n');
    expect(loadedPackages('check', '--policy', join(work, 'policy.yaml'), 'fixtures/fleet/PC07', '-q')).toEqual(expect.arrayContaining(['yaml', 'ajv']));
    writeFileSync(join(work, 'shard.json'), '{}');
    expect(loadedPackages('merge', join(work, 'shard.json'))).not.toContain('yaml');
  });
});
