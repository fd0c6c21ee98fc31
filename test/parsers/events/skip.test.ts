/**
 * The cutter jumps over runs of events that name no activation provider and
 * cuts one event at a time only around provider hits and `!` (comments, CDATA,
 * DOCTYPE). These cases put the traps inside such runs; every chunking must
 * give what reading the whole file gives. Chunks may also come from one buffer
 * the producer reuses (as readChunks does).
 */
import { describe, expect, it } from '@jest/globals';
import { readClixml, readEventXml } from '../../../src/parsers/events/index.js';
import type { ParseResult } from '../../../src/model/report.js';
import { encodeText, fixtureBytes, randomSizes, readBytes, type Encoding } from './helpers.js';

const NS = 'http://schemas.microsoft.com/win/2004/08/events/event';

function event(provider: string, recordId: number, eventId: number, body: string): string {
  return (
    `<Event xmlns="${NS}"><System><Provider Name="${provider}"/><EventID Qualifiers="16384">${eventId}</EventID>` +
    `<TimeCreated SystemTime="2026-03-01T10:00:00.0000000Z"/><EventRecordID>${recordId}</EventRecordID>` +
    `<Computer>PC1</Computer></System><EventData>${body}</EventData></Event>\n`
  );
}

const noise = (recordId: number, body = '<Data>installed</Data>') => event('MsiInstaller', recordId, 1033, body);
const request = (recordId: number) =>
  event('Microsoft-Windows-Security-SPP', recordId, 12288, '<Data>0xC004F074, 0x0, kms:1688, 0c5d1f7b-2f5e-4c3b-9e54-0d0b7a3c8e11, 2026/03/01 10:00, 0, 2, 1, ae2ee509-1b34-41c0-acb7-6d4650168915, 25</Data>');

/** UTF-8 without BOM, UTF-16 with one. */
function encode(text: string, encoding: Encoding): Buffer {
  return encodeText(text, encoding, encoding !== 'utf-8');
}

async function expectSameInEveryChunking(text: string): Promise<ParseResult> {
  const whole = await readBytes(encode(text, 'utf-8'), 'utf-8');
  for (const [seed, max] of [[1, 5], [2, 64], [3, 700]] as const) {
    expect(await readBytes(encode(text, 'utf-8'), 'utf-8', randomSizes(seed, 400, max))).toEqual(whole);
    for (const encoding of ['utf-16le', 'utf-16be'] as const) {
      const utf16 = await readBytes(encode(text, encoding), encoding, randomSizes(seed, 400, max));
      expect({ facts: utf16.facts, problems: utf16.problems.map((p) => p.message.replace(/byte [\d,]+/g, 'byte N')) }).toEqual({
        facts: whole.facts,
        problems: whole.problems.map((p) => p.message.replace(/byte [\d,]+/g, 'byte N')),
      });
    }
  }
  return whole;
}

const records = (result: ParseResult) => result.facts.map((f) => f.source.recordId);

describe('jumping over events without an activation provider', () => {
  it('a fake activation event inside the CDATA of a noise event is not cut out of it', async () => {
    const fake = `<![CDATA[</Event>${request(99).trim()}<Event>]]>`;
    const text = request(1) + noise(2) + noise(3, `<Data>${fake}</Data>`) + noise(4) + request(5);
    const result = await expectSameInEveryChunking(text);
    expect(records(result)).toEqual([1, 5]);
    expect(result.problems).toEqual([]);
  });

  it('a commented-out end tag in a noise event does not split it', async () => {
    const text = noise(1) + noise(2, '<!-- </Event> --><Data>x</Data>') + request(3) + noise(4, '<Data>wow!</Data>') + request(5);
    const result = await expectSameInEveryChunking(text);
    expect(records(result)).toEqual([3, 5]);
    expect(result.problems).toEqual([]);
  });

  it('an event cut off among noise events is still reported when an activation event follows it', async () => {
    const cut = noise(3).slice(0, 120);
    const text = noise(1) + noise(2) + cut + '\n' + request(4) + noise(5);
    const result = await expectSameInEveryChunking(text);
    expect(records(result)).toEqual([4]);
    expect(result.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^event at line 3 \(byte [\d,]+\) has no end tag \(cut off\): skipped$/)]);
  });

  it('a provider name quoted in the data of a noise event is looked at, and gives no fact', async () => {
    const text = noise(1, '<Data>source "Microsoft-Windows-Security-SPP"</Data>') + noise(2) + request(3);
    const result = await expectSameInEveryChunking(text);
    expect(records(result)).toEqual([3]);
    expect(result.facts[0]!.source.line).toBe(3);
  });

  it('line numbers stay right across long runs of skipped events', async () => {
    const text = Array.from({ length: 150 }, (_, i) => noise(i)).join('') + request(150) + noise(151) + request(152);
    const result = await expectSameInEveryChunking(text);
    expect(result.facts.map((f) => [f.source.recordId, f.source.line])).toEqual([
      [150, 151],
      [152, 153],
    ]);
  });

  it('a DOCTYPE after a run of noise events is still refused, keeping the events before it', async () => {
    const text = request(1) + noise(2) + noise(3) + '<!DOCTYPE x [<!ENTITY a "b">]>\n' + request(4);
    const result = await readBytes(Buffer.from(text), 'utf-8', randomSizes(9, 400, 50));
    expect(records(result)).toEqual([1]);
    expect(result.partial).toBe(true);
    expect(result.problems[0]!.message).toMatch(/^DOCTYPE with entities refused at byte [\d,]+ \(line 4\)/);
  });
});

