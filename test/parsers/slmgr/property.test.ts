/**
 * Paste damage as properties: whatever wrapping at 80 columns, re-indentation, doubled
 * blank lines with trailing spaces, Markdown fences, `> ` quoting, chat prefixes and
 * CRLF do to a clean output, the
 * parser reads the same facts. Line numbers move, so `source` is left out of the
 * comparison; a wrap followed by stripped indentation can lose the space at the cut,
 * so free-text fields are compared without whitespace.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { Fact } from '../../../src/model/facts.js';
import { fixtureText, parse } from './helpers.js';

const CLEAN_FIXTURES = [
  'en/011-slmgr-dli-server2012-kmsclient-licensed-dns-discovered.txt',
  'en/019-slmgr-dlv-server2025-datacenter-eval-retail-tb-eval-170d-rearm1.txt',
  'en/020-slmgr-dli-win7-enterprise-kmsclient-licensed-msdoc.txt',
  'en/021-slmgr-dli-server2008r2-kmshost-count2-826-requests-msdoc-blanklines.txt',
  'zh-hans/001-slmgr-ato-ltsc-error-0xC004F074.txt',
  'synthetic/en-dlv-all-office-notinuse-skms.txt',
  'synthetic/en-dlv-adba-avma.txt',
  'synthetic/en-dlv-esu-addon-engb-notification.txt',
  'synthetic/en-transcript-ato-error-xpr-dli.txt',
  'synthetic/ospp-dstatusall-grace-and-error.txt',
  'synthetic/de-dlv-kmsclient-licensed.txt',
  'synthetic/zh-TW-dlv-kmsclient-licensed.txt',
];

const FREE_TEXT = new Set(['message', 'description', 'product', 'expiryText', 'trustedTimeText']);

function comparable(facts: Fact[]): unknown {
  return JSON.parse(
    JSON.stringify(facts.map(({ source, ...rest }) => rest)),
    (key, value: unknown) => (FREE_TEXT.has(key) && typeof value === 'string' ? value.replace(/\s+/g, '') : value),
  );
}

function splitText(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** A console window 80 columns wide: every longer line continues on the next one. */
export function wrapAt(lines: string[], width: number): string[] {
  return lines.flatMap((line) => {
    const chunks: string[] = [];
    for (let at = 0; at < line.length; at += width) chunks.push(line.slice(at, at + width));
    return chunks.length ? chunks : [''];
  });
}

type Indent = 'keep' | 'strip' | 'two' | 'three' | 'tab';
function reindent(lines: string[], indent: Indent): string[] {
  const prefix = { keep: '', strip: '', two: '  ', three: '   ', tab: '\t' }[indent];
  return lines.map((line) => (indent === 'strip' ? line.trimStart() : line === '' ? line : prefix + line));
}

interface Damage {
  wrap: boolean;
  indent: Indent;
  doubleBlank: boolean;
  quote: boolean;
  chat: boolean;
  fence: boolean;
  crlf: boolean;
}

function damage(text: string, d: Damage): string {
  let lines = splitText(text);
  if (d.wrap) lines = wrapAt(lines, 80);
  lines = reindent(lines, d.indent);
  if (d.doubleBlank) lines = lines.flatMap((line) => [line + '  ', '']);
  if (d.fence) lines = ['```text', ...lines, '```'];
  if (d.quote) lines = lines.map((line) => '> ' + line);
  if (d.chat) lines = lines.map((line) => '[12:44, 18/3/2026] Jan Novak: ' + line);
  return lines.join(d.crlf ? '\r\n' : '\n') + (d.crlf ? '\r\n' : '\n');
}

const damageArb = fc.record({
  wrap: fc.boolean(),
  indent: fc.constantFrom<Indent>('keep', 'strip', 'two', 'three', 'tab'),
  doubleBlank: fc.boolean(),
  quote: fc.boolean(),
  chat: fc.boolean(),
  fence: fc.boolean(),
  crlf: fc.boolean(),
});

describe('paste damage does not change the facts', () => {
  for (const relative of CLEAN_FIXTURES) {
    it(relative, () => {
      const clean = fixtureText(relative);
      const expected = parse(clean);
      expect(expected.facts.length).toBeGreaterThan(0);
      fc.assert(
        fc.property(damageArb, (d) => {
          const damaged = parse(damage(clean, d));
          expect(comparable(damaged.facts)).toEqual(comparable(expected.facts));
        }),
        { numRuns: 60 },
      );
    });
  }

  it('wrapping alone keeps even the free text exact', () => {
    for (const relative of CLEAN_FIXTURES) {
      const clean = fixtureText(relative);
      const strip = ({ source, ...rest }: Fact) => rest;
      const wrapped = parse(damage(clean, { wrap: true, indent: 'keep', doubleBlank: false, quote: false, chat: false, fence: false, crlf: false }));
      expect(wrapped.facts.map(strip)).toEqual(parse(clean).facts.map(strip));
    }
  });

  it('the wrap really happens in these fixtures (the property is not vacuous)', () => {
    const longLines = CLEAN_FIXTURES.flatMap((relative) => splitText(fixtureText(relative)).filter((line) => line.length > 80));
    expect(longLines.length).toBeGreaterThanOrEqual(5);
  });
});
