/**
 * Golden outputs of every format in the registry for the demo fleet, produced by
 * the built CLI (test/helpers/golden.ts: UPDATE_GOLDEN=1 rewrites them).
 */
import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/data/paths.js';
import { FORMATS } from '../../src/report/index.js';
import { runCli } from '../helpers/cli.js';
import { expectGolden } from '../helpers/golden.js';

const GOLDEN_DIR = join(PACKAGE_ROOT, 'test', 'e2e', 'golden');
/** The html header says when the report was made: a fixed time keeps the file comparable. */
const FIXED_TIME = { SOURCE_DATE_EPOCH: '1795000000' };

describe('golden outputs for fixtures/fleet', () => {
  for (const format of FORMATS) {
    it(`--format ${format.name}`, () => {
      const run = runCli(['scan', 'fixtures/fleet', '--format', format.name, '--quiet', '--jobs', '3'], { env: FIXED_TIME });
      expect(run.code).toBe(1);
      expectGolden(join(GOLDEN_DIR, `fleet.${format.extension}`), run.stdout);
    });
  }

  for (const format of ['csv', 'jsonl']) {
    it(`--format ${format} --rows machines`, () => {
      const run = runCli(['scan', 'fixtures/fleet', '--format', format, '--rows', 'machines', '--quiet']);
      expect(run.code).toBe(1);
      expectGolden(join(GOLDEN_DIR, `fleet.machines.${format}`), run.stdout);
    });
  }
});
