/**
 * Hostile and broken inputs: never an exception, never an entity expansion,
 * never another file read; bounded work and memory.
 */
import { describe, expect, it } from '@jest/globals';
import { EVTX_ADVICE, readEventXml } from '../../../src/parsers/events/index.js';
import { chunked, fixtureBytes, readBytes, readFixture, randomSizes } from './helpers.js';

const EVENT_NS = 'http://schemas.microsoft.com/win/2004/08/events/event';

function sppEvent(recordId: number, data: string, eventId = 12288, qualifiers = 16384): string {
  return (
    `<Event xmlns="${EVENT_NS}"><System><Provider Name="Microsoft-Windows-Security-SPP"/>` +
    `<EventID Qualifiers="${qualifiers}">${eventId}</EventID><TimeCreated SystemTime="2026-01-05T10:00:00.0000000Z"/>` +
    `<EventRecordID>${recordId}</EventRecordID><Computer>PC42</Computer></System><EventData>${data}</EventData></Event>`
  );
}

const GOOD_12289 = sppEvent(2, '<Data>0x00000000, 0x00000000, 1, 0, 50, 120, 10080, 2026/01/05 10:00</Data>', 12289);

describe('DTD and entities', () => {
  it('billion laughs is refused without expansion', async () => {
    const result = await readFixture('hostile/billion-laughs.xml');
    expect(result.facts).toEqual([]);
    expect(result.skippedReason).toMatch(/^DOCTYPE with entities refused at byte 22 \(line 2\)/);
    expect(result.problems).toHaveLength(1);
  });

  it('billion laughs in UTF-16LE and UTF-16BE, fed in odd-sized chunks, is refused the same way', async () => {
    const text = fixtureBytes('hostile/billion-laughs.xml').toString('utf8');
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
    for (const [bytes, encoding] of [[le, 'utf-16le'], [be, 'utf-16be']] as const) {
      const result = await readBytes(bytes, encoding, randomSizes(17, 40, 13));
      expect(result.facts).toEqual([]);
      expect(result.skippedReason).toMatch(/^DOCTYPE with entities refused at byte 46 \(line 2\)/);
    }
  });

  it('an external entity to /etc/passwd is refused and the file is never read', async () => {
    const result = await readFixture('hostile/external-entity-etc-passwd.xml');
    expect(result.skippedReason).toMatch(/^DOCTYPE with entities refused/);
    expect(JSON.stringify(result)).not.toMatch(/root:|nologin/);
  });

  it('a small XXE file without any event is refused as a DOCTYPE, in any chunking', async () => {
    const xxe = Buffer.from('<?xml version="1.0"?>\n<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<foo>&xxe;</foo>\n');
    for (const sizes of [[xxe.length], [1], [7, 3]]) {
      const result = await readBytes(xxe, 'utf-8', sizes);
      expect(result.skippedReason).toMatch(/^DOCTYPE with entities refused at byte 22 \(line 2\)/);
    }
  });

  it('a DOCTYPE after some events keeps what came before and marks the file partial', async () => {
    const input = sppEvent(1, '<Data>0xC004F074, 0x0, kms:1688</Data>') + '\n<!DOCTYPE x [<!ENTITY a "b">]>\n' + GOOD_12289;
    const result = await readBytes(Buffer.from(input), 'utf-8');
    expect(result.facts.map((f) => f.source.recordId)).toEqual([1]);
    expect(result.partial).toBe(true);
    expect(result.problems[0]!.message).toMatch(/^DOCTYPE with entities refused at byte/);
  });

  it('an undeclared entity inside an event fails that event only, without expansion', async () => {
    const result = await readFixture('hostile/undeclared-entity-in-event.xml');
    expect(result.facts.map((f) => f.kind)).toEqual(['kms-response']);
    expect(result.problems).toEqual([
      { message: 'event at line 1 could not be read: undefined entity &xxe; (entities are never expanded)', line: 1, byte: 0 },
    ]);
  });
});

describe('oversized and deep input', () => {
  it('200,000-deep nesting inside an activation event is bounded and reported; the next event is read', async () => {
    const deep = '<a>'.repeat(200_000) + '</a>'.repeat(200_000);
    const input = sppEvent(1, `<Data>${deep}</Data>`) + '\n' + GOOD_12289;
    const result = await readBytes(Buffer.from(input), 'utf-8');
    expect(result.facts.map((f) => f.source.recordId)).toEqual([2]);
    expect(result.problems.map((p) => p.message)).toEqual(['event at line 1 could not be read: elements nested deeper than 64 levels']);
  });

  it('a single element larger than maxEventBytes (default 4 MiB) is reported and skipped', async () => {
    const huge = sppEvent(1, `<Data>${'A'.repeat(5 * 1024 * 1024)}</Data>`);
    const input = Buffer.from(huge + '\n' + GOOD_12289);
    const result = await readBytes(input, 'utf-8', [1 << 20]);
    expect(result.facts.map((f) => f.source.recordId)).toEqual([2]);
    expect(result.problems).toEqual([{ message: 'event at line 1 (byte 0) is larger than 4,194,304 bytes: skipped', line: 1, byte: 0 }]);
    expect(result.partial).toBe(true); // an event that could not be used makes the file partial (CONTRACT: "some content unreadable")
  });

  it('an endless element (no end tag) is dropped once past the limit, memory stays bounded', async () => {
    const head = Buffer.from(`<Event xmlns="${EVENT_NS}"><System><Provider Name="Microsoft-Windows-Security-SPP"/><Data>`);
    async function* endless(): AsyncGenerator<Buffer> {
      yield head;
      const block = Buffer.alloc(1 << 20, 0x41);
      for (let i = 0; i < 64; i++) yield block;
    }
    const result = await readEventXml(endless(), 'utf-8', { file: 'endless.xml', defaultMachine: 'X' }, { maxEventBytes: 1 << 20 });
    expect(result.partial).toBe(true);
    expect(result.problems.map((p) => p.message)).toEqual([
      'event at line 1 (byte 0) is larger than 1,048,576 bytes: skipped',
      `file ends inside an oversized event (at byte ${(head.length + 64 * (1 << 20)).toLocaleString('en-US')})`,
    ]);
  });
});

