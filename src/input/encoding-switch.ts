/**
 * PowerShell 5 `>>` appends UTF-16LE to a file that may be UTF-8 (a first
 * export written by PowerShell 7, wevtutil or an editor). Read that way, the
 * appended part — the newest events — is lost. A UTF-8 stream never holds the
 * byte 0xFF and XML never holds NUL, so the first of either marks where the
 * UTF-16LE part starts; from there the bytes are re-encoded as UTF-8.
 */
export interface EncodingSwitch {
  /** Byte offset in the file where UTF-16LE starts, once seen. */
  at: number | null;
}

import { StringDecoder } from 'node:string_decoder';

export async function* utf8ThenUtf16(chunks: AsyncIterable<Buffer>, seen: EncodingSwitch): AsyncGenerator<Buffer> {
  let offset = 0;
  let decoder: StringDecoder | null = null;
  let held: Buffer | null = null; // a 0xFF at a chunk's end may be half a BOM
  for await (const piece of chunks) {
    const chunk: Buffer = held ? Buffer.concat([held, piece]) : piece;
    held = null;
    if (decoder) {
      yield Buffer.from(decoder.write(chunk), 'utf8');
      offset += chunk.length;
      continue;
    }
    const start = utf16Start(chunk);
    if (start < 0) {
      const keep = chunk[chunk.length - 1] === 0xff ? 1 : 0;
      if (keep) held = Buffer.from(chunk.subarray(chunk.length - 1));
      yield chunk.subarray(0, chunk.length - keep);
      offset += chunk.length - keep;
      continue;
    }
    seen.at = offset + start;
    if (start > 0) yield chunk.subarray(0, start);
    decoder = new StringDecoder('utf16le');
    const bomLength = chunk[start] === 0xff ? 2 : 0;
    yield Buffer.from(decoder.write(chunk.subarray(start + bomLength)), 'utf8');
    offset += chunk.length;
  }
  if (held) yield held;
  if (decoder) {
    const rest = decoder.end();
    if (rest) yield Buffer.from(rest, 'utf8');
  }
}

/** Where a UTF-16LE part starts in a chunk of UTF-8: a BOM, or the character before the first NUL. */
export function utf16Start(chunk: Buffer): number {
  const bom = chunk.indexOf(0xff);
  const nul = chunk.indexOf(0x00);
  if (bom >= 0 && chunk[bom + 1] === 0xfe && (nul < 0 || bom < nul)) return bom;
  if (nul > 0) return nul - 1;
  if (nul === 0) return 0;
  return -1;
}
