import { createReadStream, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Fact } from '../../../src/model/facts.js';
import { readEventXml, type EventReadLimits } from '../../../src/parsers/events/index.js';
import type { ParseResult } from '../../../src/model/report.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'fixtures', 'events');

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

export function fixture(relative: string): string {
  return join(FIXTURES, relative);
}

export function fixtureBytes(relative: string): Buffer {
  return readFileSync(fixture(relative));
}

/** `text` in the encoding, with or without its BOM. */
export function encodeText(text: string, encoding: Encoding, bom: boolean): Buffer {
  if (encoding === 'utf-8') return Buffer.concat([Buffer.from(bom ? [0xef, 0xbb, 0xbf] : []), Buffer.from(text, 'utf8')]);
  const le = Buffer.from(text, 'utf16le');
  if (encoding === 'utf-16le') return Buffer.concat([Buffer.from(bom ? [0xff, 0xfe] : []), le]);
  return Buffer.concat([Buffer.from(bom ? [0xfe, 0xff] : []), le.swap16()]);
}

/** Chunks of the given sizes (cycled), as a stream would deliver them. */
export async function* chunked(bytes: Buffer, sizes: readonly number[] = [bytes.length || 1]): AsyncGenerator<Buffer> {
  let offset = 0;
  let i = 0;
  while (offset < bytes.length) {
    const size = Math.max(1, sizes[i++ % sizes.length]!);
    yield bytes.subarray(offset, offset + size);
    offset += size;
  }
}

/** Deterministic pseudo-random chunk sizes in [1, max]. */
export function randomSizes(seed: number, count: number, max: number): number[] {
  let state = seed >>> 0;
  const sizes: number[] = [];
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    sizes.push(1 + (state % max));
  }
  return sizes;
}

export function readBytes(bytes: Buffer, encoding: Encoding, sizes?: number[], limits?: EventReadLimits, file = 'test.xml'): Promise<ParseResult> {
  return readEventXml(chunked(bytes, sizes), encoding, { file, defaultMachine: 'DEFAULT-PC' }, limits);
}

export function readFixture(relative: string, encoding: Encoding = 'utf-8'): Promise<ParseResult> {
  const path = fixture(relative);
  return readEventXml(createReadStream(path, { highWaterMark: 1 << 20 }), encoding, { file: relative, defaultMachine: 'DEFAULT-PC' });
}

export function byRecord(facts: Fact[], recordId: number): Fact[] {
  return facts.filter((f) => f.source.recordId === recordId);
}

export function only<K extends Fact['kind']>(facts: Fact[], recordId: number, kind: K): Extract<Fact, { kind: K }> {
  const found = byRecord(facts, recordId);
  if (found.length !== 1 || found[0]!.kind !== kind) {
    throw new Error(`expected one ${kind} fact for record ${recordId}, got ${JSON.stringify(found.map((f) => f.kind))}`);
  }
  return found[0] as Extract<Fact, { kind: K }>;
}

export function kindCounts(facts: Fact[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const fact of facts) counts[fact.kind] = (counts[fact.kind] ?? 0) + 1;
  return counts;
}

/** Facts without their source line/file, to compare the same events read from different shapes. */
export function withoutLocation(facts: Fact[]): unknown[] {
  return facts.map((fact) => {
    const { source, ...rest } = fact;
    return { ...rest, recordId: source.recordId };
  });
}