describe('not event logs', () => {
  it('binary garbage is skipped with a reason, not an exception', async () => {
    const garbage = Buffer.alloc(256 * 1024);
    let state = 12345;
    for (let i = 0; i < garbage.length; i++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      garbage[i] = state >>> 24;
    }
    for (const encoding of ['utf-8', 'utf-16le', 'utf-16be'] as const) {
      const result = await readBytes(garbage, encoding, randomSizes(9, 50, 8192));
      expect(result.facts).toEqual([]);
      expect(result.skippedReason).toBe('no <Event> element found: not an event log export');
    }
  });

  it('a binary .evtx handed to the XML reader is sent to the .evtx reader', async () => {
    const evtx = Buffer.concat([Buffer.from('ElfFile\0', 'latin1'), Buffer.alloc(4096, 0)]);
    const result = await readBytes(evtx, 'utf-8');
    expect(result.skippedReason).toBe(EVTX_ADVICE);
    expect(EVTX_ADVICE).toMatch(/^binary \.evtx, not event XML: read it with readEvtx/);
  });

  it('empty input and a lone BOM are empty files', async () => {
    expect((await readBytes(Buffer.alloc(0), 'utf-8')).skippedReason).toBe('empty file: no events');
    expect((await readBytes(Buffer.from([0xff, 0xfe]), 'utf-16le')).skippedReason).toBe('empty file: no events');
    expect((await readBytes(Buffer.from([0xef, 0xbb, 0xbf, 0x0a]), 'utf-8')).skippedReason).toBe('empty file: no events');
  });

  it('a PowerShell Export-Clixml file handed to the event reader says how to export properly', async () => {
    const result = await readFixture('clixml/export-clixml-depth3-utf16le.xml', 'utf-16le');
    expect(result.skippedReason).toMatch(/Export-Clixml.*wevtutil qe Application \/f:xml > app\.xml/);
  });

  it('a stream that fails mid-way keeps what was read', async () => {
    async function* failing(): AsyncGenerator<Buffer> {
      yield Buffer.from(GOOD_12289 + '\n');
      throw new Error('EIO: i/o error, read');
    }
    const result = await readEventXml(failing(), 'utf-8', { file: 'f.xml', defaultMachine: 'X' });
    expect(result.facts).toHaveLength(1);
    expect(result.partial).toBe(true);
    expect(result.problems[0]!.message).toMatch(/EIO/);
  });
});

describe('splitting traps', () => {
  it('a literal </Event> inside a comment or CDATA loses no event', async () => {
    const result = await readFixture('hostile/end-tag-inside-comment-and-cdata.xml');
    expect(result.problems).toEqual([]);
    expect(result.facts.map((f) => [f.kind, f.source.recordId])).toEqual([
      ['kms-request', 40012],
      ['kms-response', 40014],
      ['activation-error', 40015],
    ]);
    expect(result.facts[1]).toMatchObject({ hresult: '0xC004F038', currentCount: 3 });
  });

  it('the same file in tiny chunks and as UTF-16 gives the same facts', async () => {
    const bytes = fixtureBytes('hostile/end-tag-inside-comment-and-cdata.xml');
    const whole = await readBytes(bytes, 'utf-8');
    expect(await readBytes(bytes, 'utf-8', randomSizes(3, 100, 7))).toEqual(whole);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(bytes.toString('utf8'), 'utf16le')]);
    const fromUtf16 = await readBytes(utf16, 'utf-16le', randomSizes(4, 100, 9));
    expect(fromUtf16.facts).toEqual(whole.facts);
  });

  it('an event cut off in the middle (copy damage) does not swallow the next one', async () => {
    const cut = sppEvent(1, '<Data>0xC004F074, 0x0, kms:1688, x</Data>').slice(0, 150);
    const input = cut + '\n' + GOOD_12289 + '\n';
    const result = await readBytes(Buffer.from(input), 'utf-8');
    expect(result.facts.map((f) => f.source)).toEqual([{ file: 'test.xml', line: 2, recordId: 2 }]);
    expect(result.problems.map((p) => p.message)).toEqual(['event at line 1 (byte 0) has no end tag (cut off): skipped']);
  });

  it('a cut-off noise event (16394) does not hide the activation event after it', async () => {
    const cut = sppEvent(1, '', 16394, 49152).slice(0, 170);
    const result = await readBytes(Buffer.from(cut + '\n' + GOOD_12289 + '\n'), 'utf-8');
    expect(result.facts.map((f) => [f.kind, f.source.line, f.source.recordId])).toEqual([['kms-response', 2, 2]]);
  });

  it('a non-activation event with a DOCTYPE inside is never parsed', async () => {
    const other = `<Event xmlns="${EVENT_NS}"><System><Provider Name="MsiInstaller"/><EventID>1033</EventID></System><!DOCTYPE x><EventData/></Event>`;
    const result = await readEventXml(chunked(Buffer.from(other + '\n' + GOOD_12289)), 'utf-8', { file: 'x', defaultMachine: 'X' });
    expect(result.problems).toEqual([]);
    expect(result.facts).toHaveLength(1);
  });
});