describe('found by review: what the jump must not change', () => {
  it('an oversized event without a provider is reported whether or not it lies inside one window', async () => {
    const text = noise(1) + noise(2, `<Data>${'x'.repeat(1000)}</Data>`) + noise(3) + request(4);
    const limits = { maxEventBytes: 800 };
    const whole = await readBytes(Buffer.from(text), 'utf-8', undefined, limits);
    expect(whole.partial).toBe(true);
    expect(whole.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^event at line 2 \(byte [\d,]+\) is larger than 800 bytes: skipped$/)]);
    expect(records(whole)).toEqual([4]);
    for (const sizes of [randomSizes(5, 400, 40), randomSizes(6, 400, 300), [100_000]]) {
      expect(await readBytes(Buffer.from(text), 'utf-8', sizes, limits)).toEqual(whole);
    }
  });

  it('a </Events> between two runs of events: the answer does not depend on the chunking', async () => {
    const text = '<Events>\n' + noise(1) + request(2) + '</Events>\n' + noise(3) + noise(4);
    const result = await expectSameInEveryChunking(text);
    expect(records(result)).toEqual([2]);
    expect(result.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/: the file has an <Events> root but no <\/Events> after its last event$/),
    ]);
    const closed = await expectSameInEveryChunking(text + '</Events>\n');
    expect(closed.problems).toEqual([]);
  });

  it('a self-closing <Event/> is an empty event, not a cut-off one', async () => {
    const result = await expectSameInEveryChunking('<Event/>\n' + noise(1) + '<Event />\n' + request(2));
    expect(records(result)).toEqual([2]);
    expect(result.problems).toEqual([]);
    expect(result.partial).toBe(false);
  });
});

/** Hands out every chunk in the same buffer, overwritten by the next one, as readChunks does. */
async function* reusedBuffer(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  const buffer = Buffer.alloc(size);
  for (let offset = 0; offset < bytes.length; offset += size) {
    const length = bytes.copy(buffer, 0, offset, offset + size);
    yield buffer.subarray(0, length);
    buffer.fill(0x3c); // anything the reader kept a view of is now garbage
  }
}

describe('chunks from a reused buffer', () => {
  const context = { file: 'x.xml', defaultMachine: 'DEFAULT-PC' };
  it.each([
    ['handwritten/client-failing-events.xml', 'utf-8'],
    ['shapes/utf16le-bom.xml', 'utf-16le'],
    ['shapes/utf16be-bom.xml', 'utf-16be'],
    ['hostile/end-tag-inside-comment-and-cdata.xml', 'utf-8'],
  ] as const)('%s gives what fresh chunks give', async (relative, encoding) => {
    const bytes = fixtureBytes(relative);
    const fresh = await readBytes(bytes, encoding, [97], undefined, 'x.xml');
    for (const size of [1, 97, 4096]) {
      expect(await readEventXml(reusedBuffer(bytes, size), encoding, context)).toEqual(fresh);
    }
    expect(fresh.facts.length).toBeGreaterThan(0);
  });

  it('a CLIXML file too', async () => {
    const bytes = fixtureBytes('clixml/convertto-xml-depth3.xml');
    const fresh = await readClixml(reusedBuffer(bytes, bytes.length), 'utf-8', context);
    expect(await readClixml(reusedBuffer(bytes, 61), 'utf-8', context)).toEqual(fresh);
    expect(fresh.facts.length).toBeGreaterThan(0);
  });
});
