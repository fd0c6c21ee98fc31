/**
 * The one golden-file helper: compares output with its committed file;
 * `UPDATE_GOLDEN=1 npm test` rewrites the files instead (review the diff, and
 * commit only the changes you meant).
 */
import { expect } from '@jest/globals';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const UPDATING_GOLDEN = process.env.UPDATE_GOLDEN === '1';

/** The committed text of a golden file (written first when updating). */
export function goldenText(file: string, actual: string): string {
  if (UPDATING_GOLDEN) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
  }
  if (!existsSync(file)) throw new Error(`golden file ${file} is missing: run UPDATE_GOLDEN=1 npm test and review the new file`);
  return readFileSync(file, 'utf8');
}

export function expectGolden(file: string, actual: string): void {
  expect(actual).toBe(goldenText(file, actual));
}
