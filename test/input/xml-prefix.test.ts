import { describe, expect, it } from '@jest/globals';
import { eventPrefix, withoutPrefix, type XmlStreamEncoding } from '../../src/input/xml-prefix.js';

async function strip(whole: Buffer, cut: number, encoding: XmlStreamEncoding): Promise<Buffer> {
  async function* source(): AsyncGenerator<Buffer> {
    yield whole.subarray(0, cut);
    yield whole.subarray(cut);
  }
  const out: Buffer[] = [];
  for await (const chunk of withoutPrefix(source(), 'e', encoding)) out.push(Buffer.from(chunk));
  return Buffer.concat(out);
}

describe('namespace prefixes on event elements', () => {
  const prefixed = "<e:Events><e:Event xmlns:e='x'><e:System><e:EventID>12288</e:EventID></e:System><e:Data>a<b</e:Data></e:Event></e:Events>";
  const plain = "<Events><Event xmlns:e='x'><System><EventID>12288</EventID></System><Data>a<b</Data></Event></Events>";

  it('finds the prefix of the event elements', () => {
    expect(eventPrefix(prefixed)).toBe('e');
    expect(eventPrefix(plain)).toBeNull();
  });

  it('removes it from every tag whatever the chunk boundary, in UTF-8 and UTF-16', async () => {
    for (const encoding of ['utf-8', 'utf-16le', 'utf-16be'] as const) {
      const encode = (text: string): Buffer =>
        encoding === 'utf-8' ? Buffer.from(text, 'utf8') : encoding === 'utf-16le' ? Buffer.from(text, 'utf16le') : Buffer.from(text, 'utf16le').swap16();
      const whole = encode(prefixed);
      for (let cut = 0; cut <= whole.length; cut++) {
        expect({ encoding, cut, text: (await strip(whole, cut, encoding)).equals(encode(plain)) }).toEqual({ encoding, cut, text: true });
      }
    }
  });
});
