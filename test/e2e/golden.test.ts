/**
 * Golden outputs of every format for the demo fleet, produced by the built CLI.
 * After an intended change: UPDATE_GOLDEN=1 npm test, then review the diff.
 */
import { describe, expect, it } from '@jest/globals';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/data/paths.js';
import { OUTPUT_FORMATS } from '../../src/report/index.js';
import { runCli } from '../helpers/cli.js';

const GOLDEN_DIR = join(PACKAGE_ROOT, 'test', 'e2e', 'golden');
const EXTENSIONS: Record<string, string> = { text: 'txt', json: 'json', jsonl: 'jsonl', csv: 'csv', markdown: 'md', sarif: 'sarif', junit: 'xml', html: 'html' };

describe('golden outputs for fixtures/fleet', () => {
  for (const format of OUTPUT_FORMATS) {
    it(`--format ${format}`, () => {
      const run = runCli(['scan', 'fixtures/fleet', '--format', format, '--quiet', '--jobs', '3']);
      expect(run.code).toBe(1);
      const golden = join(GOLDEN_DIR, `fleet.${EXTENSIONS[format]}`);
      if (process.env.UPDATE_GOLDEN === '1') {
        mkdirSync(GOLDEN_DIR, { recursive: true });
        writeFileSync(golden, run.stdout);
      }
      expect(run.stdout).toBe(readFileSync(golden, 'utf8'));
    });
  }
});
