/**
 * Reports written piece by piece: a fleet's JSON report can exceed the longest
 * string V8 can build (about 1 GiB; "Invalid string length"), and building it
 * whole would double the memory it needs. The pieces concatenate to exactly
 * `JSON.stringify(value, null, 2)`.
 */

/** Arrays with more elements than this are written one element at a time. */
const SPLIT_ARRAYS_LONGER_THAN = 1;
/** Deeper than this (report → machines → machine → facts → a fact), values are stringified whole. */
const SPLIT_DEPTH = 4;

export function* jsonPieces(value: unknown, indent = ''): Generator<string> {
  if (indent.length / 2 >= SPLIT_DEPTH) {
    yield (JSON.stringify(value, null, 2) ?? 'null').replace(/\n/g, `\n${indent}`);
    return;
  }
  if (Array.isArray(value) && value.length > 0 && worthSplitting(value)) {
    const inner = `${indent}  `;
    yield '[\n';
    for (let i = 0; i < value.length; i++) {
      yield inner;
      // JSON.stringify writes null for what JSON cannot hold (undefined, functions) inside arrays
      const element = value[i] === undefined || typeof value[i] === 'function' ? null : value[i];
      yield* jsonPieces(element, inner);
      yield i < value.length - 1 ? ',\n' : '\n';
    }
    yield `${indent}]`;
    return;
  }
  if (isPlainObject(value) && worthSplitting(value)) {
    const inner = `${indent}  `;
    const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function');
    if (entries.length === 0) {
      yield '{}';
      return;
    }
    yield '{\n';
    for (const [i, [key, v]] of entries.entries()) {
      yield `${inner}${JSON.stringify(key)}: `;
      yield* jsonPieces(v, inner);
      yield i < entries.length - 1 ? ',\n' : '\n';
    }
    yield `${indent}}`;
    return;
  }
  const text = JSON.stringify(value, null, 2) ?? 'null';
  yield indent ? text.replace(/\n/g, `\n${indent}`) : text;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

/** Only long arrays and what leads to them are split; everything else is stringified whole. */
function worthSplitting(value: unknown, depth = 0): boolean {
  if (depth > 4) return false;
  if (Array.isArray(value)) return value.length > SPLIT_ARRAYS_LONGER_THAN || value.some((element) => worthSplitting(element, depth + 1));
  if (isPlainObject(value)) return Object.values(value).some((v) => worthSplitting(v, depth + 1));
  return false;
}
