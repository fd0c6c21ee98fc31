/**
 * Mutations of real inputs for fuzzing: truncation, byte flips, encoding swaps,
 * inserted DOCTYPEs, duplicated and shuffled lines, enormous values.
 */
import fc from 'fast-check';

export type Mutation =
  | { type: 'truncate'; at: number }
  | { type: 'flip'; at: number; value: number }
  | { type: 'utf16le' }
  | { type: 'utf16be' }
  | { type: 'doctype' }
  | { type: 'duplicate-lines'; seed: number }
  | { type: 'shuffle-lines'; seed: number }
  | { type: 'enormous-value'; at: number; length: number }
  | { type: 'insert-garbage'; at: number; bytes: number[] };

export const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ type: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }).map((m) => ({ ...m, at: m.at })),
  fc.record({ type: fc.constant('flip' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), value: fc.integer({ min: 0, max: 255 }) }),
  fc.constant({ type: 'utf16le' as const }),
  fc.constant({ type: 'utf16be' as const }),
  fc.constant({ type: 'doctype' as const }),
  fc.record({ type: fc.constant('duplicate-lines' as const), seed: fc.integer() }),
  fc.record({ type: fc.constant('shuffle-lines' as const), seed: fc.integer() }),
  fc.record({ type: fc.constant('enormous-value' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: 1000, max: 300_000 }) }),
  fc.record({ type: fc.constant('insert-garbage' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), bytes: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 64 }) }),
) as fc.Arbitrary<Mutation>;

export function mutate(input: Buffer, mutations: readonly Mutation[]): Buffer {
  return mutations.reduce((bytes, mutation) => applyMutation(bytes, mutation), input);
}

function position(bytes: Buffer, at: number): number {
  return Math.min(bytes.length, Math.floor(at * bytes.length));
}

function applyMutation(bytes: Buffer, mutation: Mutation): Buffer {
  switch (mutation.type) {
    case 'truncate':
      return bytes.subarray(0, position(bytes, mutation.at));
    case 'flip': {
      if (bytes.length === 0) return bytes;
      const copy = Buffer.from(bytes);
      copy[Math.min(copy.length - 1, position(bytes, mutation.at))] = mutation.value;
      return copy;
    }
    case 'utf16le':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(bytes.toString('utf8'), 'utf16le')]);
    case 'utf16be': {
      const le = Buffer.from(bytes.toString('utf8'), 'utf16le');
      for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
      return Buffer.concat([Buffer.from([0xfe, 0xff]), le]);
    }
    case 'doctype':
      return Buffer.concat([Buffer.from('<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;"><!ENTITY c SYSTEM "file:///etc/passwd">]>\n'), bytes]);
    case 'duplicate-lines':
      return mapLines(bytes, (lines) => lines.flatMap((line, index) => (pseudoRandom(mutation.seed + index) < 0.2 ? [line, line] : [line])));
    case 'shuffle-lines':
      return mapLines(bytes, (lines) => [...lines].sort((a, b) => pseudoRandom(mutation.seed + a.length) - pseudoRandom(mutation.seed + b.length)));
    case 'enormous-value': {
      const at = position(bytes, mutation.at);
      return Buffer.concat([bytes.subarray(0, at), Buffer.alloc(mutation.length, 0x41), bytes.subarray(at)]);
    }
    case 'insert-garbage': {
      const at = position(bytes, mutation.at);
      return Buffer.concat([bytes.subarray(0, at), Buffer.from(mutation.bytes), bytes.subarray(at)]);
    }
  }
}

function mapLines(bytes: Buffer, change: (lines: string[]) => string[]): Buffer {
  return Buffer.from(change(bytes.toString('latin1').split('\n')).join('\n'), 'latin1');
}

function pseudoRandom(seed: number): number {
  const x = Math.sin(seed) * 10000;
  return x - Math.floor(x);
}
