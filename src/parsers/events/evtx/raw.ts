/**
 * The activation fast path's raw reads: a record's provider and EventID taken
 * from its compiled template (literal text) or straight from the bytes of its
 * substitution value, without rendering the record.
 */
import { need } from './errors.js';
import { readInstanceHead, type ChunkContext, type CompiledTemplate, type InstanceHead, type ValueRef } from './binxml.js';
import { VALUE_STRING } from './values.js';

/**
 * The raw provider name of a record whose stream is the usual fragment header
 * + template instance: `literal` when the template spells it out, else the
 * UTF-16LE bytes of the substituted value. Null when the record has another
 * shape (it is then rendered in full).
 */
export type RawProvider = { template: CompiledTemplate; literal: string } | { bytes: Buffer } | null;

/** The head of a record that is fragment header + template instance; null for another shape. */
export function recordHead(ctx: ChunkContext, start: number, end: number): InstanceHead | null {
  const b = ctx.bytes;
  if (start + 5 > end || b[start] !== 0x0f || b[start + 4] !== 0x0c) return null;
  return readInstanceHead(ctx, start + 4, end);
}

/** Value `index` of the instance whose value count sits at `at`, without reading the others; null when absent. */
function rawValue(ctx: ChunkContext, at: number, end: number, index: number): ValueRef | null {
  const b = ctx.bytes;
  need(at + 4 <= end, 'substitutionCountShort');
  const count = b.readUInt32LE(at);
  need(4 * count <= end - at - 4, 'substitutionsDoNotFit', { count });
  if (index >= count) return null;
  let data = at + 4 + 4 * count;
  for (let i = 0; i < index; i++) data += b.readUInt16LE(at + 4 + 4 * i);
  const size = b.readUInt16LE(at + 4 + 4 * index);
  need(data + size <= end, 'rawSubstitutionValuePast');
  return { type: b[at + 6 + 4 * index]!, start: data, size };
}

export function rawProvider(ctx: ChunkContext, head: InstanceHead, end: number): RawProvider {
  const slot = head.template.provider;
  if (!slot) return null;
  if ('literal' in slot) return { template: head.template, literal: slot.literal };
  const value = rawValue(ctx, head.valuesAt, end, slot.index);
  // another type would render through its own rules: decide after rendering
  if (!value || value.type !== VALUE_STRING) return null;
  // a string ends at its first NUL, as rendering cuts it
  const b = ctx.bytes;
  let stop = value.start;
  while (stop + 2 <= value.start + value.size && (b[stop] !== 0 || b[stop + 1] !== 0)) stop += 2;
  return { bytes: b.subarray(value.start, stop) };
}

/** The record's EventID read from its raw u16 value (or the template's literal); null when only rendering can tell. */
export function rawEventId(ctx: ChunkContext, head: InstanceHead, end: number): number | null {
  const slot = head.template.eventId;
  if (!slot) return null;
  if ('literal' in slot) return slot.literal;
  const value = rawValue(ctx, head.valuesAt, end, slot.index);
  return value && value.type === 0x06 && value.size >= 2 ? ctx.bytes.readUInt16LE(value.start) : null;
}
