import { describe, expect, it } from '@jest/globals';
import iconv from 'iconv-lite';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeText, detectTextEncoding, isValidUtf8 } from '../../src/input/codepage.js';
import { FIXTURES } from '../parsers/slmgr/helpers.js';

const fixture = (relative: string): string => readFileSync(join(FIXTURES, relative), 'utf8');

describe('detectTextEncoding', () => {
  it('takes valid UTF-8 (and plain ASCII) as utf-8', () => {
    expect(detectTextEncoding(Buffer.from(fixture('zh-hans/001-slmgr-ato-ltsc-error-0xC004F074.txt'), 'utf8'))).toBe('utf-8');
    expect(detectTextEncoding(Buffer.from('License Status: Licensed\r\n', 'latin1'))).toBe('utf-8');
  });

  it('keeps utf-8 when the sample ends in the middle of a multibyte character', () => {
    const bytes = Buffer.from('许可证状态: 已授权', 'utf8');
    expect(detectTextEncoding(bytes.subarray(0, bytes.length - 1))).toBe('utf-8');
    expect(isValidUtf8(bytes.subarray(0, bytes.length - 1), false)).toBe(false);
  });

  const cases: [string, string, string][] = [
    ['synthetic/de-dlv-kmsclient-licensed.txt', 'cp850', 'cp850'],
    ['synthetic/fr-dlv-kmsclient-notification.txt', 'cp850', 'cp850'],
    ['synthetic/es-dli-kmsclient-licensed.txt', 'cp850', 'cp850'],
    ['synthetic/de-dlv-kmsclient-licensed.txt', 'windows-1252', 'windows-1252'],
    ['synthetic/fr-dlv-kmsclient-notification.txt', 'windows-1252', 'windows-1252'],
    ['synthetic/ru-dlv-oob-grace.txt', 'cp866', 'cp866'],
    ['synthetic/ja-dlv-kmsclient-licensed.txt', 'cp932', 'cp932'],
    ['synthetic/zh-TW-dlv-kmsclient-licensed.txt', 'big5', 'cp950'],
    ['synthetic/pl-unknown-labels-shapes.txt', 'cp852', 'cp852'],
    ['zh-hans/001-slmgr-ato-ltsc-error-0xC004F074.txt', 'gbk', 'cp936'],
    ['zh-hans/003-ltsc2019-ospp-dstatus-and-slmgr-dlv-kms-dns-licensed-retyped.txt', 'gbk', 'cp936'],
  ];
  for (const [relative, codec, expected] of cases) {
    it(`${relative} written in ${codec} is read as ${expected} and decodes to the original text`, () => {
      const text = fixture(relative);
      const bytes = iconv.encode(text, codec);
      const detected = detectTextEncoding(bytes);
      expect(detected).toBe(expected);
      expect(decodeText(bytes, detected)).toBe(text);
    });
  }

  it('cp437 (US console) text decodes to the original; cp437 and cp850 agree on these letters', () => {
    const text = fixture('synthetic/de-dlv-kmsclient-licensed.txt');
    const bytes = iconv.encode(text, 'cp437');
    const detected = detectTextEncoding(bytes);
    expect(['cp437', 'cp850']).toContain(detected);
    expect(decodeText(bytes, detected)).toBe(text);
  });

  it('does not read a curly apostrophe in ANSI English text as the lead byte of an ideograph', () => {
    const text = 'Don’t run slmgr twice – it’s “fine”… Error: 0xC004F074\r\nLicense Status: Licensed\r\n';
    const bytes = iconv.encode(text, 'windows-1252');
    expect(detectTextEncoding(bytes)).toBe('windows-1252');
  });

  it('tells cp437 from cp850 where they differ (cp437 box/Greek vs cp850 accented capitals)', () => {
    const text = 'Descripción: Año fiscal, Ángel Ólafsson, Íñigo';
    expect(detectTextEncoding(iconv.encode(text, 'cp850'))).toBe('cp850');
  });
});

describe('decodeText', () => {
  const text = fixture('synthetic/ru-dlv-oob-grace.txt');

  it('decodes UTF-16LE with and without a BOM', () => {
    const body = Buffer.from(text, 'utf16le');
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), body]), 'utf-16le')).toBe(text);
    expect(decodeText(body, 'utf-16le')).toBe(text);
  });

  it('decodes UTF-16BE and strips its BOM', () => {
    const le = Buffer.from('\ufeff' + text, 'utf16le');
    const be = Buffer.from(le).swap16();
    expect(decodeText(be, 'utf-16be')).toBe(text);
  });

  it('strips a UTF-8 BOM and ignores an odd trailing byte in UTF-16', () => {
    expect(decodeText(Buffer.from('\ufeffName: x', 'utf8'), 'utf-8')).toBe('Name: x');
    expect(decodeText(Buffer.concat([Buffer.from('Name', 'utf16le'), Buffer.from([0x41])]), 'utf-16le')).toBe('Name');
  });

  it('never throws on garbage', () => {
    const garbage = Buffer.from([0xff, 0x00, 0xc3, 0x28, 0x81, 0x8d, 0xfe]);
    for (const encoding of ['utf-8', 'utf-16le', 'utf-16be', 'cp932', 'cp936', 'cp950', 'cp866', 'binary'] as const) {
      expect(typeof decodeText(garbage, encoding)).toBe('string');
    }
    expect(typeof detectTextEncoding(garbage)).toBe('string');
  });
});
