/**
 * Real rendered messages: every activation event of a real Event Viewer export
 * (fixtures/events/real/ts-evtx-Application.spp.xml, Windows 11 24H2, with
 * RenderingInfo) written out as `wevtutil /f:text` and as the General tab's text
 * gives the same facts as its XML.
 */
import { describe, expect, it } from '@jest/globals';
import type { Fact } from '../../../src/model/facts.js';
import { readEventXml } from '../../../src/parsers/events/index.js';
import { readEventText } from '../../../src/parsers/events/text/index.js';
import { chunked, fixtureBytes } from './helpers.js';

const FILE = 'real/ts-evtx-Application.spp.xml';

interface RealEvent {
  recordId: number;
  eventId: number;
  systemTime: string;
  computer: string;
  message: string;
}

function decode(text: string): string {
  return text
    .replace(/&#13;/g, '\r')
    .replace(/&#10;/g, '\n')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

function realEvents(xml: string): RealEvent[] {
  return [...xml.matchAll(/<Event xmlns.*?<\/Event>/gs)].map(([event]) => ({
    recordId: Number(/<EventRecordID>(\d+)</.exec(event)![1]),
    eventId: Number(/>(\d+)<\/EventID>/.exec(event)![1]),
    systemTime: /SystemTime='([^']+)'/.exec(event)![1]!,
    computer: /<Computer>([^<]+)</.exec(event)![1]!,
    message: decode(/<Message>([\s\S]*?)<\/Message>/.exec(event)?.[1] ?? ''),
  }));
}

function withoutTextOnly(fact: Fact, keepIds: boolean): Record<string, unknown> {
  const { source: _s, message: _m, time: _t, expiresAt: _e, machine: _machine, ...rest } = fact as Fact & { message?: string; expiresAt?: string };
  const value: Record<string, unknown> = { ...rest };
  if (!keepIds) {
    delete value['eventId'];
    delete value['provider'];
    if (value['kind'] === 'activation-error') delete value['context'];
  }
  return value;
}

describe('real rendered messages read as text give the facts of their XML', () => {
  it('wevtutil /f:text and the General tab, event by event', async () => {
    const xmlText = fixtureBytes(FILE).toString('utf8');
    const xml = await readEventXml(chunked(fixtureBytes(FILE)), 'utf-8', { file: FILE, defaultMachine: 'X' });
    const xmlByRecord = new Map(xml.facts.map((fact) => [fact.source.recordId!, fact]));
    const events = realEvents(xmlText);
    let compared = 0;
    for (const event of events) {
      const wevtutil = `Event[0]:\n  Log Name: Application\n  Source: Microsoft-Windows-Security-SPP\n  Date: ${event.systemTime.slice(0, 23)}\n  Event ID: ${event.eventId}\n  Task: N/A\n  Level: Information\n  Opcode: N/A\n  Keyword: Classic\n  User: N/A\n  User Name: N/A\n  Computer: ${event.computer}\n  Description: \n${event.message.replace(/\r\n/g, '\n')}\n`;
      const fromXml = xmlByRecord.get(event.recordId);
      const shown = await readEventText(wevtutil, { file: 'wevtutil.txt', defaultMachine: 'X' });
      const general = await readEventText(event.message, { file: 'general.txt', defaultMachine: 'X' });
      if (!fromXml) {
        // 16384, 902: not activation facts in XML, none from text either.
        expect(shown.facts).toEqual([]);
        expect(general.facts).toEqual([]);
        continue;
      }
      expect(shown.facts.map((f) => withoutTextOnly(f, true))).toEqual([withoutTextOnly(fromXml, true)]);
      expect(general.facts.map((f) => withoutTextOnly(f, false))).toEqual([withoutTextOnly(fromXml, false)]);
      compared++;
    }
    // 8 × 8198, 11 × 1003, 1 × 8230 in the export
    expect(compared).toBe(20);
  });
});
