/**
 * Property: any mix of activation and noise events, in any shape and encoding,
 * cut into any chunks, gives exactly one fact per activation event, in order;
 * a cut anywhere keeps every event that ended before it.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { encodeText as encode, readBytes, type Encoding } from './helpers.js';

const NS = 'http://schemas.microsoft.com/win/2004/08/events/event';

interface Spec {
  provider: string;
  eventId: number;
  qualifiers: number;
  data: string[];
  activation: boolean;
}

const ACTIVATION: Spec[] = [
  { provider: 'Microsoft-Windows-Security-SPP', eventId: 12288, qualifiers: 16384, data: ['0xC004F074, 0x00000000, kms:1688, 0c5d1f7b-2f5e-4c3b-9e54-0d0b7a3c8e11, 2026/03/01 10:00, 0, 2, 1, ae2ee509-1b34-41c0-acb7-6d4650168915, 25'], activation: true },
  { provider: 'Microsoft-Windows-Security-SPP', eventId: 12289, qualifiers: 16384, data: ['0x0, 0x04000000, 0, 0, 3, 120, 10080, 2026/03/01 10:00'], activation: true },
  { provider: 'Office Software Protection Platform Service', eventId: 8198, qualifiers: 49152, data: ['hr=0xC004F074'], activation: true },
  { provider: 'Microsoft-Windows-Security-Licensing-SLC', eventId: 12293, qualifiers: 16384, data: ['0x80072338', 'corp.example'], activation: true },
];
const NOISE: Spec[] = [
  { provider: 'Microsoft-Windows-Security-SPP', eventId: 16384, qualifiers: 16384, data: ['2026-03-02T10:00:00Z', 'RulesEngine'], activation: false },
  { provider: 'Microsoft-Windows-Security-SPP-UX-Notifications', eventId: 12288, qualifiers: 16384, data: ['0xC004F074'], activation: false },
  { provider: 'MsiInstaller', eventId: 1003, qualifiers: 0, data: ['Ünïcødé 製品 & <tags>'], activation: false },
];

function render(spec: Spec, recordId: number, quote: string, pretty: boolean): string {
  const nl = pretty ? '\n  ' : '';
  const escaped = spec.data.map((d) => `<Data>${d.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</Data>`).join(nl);
  return (
    `<Event xmlns=${quote}${NS}${quote}>${nl}<System><Provider Name=${quote}${spec.provider}${quote}/>${nl}` +
    `<EventID Qualifiers=${quote}${spec.qualifiers}${quote}>${spec.eventId}</EventID>${nl}` +
    `<TimeCreated SystemTime=${quote}2026-03-01T10:00:00.1234567Z${quote}/>${nl}<EventRecordID>${recordId}</EventRecordID>${nl}` +
    `<Computer>PC${recordId % 3}.corp.example</Computer></System>${nl}<EventData>${escaped}</EventData>${pretty ? '\n' : ''}</Event>`
  );
}

const exportArbitrary = fc.record({
  events: fc.array(fc.oneof(fc.constantFrom(...ACTIVATION), fc.constantFrom(...NOISE)), { minLength: 1, maxLength: 12 }),
  quote: fc.constantFrom('"', "'"),
  pretty: fc.boolean(),
  separator: fc.constantFrom('', '\n', '\r\n', '\n  '),
  rooted: fc.boolean(),
  encoding: fc.constantFrom<Encoding>('utf-8', 'utf-16le', 'utf-16be'),
  bom: fc.boolean(),
  chunkSizes: fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1, maxLength: 20 }),
});


describe('property: any export, any chunking', () => {
  it('one fact per activation event, in file order', async () => {
    await fc.assert(
      fc.asyncProperty(exportArbitrary, async (x) => {
        const body = x.events.map((spec, i) => render(spec, i + 1, x.quote, x.pretty)).join(x.separator);
        const text = x.rooted ? `<?xml version="1.0" encoding="UTF-16"?>\n<Events>${body}</Events>\n` : body;
        const result = await readBytes(encode(text, x.encoding, x.bom), x.encoding, x.chunkSizes);
        const expected = x.events.flatMap((spec, i) => (spec.activation ? [i + 1] : []));
        expect(result.problems).toEqual([]);
        expect(result.facts.map((f) => f.source.recordId)).toEqual(expected);
        expect(result.facts.every((f) => f.machine.startsWith('PC'))).toBe(true);
      }),
      { numRuns: 150, seed: 20260101 },
    );
  });

  it('a cut keeps every activation event that ended before it', async () => {
    await fc.assert(
      fc.asyncProperty(exportArbitrary, fc.double({ min: 0, max: 1, noNaN: true }), async (x, where) => {
        const rendered = x.events.map((spec, i) => render(spec, i + 1, x.quote, x.pretty));
        const text = rendered.join(x.separator);
        const full = encode(text, x.encoding, false);
        const cut = Math.floor(where * full.length);
        const result = await readBytes(full.subarray(0, cut), x.encoding, x.chunkSizes);
        const unit = x.encoding === 'utf-8' ? 1 : 2;
        let end = 0;
        const expected: number[] = [];
        rendered.forEach((event, i) => {
          const start = i === 0 ? 0 : end + Buffer.byteLength(x.separator, 'utf8') * unit;
          end = start + (unit === 1 ? Buffer.byteLength(event, 'utf8') : event.length * 2);
          if (x.events[i]!.activation && end <= cut) expected.push(i + 1);
        });
        expect(result.facts.map((f) => f.source.recordId)).toEqual(expected);
      }),
      { numRuns: 150, seed: 7 },
    );
  });
});
