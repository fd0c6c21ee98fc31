/**
 * Fuzz harness: run counts and seeds from the environment, a hang bound per
 * input, and counterexamples saved to fixtures/fuzz/ when FUZZ_SAVE=1.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FUZZ_FIXTURES = join(REPO, 'fixtures', 'fuzz');

/** Runs per property: small under `npm test`, `FUZZ_RUNS=3000` under `npm run fuzz`. */
const RUNS = Math.max(1, Number(process.env.FUZZ_RUNS) || 40);

/** One input taking longer than this is a hang, not a slow run. */
const HANG_BOUND_MS = 10_000;

/** A jest timeout that leaves every run its hang bound plus room. */
export function testTimeout(runsPerInputBound = RUNS): number {
  return Math.max(60_000, runsPerInputBound * 2_000);
}

/** Extra inputs a check needs besides the bytes (kept in a `.json` next to a saved `.bin`). */
export interface CaseParams {
  encoding?: 'utf-8' | 'utf-16le' | 'utf-16be';
  chunkSizes?: number[];
  cut?: number;
}

export interface FuzzCase {
  bytes: Buffer;
  params: CaseParams;
}

export type Check = (input: FuzzCase) => Promise<void>;

/** Runs `work` and fails when it takes longer than the hang bound. */
export async function withinHangBound<T>(what: string, work: () => Promise<T> | T): Promise<T> {
  const started = performance.now();
  const result = await work();
  const elapsed = performance.now() - started;
  if (elapsed > HANG_BOUND_MS) throw new Error(`${what} took ${Math.round(elapsed)} ms (hang bound ${HANG_BOUND_MS} ms)`);
  return result;
}

/**
 * Checks `check` on inputs built from `arbitrary`. On failure the shrunk
 * counterexample is saved (FUZZ_SAVE=1) and the fast-check report is thrown.
 */
export async function fuzz<T>(
  target: string,
  arbitrary: fc.Arbitrary<T>,
  build: (value: T) => FuzzCase,
  check: Check,
  seed: number,
  save = process.env.FUZZ_SAVE === '1',
): Promise<void> {
  const property = fc.asyncProperty(arbitrary, async (value) => {
    const input = build(value);
    traceInput(target, input);
    await check(input);
  });
  const details = await fc.check(property, { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED) || seed });
  if (!details.failed) return;
  let saved = '';
  if (details.counterexample && save) saved = `\nsaved as ${saveCase(target, build(details.counterexample[0]))}`;
  const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  throw new Error(`${target}: ${cause}\n${(await fc.asyncDefaultReportMessage(details)) ?? 'property failed'}${saved}`);
}

/**
 * A real hang blocks the event loop, so no in-process timer can stop it:
 * with FUZZ_TRACE=<dir> every input is written there before it is checked,
 * and a run killed from outside leaves the hanging input behind.
 */
function traceInput(target: string, input: FuzzCase): void {
  const dir = process.env.FUZZ_TRACE;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${target}.bin`), input.bytes);
  writeFileSync(join(dir, `${target}.json`), JSON.stringify(input.params) + '\n');
}

function saveCase(target: string, input: FuzzCase): string {
  const hasParams = Object.keys(input.params).length > 0;
  const paramsText = hasParams ? JSON.stringify(input.params) + '\n' : '';
  const hash = createHash('sha256').update(input.bytes).update(paramsText).digest('hex').slice(0, 12);
  const name = `${target}-${hash}`;
  mkdirSync(FUZZ_FIXTURES, { recursive: true });
  writeFileSync(join(FUZZ_FIXTURES, `${name}.bin`), input.bytes);
  if (hasParams) writeFileSync(join(FUZZ_FIXTURES, `${name}.json`), paramsText);
  return `fixtures/fuzz/${name}.bin`;
}

export interface SavedCase extends FuzzCase {
  name: string;
  target: string;
}

/** Every saved counterexample: `<target>-<hash>.bin` plus its optional `.json` params. */
export function savedCases(): SavedCase[] {
  if (!existsSync(FUZZ_FIXTURES)) return [];
  return readdirSync(FUZZ_FIXTURES)
    .filter((name) => name.endsWith('.bin'))
    .sort()
    .map((name) => {
      const base = name.slice(0, -'.bin'.length);
      const paramsPath = join(FUZZ_FIXTURES, `${base}.json`);
      return {
        name,
        target: base.replace(/-[0-9a-f]{12}$/, ''),
        bytes: readFileSync(join(FUZZ_FIXTURES, name)),
        params: existsSync(paramsPath) ? (JSON.parse(readFileSync(paramsPath, 'utf8')) as CaseParams) : {},
      };
    });
}
