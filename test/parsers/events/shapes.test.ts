/**
 * Every export shape and encoding of the same three activation events gives
 * the same facts, whatever the chunk boundaries.
 */
import { describe, expect, it } from '@jest/globals';
import type { Fact } from '../../../src/model/facts.js';
import { fixtureBytes, readBytes, readFixture, randomSizes, withoutLocation, type Encoding } from './helpers.js';

const SHAPES: [string, Encoding][] = [
  ['shapes/wevtutil-oneline.xml', 'utf-8'],
  ['shapes/rendered-xml-de-DE.xml', 'utf-8'],
  ['shapes/event-viewer-events-root.xml', 'utf-8'],
  ['shapes/toxml-concatenated.xml', 'utf-8'],
  ['shapes/forwarded-single-quotes.xml', 'utf-8'],
  ['shapes/wrong-encoding-declaration.xml', 'utf-8'],
  ['shapes/utf8-bom.xml', 'utf-8'],
  ['shapes/utf16le-bom.xml', 'utf-16le'],
  ['shapes/utf16be-bom.xml', 'utf-16be'],
  ['shapes/utf16le-nobom.xml', 'utf-16le'],
  ['shapes/utf16le-bom-events-root-declaration.xml', 'utf-16le'],
];

/** What the three events in every shape file say (12288 failing, 12289 NOT_ENOUGH_COUNT, 8198). */
function expectTheClientSet(facts: Fact[]): void {
  expect(facts.map((f) => [f.kind, f.source.recordId])).toEqual([
    ['kms-request', 40012],
    ['kms-response', 40014],
    ['activation-error', 40015],
  ]);
  expect(facts[0]).toMatchObject({
    machine: 'PC01',
    time: '2026-10-02T08:17:33.123Z',
    hresult: '0xC004F074',
    kmsHost: 'kms01.corp.contoso.com',
    kmsPort: 1688,
    cmid: '36f27b39-4dc4-4a39-8a6b-1a3b7a1d3c0e',
    clientTime: '2026-10-02T08:17:00.000Z',
    licenseStatus: 'oob-grace',
    minutesToExpiry: 41760,
    activationId: '68531fb9-5511-4989-97be-d11a0f55633f',
    minimumCount: 25,
  });
  expect(facts[1]).toMatchObject({
    hresult: '0xC004F038',
    statusFlags: '0x04000008',
    statusFlagNames: ['SL_VL_BINDING_STATUS_OTHER_PC', 'SL_VL_BINDING_ERROR_NOT_ENOUGH_COUNT'],
    activated: false,
    currentCount: 3,
  });
  expect(facts[2]).toMatchObject({ hresult: '0xC004F074', context: 'event 8198 (license activation failed)' });
}

describe('export shapes and encodings', () => {
  for (const [file, encoding] of SHAPES) {
    it(`${file} (${encoding}) gives the three client facts`, async () => {
      const result = await readFixture(file, encoding);
      expect(result.problems).toEqual([]);
      expect(result.partial).toBe(false);
      expectTheClientSet(result.facts);
    });
  }

  it('every shape gives the same facts apart from their position in the file', async () => {
    const reference = withoutLocation((await readFixture('shapes/wevtutil-oneline.xml')).facts).map((f) => {
      const { message, ...rest } = f as { message?: unknown };
      return rest;
    });
    for (const [file, encoding] of SHAPES) {
      const facts = withoutLocation((await readFixture(file, encoding)).facts).map((f) => {
        const { message, ...rest } = f as { message?: unknown };
        return rest;
      });
      expect({ file, facts }).toEqual({ file, facts: reference });
    }
  });

  it('RenderedXml: the localized message is carried for display only, never needed', async () => {
    const rendered = await readFixture('shapes/rendered-xml-de-DE.xml');
    const plain = await readFixture('shapes/wevtutil-oneline.xml');
    const error = rendered.facts.find((f) => f.kind === 'activation-error');
    expect(error && 'message' in error ? error.message : null).toContain('Fehlercode');
    const plainError = plain.facts.find((f) => f.kind === 'activation-error');
    expect(plainError && 'message' in plainError ? plainError.message : 'x').toBeNull();
  });

  it('line numbers are those of each <Event> start tag (CRLF one-line export)', async () => {
    const { facts } = await readFixture('shapes/wevtutil-oneline.xml');
    expect(facts.map((f) => f.source.line)).toEqual([2, 4, 5]);
    const rooted = await readFixture('shapes/event-viewer-events-root.xml');
    expect(rooted.facts.map((f) => f.source.line)).toEqual([4, 6, 7]);
    const utf16 = await readFixture('shapes/utf16le-bom-events-root-declaration.xml', 'utf-16le');
    expect(utf16.facts.map((f) => f.source.line)).toEqual([4, 6, 7]);
  });

  it('an event without <Computer> is filed under the default machine', async () => {
    const { facts } = await readFixture('handwritten/client-failing-events.xml');
    const noComputer = facts.find((f) => f.source.recordId === 513);
    expect(noComputer?.machine).toBe('DEFAULT-PC');
  });
});

describe('chunk boundaries', () => {
  for (const [file, encoding] of SHAPES) {
    it(`${file}: random small chunks (including mid-character splits) give identical facts`, async () => {
      const bytes = fixtureBytes(file);
      const whole = await readBytes(bytes, encoding);
      for (const seed of [1, 2, 3]) {
        const result = await readBytes(bytes, encoding, randomSizes(seed * 7919 + bytes.length, 64, 23));
        expect(result).toEqual(whole);
      }
      const oneByte = await readBytes(bytes, encoding, [1]);
      expect(oneByte).toEqual(whole);
    });
  }

  it('real export read in 1–4096 byte chunks matches the one-shot read', async () => {
    const bytes = fixtureBytes('real/anotherc0ne__AD-DC-Application.spp.xml');
    const whole = await readBytes(bytes, 'utf-8');
    const chunkedResult = await readBytes(bytes, 'utf-8', randomSizes(42, 500, 4096));
    expect(chunkedResult).toEqual(whole);
    expect(whole.facts).toHaveLength(61);
  });

  it('UTF-16BE of a real export split at odd offsets', async () => {
    const utf8 = fixtureBytes('real/sbousseaden__EVTX-ATTACK-SAMPLES-rogue_msi_url_1040_1042.spp.xml');
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(utf8.toString('utf8'), 'utf16le').swap16()]);
    const fromUtf8 = await readBytes(utf8, 'utf-8');
    const fromBe = await readBytes(be, 'utf-16be', randomSizes(5, 100, 31));
    expect(fromBe.facts.map((f) => ({ ...f, source: { ...f.source, line: f.source.line } }))).toEqual(fromUtf8.facts);
  });
});
