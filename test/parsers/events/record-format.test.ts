import { describe, expect, it } from '@jest/globals';
import { recordToJson, recordToXml, recordTime } from '../../../src/parsers/events/record-format.js';
import { parseXmlElement } from '../../../src/parsers/events/xml/element.js';
import { recordFromEventElement, type EventRecord } from '../../../src/parsers/events/record.js';

const BASE: EventRecord = {
  provider: 'Microsoft-Windows-Security-SPP',
  eventId: 8198,
  qualifiers: 49152,
  time: '2025-06-08T07:11:45.581Z',
  recordId: 360,
  computer: 'PC01.contoso.com',
  channel: 'Application',
  level: 2,
  systemTime: '2025-06-08T07:11:45.581123456Z',
  data: ['hr=0xC004F074', 'AppId=55c92734-d682-4d71-983e-d6ec3f16059f;SkuId=…'],
  dataNames: null,
  message: null,
  line: 0,
  offset: 31920,
};

describe('event record output', () => {
  it('time keeps at most 7 fractional digits of SystemTime (evtxexport writes 9)', () => {
    expect(recordTime(BASE)).toBe('2025-06-08T07:11:45.5811234Z');
    expect(recordTime({ ...BASE, systemTime: '2025-06-08T07:11:45Z' })).toBe('2025-06-08T07:11:45Z');
    expect(recordTime({ ...BASE, systemTime: 'garbage', time: null })).toBeNull();
  });

  it('JSON lines carry the contract fields; named data is an object, a repeated name keeps every value', () => {
    expect(JSON.parse(recordToJson(BASE, 'a.evtx'))).toEqual({
      file: 'a.evtx', recordId: 360, eventId: 8198, qualifiers: 49152, provider: 'Microsoft-Windows-Security-SPP',
      time: '2025-06-08T07:11:45.5811234Z', computer: 'PC01.contoso.com', channel: 'Application', level: 2,
      data: BASE.data, offset: 31920,
    });
    const named = { ...BASE, data: ['a', 'b', 'c'], dataNames: ['X', 'Y', 'X'] };
    expect(JSON.parse(recordToJson(named, 'a.evtx')).data).toEqual({ X: ['a', 'c'], Y: 'b' });
    expect(JSON.parse(recordToJson({ ...named, dataNames: ['__proto__', 'Y', 'Z'] }, 'a.evtx')).data).toEqual(JSON.parse('{"__proto__":"a","Y":"b","Z":"c"}'));
  });

  it('XML escapes markup, quotes, CR and characters XML cannot hold, and reads back to the same record', () => {
    const hostile: EventRecord = { ...BASE, provider: "O'Brien <&>", data: ['a<b>&c\'d"', 'x\u0001y', 'line1\r\nline2'], dataNames: ['N1', "q'", null] };
    const xml = recordToXml(hostile);
    expect(xml).toContain("<Provider Name='O&apos;Brien &lt;&amp;&gt;'/>");
    const back = recordFromEventElement(parseXmlElement(xml), 0)!;
    expect(back.provider).toBe("O'Brien <&>");
    expect(back.data).toEqual(['a<b>&c\'d"', 'x\uFFFDy', 'line1\r\nline2']);
    expect(back.dataNames).toEqual(['N1', "q'", null]);
    expect({ ...back, line: 0, offset: 31920, data: hostile.data, dataNames: hostile.dataNames, provider: hostile.provider, systemTime: BASE.systemTime }).toEqual({ ...hostile, time: '2025-06-08T07:11:45.581Z' });
  });

  it('no data is an empty <EventData/>, no qualifiers no attribute', () => {
    expect(recordToXml({ ...BASE, data: [], qualifiers: null })).toContain('<EventID>8198</EventID>');
    expect(recordToXml({ ...BASE, data: [] })).toContain('<EventData/>');
  });
});
