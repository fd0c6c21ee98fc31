import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sniff } from '../../src/input/sniff.js';
import { readEventXml } from '../../src/parsers/events/index.js';
import { PACKAGE_ROOT } from '../../src/data/paths.js';

const EVENT = `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">
  <System>
    <Provider Name="Microsoft-Windows-Security-SPP"/>
    <EventID Qualifiers="16384">12288</EventID>
    <TimeCreated SystemTime="2023-05-24T01:12:29.467086000Z"/>
    <EventRecordID>8056</EventRecordID>
    <Computer>EC2AMAZ-U1F32CD</Computer>
  </System>
  <EventData>
    <Data>0x00000000, 0x00000000, 169.254.169.250:1688, 169721ce-0000-4000-8000-000000000000, 2023/05/24 01:12, 1, 5, 0, ef6cfc9f-8c5d-44ac-9aad-de6a2ea0ae03, 5</Data>
  </EventData>
</Event>
`;

async function* once(bytes: Buffer): AsyncGenerator<Buffer> {
  yield bytes;
}

describe('sniff: text before the first event', () => {
  it("evtxexport's version line does not hide the events", async () => {
    const bytes = Buffer.from(`evtxexport 20181227\n\n${EVENT}`);
    expect(sniff(bytes)).toEqual({ kind: 'event-xml', encoding: 'utf-8' });
    const result = await readEventXml(once(bytes), 'utf-8', { file: 'x.xml', defaultMachine: 'X' });
    expect(result.facts.map((f) => f.kind)).toEqual(['kms-request']);
    expect(result.problems).toEqual([]);
  });

  it('a prompt line before a wevtutil export too; prose that only mentions <Event> does not', () => {
    expect(sniff(Buffer.from(`C:\\> wevtutil qe Application /f:xml\r\n${EVENT}`)).kind).toBe('event-xml');
    expect(sniff(Buffer.from('Notes: the tool reads <Event> elements and slmgr output.\n')).kind).toBe('unknown');
  });

  it('a binary .evtx is sniffed by its signature, whatever its name', () => {
    const head = readFileSync(join(PACKAGE_ROOT, 'fixtures', 'evtx', 'README.md'));
    expect(sniff(Buffer.concat([Buffer.from('ElfFile\0', 'latin1'), Buffer.alloc(100)])).kind).toBe('evtx');
    expect(sniff(head).kind).not.toBe('evtx');
  });
});
