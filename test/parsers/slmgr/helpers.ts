import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Fact, LicenseFact } from '../../../src/model/facts.js';
import { parseSlmgrText } from '../../../src/parsers/slmgr/index.js';
import type { ParseResult } from '../../../src/model/report.js';
import { goldenText } from '../../helpers/golden.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/slmgr');

export function fixtureText(relative: string): string {
  return readFileSync(join(FIXTURES, relative), 'utf8');
}

export function parseFixture(relative: string): ParseResult {
  return parseSlmgrText(fixtureText(relative), { file: relative, defaultMachine: 'PC01' });
}

export function parse(text: string): ParseResult {
  return parseSlmgrText(text, { file: 'paste.txt', defaultMachine: 'PC01' });
}

export function licenses(result: ParseResult): LicenseFact[] {
  return result.facts.filter((f): f is LicenseFact => f.kind === 'license');
}

export function ofKind<K extends Fact['kind']>(result: ParseResult, kind: K): Extract<Fact, { kind: K }>[] {
  return result.facts.filter((f): f is Extract<Fact, { kind: K }> => f.kind === kind);
}

/** Golden file for a fixture; `UPDATE_GOLDEN=1 npm test` rewrites it (review the diff before committing). */
export function golden(relative: string, actual: ParseResult): unknown {
  const path = join(FIXTURES, 'expected', relative.replace(/\.[a-z]+$/, '.json'));
  const shaped = { facts: actual.facts, problems: actual.problems, partial: actual.partial };
  return JSON.parse(goldenText(path, JSON.stringify(shaped, null, 2) + '\n'));
}
