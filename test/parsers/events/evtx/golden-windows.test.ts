/**
 * Golden test against Windows itself: three Windows 11 live logs and Event
 * Viewer's XML export of each (fixtures/evtx/ts-evtx). Every record's whole
 * <Event> tree (System, EventData/UserData; RenderingInfo is Windows' message
 * lookup and not in the file) must equal the export's, record for record;
 * and the facts from the .evtx must equal the facts from the export.
 */
import { describe, expect, it } from '@jest/globals';
import { parseXmlElement, type XmlElement } from '../../../../src/parsers/events/xml/element.js';
import { readEventXml } from '../../../../src/parsers/events/xml/read.js';
import { readEvtx } from '../../../../src/parsers/events/evtx/index.js';
import { evtxFixture, readEvtxBytes } from './helpers.js';
import { ACTIVATION_FACTS_FILTER, EvtxStream, providerFilter } from '../../../../src/parsers/events/evtx/index.js';
import { isHandledEventId } from '../../../../src/parsers/events/event-facts.js';
import type { EventRecord } from '../../../../src/parsers/events/record.js';
import type { Fact } from '../../../../src/model/facts.js';

interface Tree {
  name: string;
  attrs: [string, string][];
  text: string;
  children: Tree[];
}

/** The comparable form: XML parsers turn CRLF into LF and drop whitespace-only text; attribute order is free. */
function comparable(element: XmlElement): Tree | null {
  if (element.name === 'RenderingInfo') return null;
  const text = element.text.replace(/\r\n/g, '\n');
  return {
    name: element.name,
    attrs: Object.entries(element.attrs).filter(([name]) => name !== 'xmlns').sort(([a], [b]) => (a < b ? -1 : 1)),
    text: text.trim() === '' ? '' : text,
    children: element.children.map(comparable).filter((c): c is Tree => c !== null),
  };
}

function recordIdOf(event: XmlElement): string {
  return event.children.find((c) => c.name === 'System')?.children.find((c) => c.name === 'EventRecordID')?.text ?? '';
}

function exportedEvents(xml: string): XmlElement[] {
  return [...xml.matchAll(/<Event xmlns[\s\S]*?<\/Event>/g)].map((m) => parseXmlElement(m[0]));
}

async function* once(bytes: Buffer): AsyncGenerator<Buffer> {
  yield bytes;
}

/**
 * Facts in record order without where they were read (line numbers exist only
 * in the XML) and without `message`: the message text is Windows' rendering
 * from the provider's message DLL (RenderingInfo), which no .evtx holds.
 */
function placeless(facts: Fact[]): unknown[] {
  return facts
    .map((fact) => {
      const { message: _message, ...rest } = fact as Fact & { message?: unknown };
      return { ...rest, source: { recordId: fact.source.recordId } };
    })
    .sort((a, b) => (a.source.recordId ?? 0) - (b.source.recordId ?? 0) || a.kind.localeCompare(b.kind));
}

const LOGS: [string, number][] = [
  ['Application', 366],
  ['Security', 1715],
  ['System', 1247],
];

describe.each(LOGS)('Windows 11 %s.evtx against Event Viewer\'s XML export', (log, count) => {
  it(`renders all ${count} records exactly as Windows does`, () => {
    const read = readEvtxBytes(evtxFixture(`ts-evtx/${log}.evtx`));
    expect(read.summary.problems).toEqual([]);
    expect(read.summary.partial).toBe(false);
    const reference = new Map(exportedEvents(evtxFixture(`ts-evtx/${log}.xml`).toString('utf8')).map((e) => [recordIdOf(e), comparable(e)]));
    expect(reference.size).toBe(count);
    expect(read.elements).toHaveLength(count);
    for (const { element } of read.elements) {
      expect({ record: recordIdOf(element), tree: comparable(element) }).toEqual({ record: recordIdOf(element), tree: reference.get(recordIdOf(element)) });
    }
  });

  it('gives the same facts as the export', async () => {
    const context = { file: 'x', defaultMachine: 'fallback' };
    const fromEvtx = await readEvtx(once(evtxFixture(`ts-evtx/${log}.evtx`)), context);
    const fromXml = await readEventXml(once(evtxFixture(`ts-evtx/${log}.xml`)), 'utf-8', context);
    expect(fromEvtx.problems).toEqual([]);
    expect(placeless(fromEvtx.facts)).toEqual(placeless(fromXml.facts));
    if (log === 'Application') expect(fromEvtx.facts).toHaveLength(20);
  });
});

describe('activation fast path', () => {
  it('keeps exactly the activation providers\' records, as full rendering then filtering would', () => {
    const bytes = evtxFixture('ts-evtx/Application.evtx');
    const fast = readEvtxBytes(bytes, { all: false }).records;
    const full = readEvtxBytes(bytes).records.filter((r) => r.provider === 'Microsoft-Windows-Security-SPP');
    expect(fast).toHaveLength(264);
    expect(fast).toEqual(full);
  });

  it('the scan\'s filter also drops EventIDs that give no fact, before rendering, and keeps the rest', () => {
    const bytes = evtxFixture('ts-evtx/Application.evtx');
    const kept: EventRecord[] = [];
    const stream = new EvtxStream(ACTIVATION_FACTS_FILTER, (r) => kept.push(r));
    stream.push(bytes);
    stream.end();
    const full = readEvtxBytes(bytes).records.filter((r) => r.provider === 'Microsoft-Windows-Security-SPP' && isHandledEventId(r.eventId));
    expect(kept.map((r) => r.eventId).sort()).toEqual([1003, 1003, 1003, 1003, 1003, 1003, 1003, 1003, 1003, 1003, 1003, 8198, 8198, 8198, 8198, 8198, 8198, 8198, 8198, 8230]);
    expect(kept).toEqual(full);
  });

  it('decides manifest providers from the raw substitution value (System log: none pass)', () => {
    const read = readEvtxBytes(evtxFixture('ts-evtx/System.evtx'), { all: false });
    expect(read.records).toEqual([]);
    expect(read.summary.problems).toEqual([]);
  });

  it.each([
    ['System', 'Microsoft-Windows-Kernel-General'],
    ['System', 'Service Control Manager'],
    ['Security', 'Microsoft-Windows-Security-Auditing'],
  ])('%s: a filter on %s keeps what full rendering then filtering keeps', (log, provider) => {
    const bytes = evtxFixture(`ts-evtx/${log}.evtx`);
    const kept: EventRecord[] = [];
    const stream = new EvtxStream(providerFilter([provider]), (r) => kept.push(r));
    stream.push(bytes);
    stream.end();
    const full = readEvtxBytes(bytes).records.filter((r) => r.provider === provider);
    expect(full.length).toBeGreaterThan(0);
    expect(kept).toEqual(full);
  });
});
