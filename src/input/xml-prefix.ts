/**
 * Exports written by other tools may bind the event namespace to a prefix
 * (`<e:Event xmlns:e="…">`). The event reader looks for `<Event`, so such a
 * file is taken as "not an event log export". The prefix is removed from tag
 * names on the way in (`<e:` → `<`, `</e:` → `</`); names are compared
 * without prefixes anyway. Byte offsets after a removed prefix shift by its length.
 */
export type XmlStreamEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

const PREFIXED_EVENT = /<([A-Za-z_][\w.-]*):Events?[\s>/]/;

/** The prefix of the event elements in this head, when they have one. */
export function eventPrefix(headText: string): string | null {
  return PREFIXED_EVENT.exec(headText)?.[1] ?? null;
}

export async function* withoutPrefix(chunks: AsyncIterable<Buffer>, prefix: string, encoding: XmlStreamEncoding): AsyncGenerator<Buffer> {
  const unit = encoding === 'utf-8' ? 1 : 2;
  const open = encode(`<${prefix}:`, encoding);
  const close = encode(`</${prefix}:`, encoding);
  const lt = encode('<', encoding);
  const ltSlash = encode('</', encoding);
  let carry = Buffer.alloc(0);
  for await (const chunk of chunks) {
    const data = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    // a tag name cut by the chunk boundary waits for the next chunk; so does half a UTF-16 character
    let safe = data.length - (data.length % unit);
    const last = lastAligned(data, lt, unit);
    if (last >= 0 && data.length - last < close.length) safe = Math.min(safe, last);
    carry = Buffer.from(data.subarray(safe));
    if (safe > 0) yield replaceAll(replaceAll(data.subarray(0, safe), close, ltSlash, unit), open, lt, unit);
  }
  if (carry.length) yield replaceAll(replaceAll(carry, close, ltSlash, unit), open, lt, unit);
}

function lastAligned(data: Buffer, pattern: Buffer, unit: number): number {
  let at = data.lastIndexOf(pattern);
  while (at > 0 && at % unit !== 0) at = data.lastIndexOf(pattern, at - 1);
  return at >= 0 && at % unit === 0 ? at : -1;
}

function replaceAll(data: Buffer, pattern: Buffer, replacement: Buffer, unit: number): Buffer {
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = data.indexOf(pattern); at >= 0; at = data.indexOf(pattern, at + 1)) {
    if (at % unit !== 0 || at < from) continue; // in UTF-16 a match starts on a character boundary
    parts.push(data.subarray(from, at), replacement);
    from = at + pattern.length;
  }
  if (parts.length === 0) return data;
  parts.push(data.subarray(from));
  return Buffer.concat(parts);
}

function encode(text: string, encoding: XmlStreamEncoding): Buffer {
  if (encoding === 'utf-8') return Buffer.from(text, 'utf8');
  const le = Buffer.from(text, 'utf16le');
  return encoding === 'utf-16le' ? le : Buffer.from(le).swap16();
}
