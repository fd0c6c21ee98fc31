/**
 * Files cut at every possible point: every complete event before the cut
 * survives, and the cut is reported with its byte offset and line.
 */
import { describe, expect, it } from '@jest/globals';
import { fixtureBytes, readBytes } from './helpers.js';

interface EventSpan {
  start: number;
  end: number;
  recordId: number;
  activation: boolean;
}

/** Event spans found by plain text search (the fixtures hold no comments or CDATA). */
function spansOf(text: string, unitBytes: number, offset: number): EventSpan[] {
  const spans: EventSpan[] = [];
  for (let start = text.indexOf('<Event '); start >= 0; start = text.indexOf('<Event ', start + 1)) {
    const end = text.indexOf('</Event>', start) + '</Event>'.length;
    const body = text.slice(start, end);
    spans.push({
      start: offset + start * unitBytes,
      end: offset + end * unitBytes,
      recordId: Number(/<EventRecordID>(\d+)</.exec(body)![1]),
      activation: /Name="Microsoft-Windows-Security-SPP"/.test(body) && !/>(16388)</.test(body),
    });
  }
  return spans;
}

function expectedRecords(spans: EventSpan[], cut: number): number[] {
  return spans.filter((s) => s.activation && s.end <= cut).map((s) => s.recordId);
}

describe('truncated exports', () => {
  it('one-line wevtutil export (UTF-8) cut at every byte', async () => {
    const bytes = fixtureBytes('shapes/wevtutil-oneline.xml');
    const spans = spansOf(bytes.toString('latin1'), 1, 0);
    for (let cut = 8; cut < bytes.length; cut++) {
      const result = await readBytes(bytes.subarray(0, cut), 'utf-8');
      expect({ cut, records: result.facts.map((f) => f.source.recordId) }).toEqual({ cut, records: expectedRecords(spans, cut) });
      const inside = spans.find((s) => s.start < cut && cut < s.end);
      expect({ cut, partial: result.partial }).toEqual({ cut, partial: inside !== undefined });
      if (inside) {
        expect(result.problems.map((p) => p.message)).toContainEqual(
          expect.stringMatching(new RegExp(`^truncated at byte ${inside.start.toLocaleString('en-US')} `)),
        );
      }
    }
  });

  it('pretty-printed export cut inside the 8230: the message names byte and line', async () => {
    const bytes = fixtureBytes('handwritten/client-failing-events.xml');
    const text = bytes.toString('latin1');
    const start = text.lastIndexOf('<Event ', text.indexOf('<EventRecordID>508<'));
    const cut = start + 200;
    const result = await readBytes(bytes.subarray(0, cut), 'utf-8');
    const line = text.slice(0, start).split('\n').length;
    expect(result.partial).toBe(true);
    expect(result.problems).toEqual([
      {
        code: 'truncated',
        message: `truncated at byte ${start.toLocaleString('en-US')} (line ${line}): the event that starts there has no end tag (file ends at byte ${cut.toLocaleString('en-US')})`,
        line,
        byte: start,
      },
    ]);
    expect(result.facts.map((f) => f.source.recordId)).toEqual([501, 502, 503, 504, 505, 506, 507]);
  });

  it('Event Viewer export with an <Events> root: any cut before </Events> is partial', async () => {
    const bytes = fixtureBytes('shapes/event-viewer-events-root.xml');
    const text = bytes.toString('latin1');
    const spans = spansOf(text, 1, 0);
    const rootEnd = text.indexOf('</Events>') + '</Events>'.length;
    for (let cut = spans[0]!.start + 8; cut < bytes.length; cut += 3) {
      const result = await readBytes(bytes.subarray(0, cut), 'utf-8');
      expect({ cut, records: result.facts.map((f) => f.source.recordId) }).toEqual({ cut, records: expectedRecords(spans, cut) });
      expect({ cut, partial: result.partial }).toEqual({ cut, partial: cut < rootEnd });
    }
  });

  it('a </Events> before the <Events> root does not close it, in one chunk or many (found by fuzzing)', async () => {
    const text = fixtureBytes('shapes/event-viewer-events-root.xml').toString('utf8').replace('</Events>', '');
    const bytes = Buffer.from(`</Events>\n${text}`);
    for (const sizes of [[bytes.length], [1], [7, 13]]) {
      const result = await readBytes(bytes, 'utf-8', sizes);
      expect({ sizes, partial: result.partial, problems: result.problems.map((p) => p.message) }).toEqual({
        sizes,
        partial: true,
        problems: [expect.stringContaining('the file has an <Events> root but no </Events> after its last event')],
      });
    }
  });

  it('UTF-16LE export cut at every byte, odd cuts reported as a cut character', async () => {
    const bytes = fixtureBytes('shapes/utf16le-bom.xml');
    const spans = spansOf(bytes.subarray(2).toString('utf16le'), 2, 2);
    for (let cut = 2 + 16; cut < bytes.length; cut += 3) {
      const result = await readBytes(bytes.subarray(0, cut), 'utf-16le');
      expect({ cut, records: result.facts.map((f) => f.source.recordId) }).toEqual({ cut, records: expectedRecords(spans, cut) });
      const oddCut = result.problems.some((p) => p.message.startsWith('UTF-16 file cut in the middle of a character'));
      expect({ cut, oddCut }).toEqual({ cut, oddCut: cut % 2 === 1 });
      const inside = spans.some((s) => s.start < cut && cut < s.end);
      expect({ cut, partial: result.partial }).toEqual({ cut, partial: inside || cut % 2 === 1 });
    }
  });

  it('a real export cut at many points keeps every complete activation event', async () => {
    const bytes = fixtureBytes('real/anotherc0ne__AD-DC-Application.spp.xml');
    const text = bytes.toString('latin1');
    const spans = spansOf(text, 1, 0).map((s) => ({
      ...s,
      activation: /<EventID Qualifiers="16384">(12288|12289|8230|1003|12306)</.test(text.slice(s.start, s.end)),
    }));
    for (let cut = 1000; cut < bytes.length; cut += 4099) {
      const result = await readBytes(bytes.subarray(0, cut), 'utf-8', [65536]);
      expect(result.facts.map((f) => f.source.recordId)).toEqual(expectedRecords(spans, cut));
      expect(result.partial).toBe(spans.some((s) => s.start < cut && cut < s.end));
    }
  });
});
