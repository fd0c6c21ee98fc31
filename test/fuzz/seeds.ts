/**
 * Fuzz seeds: the real samples and fixtures under fixtures/ (events, slmgr, fleet).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { REPO } from './harness.js';

export interface Seed {
  /** Path under fixtures/. */
  name: string;
  bytes: Buffer;
}

const FIXTURES = join(REPO, 'fixtures');

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const path = join(dir, entry);
      return statSync(path).isDirectory() ? filesUnder(path) : [path];
    });
}

function seedsFrom(dirs: string[], keep: (path: string) => boolean): Seed[] {
  return dirs
    .flatMap((dir) => filesUnder(join(FIXTURES, dir)))
    .filter(keep)
    .map((path) => seed(relative(FIXTURES, path), readFileSync(path)));
}

/** A seed prints as its name in fast-check reports (not as kilobytes of bytes). */
function seed(name: string, bytes: Buffer): Seed {
  return { name, bytes, [fc.toStringMethod]: () => `seed(${JSON.stringify(name)})` } as Seed;
}

const isXml = (path: string) => path.endsWith('.xml');
const isText = (path: string) => path.endsWith('.txt');
/** The two real exports of ~500 KB are kept for the whole-file properties but not re-read per run. */
const isSmall = (path: string) => statSync(path).size < 64 * 1024;

/** Event XML without comment/CDATA tricks: plain text search finds its event boundaries. */
export const CLEAN_EVENT_SEEDS: Seed[] = seedsFrom(['events/real', 'events/shapes', 'events/handwritten', 'fleet'], isXml);
const EVENT_SEEDS: Seed[] = [...CLEAN_EVENT_SEEDS, ...seedsFrom(['events/hostile'], isXml)];
export const CLIXML_SEEDS: Seed[] = seedsFrom(['events/clixml'], isXml);
/** slmgr/ospp text: clean outputs (the damage/truncated fixtures are already not clean). */
export const SLMGR_SEEDS: Seed[] = seedsFrom(['slmgr', 'fleet'], isText);
export const CLEAN_SLMGR_SEEDS: Seed[] = SLMGR_SEEDS.filter(
  (seed) => !/not-evidence|damage|truncated|redacted|README/.test(seed.name),
);
/** Everything, for the sniffer, the decoder and the whole pipeline. */
export const ALL_SEEDS: Seed[] = seedsFrom(['events', 'slmgr', 'fleet'], (path) => isSmall(path) && !path.endsWith('.json'));
export const SMALL_EVENT_SEEDS: Seed[] = EVENT_SEEDS.filter((seed) => seed.bytes.length < 64 * 1024);
