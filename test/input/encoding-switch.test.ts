import { describe, expect, it } from '@jest/globals';
import { utf8ThenUtf16, type EncodingSwitch } from '../../src/input/encoding-switch.js';

async function collect(pieces: Buffer[]): Promise<{ text: string; at: number | null }> {
  const seen: EncodingSwitch = { at: null };
  async function* source(): AsyncGenerator<Buffer> {
    yield* pieces;
  }
  const out: Buffer[] = [];
  for await (const chunk of utf8ThenUtf16(source(), seen)) out.push(Buffer.from(chunk));
  return { text: Buffer.concat(out).toString('utf8'), at: seen.at };
}

describe('utf8ThenUtf16', () => {
  const first = Buffer.from('<Event>ä</Event>\r\n', 'utf8');
  const second = Buffer.from('<Event>ü€</Event>\r\n', 'utf16le');
  const whole = Buffer.concat([first, Buffer.from([0xff, 0xfe]), second]);

  it('re-encodes the UTF-16LE part whatever the chunk boundaries (inside the BOM, inside a character)', async () => {
    for (let cut = 1; cut < whole.length; cut++) {
      const result = await collect([whole.subarray(0, cut), whole.subarray(cut)]);
      expect({ cut, ...result }).toEqual({ cut, text: '<Event>ä</Event>\r\n<Event>ü€</Event>\r\n', at: first.length });
    }
  });

  it('passes pure UTF-8 through unchanged', async () => {
    expect(await collect([first, first])).toEqual({ text: `${first}${first}`, at: null });
  });
});
