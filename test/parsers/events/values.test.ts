import { describe, expect, it } from '@jest/globals';
import { machineFromComputer, statusFlagNames } from '../../../src/parsers/events/event-facts.js';
import { parseXmlElement } from '../../../src/parsers/events/xml/element.js';
import { normalizeEventHresult, parseClientTime, parseSystemTime } from '../../../src/parsers/events/values.js';

describe('normalizeEventHresult', () => {
  it('normalises to 0x + 8 upper-case hex digits', () => {
    expect(normalizeEventHresult('0x0')).toBe('0x00000000');
    expect(normalizeEventHresult('0x8')).toBe('0x00000008');
    expect(normalizeEventHresult('0xc004f056')).toBe('0xC004F056');
    expect(normalizeEventHresult(' hr=0x803F7001 ')).toBe('0x803F7001');
    expect(normalizeEventHresult('-1073418124')).toBe('0xC004F074');
  });

  it('rejects what is not a code', () => {
    expect(normalizeEventHresult('')).toBeNull();
    expect(normalizeEventHresult('0x123456789')).toBeNull();
    expect(normalizeEventHresult('kms:1688')).toBeNull();
    expect(normalizeEventHresult(null)).toBeNull();
  });
});

describe('times', () => {
  it('SystemTime with 0 to 9 fractional digits, with or without Z, space separator, offsets', () => {
    expect(parseSystemTime('2023-05-24T01:12:29.467086000Z')).toBe('2023-05-24T01:12:29.467Z');
    expect(parseSystemTime('2018-03-05T15:58:49.829672500Z')).toBe('2018-03-05T15:58:49.829Z');
    expect(parseSystemTime('2019-03-23T18:35:40Z')).toBe('2019-03-23T18:35:40.000Z');
    expect(parseSystemTime('2013-10-23 16:16:34')).toBe('2013-10-23T16:16:34.000Z');
    expect(parseSystemTime('2013-10-23T16:16:34.5')).toBe('2013-10-23T16:16:34.500Z');
    expect(parseSystemTime('2026-03-01T11:00:00.1234567+01:00')).toBe('2026-03-01T10:00:00.123Z');
    expect(parseSystemTime('2023-02-30T00:00:00Z')).toBeNull();
    expect(parseSystemTime('yesterday')).toBeNull();
  });

  it('client time yyyy/M/d H:mm, padded or not', () => {
    expect(parseClientTime('2023/05/24 01:12')).toBe('2023-05-24T01:12:00.000Z');
    expect(parseClientTime('2010/9/29 21:46')).toBe('2010-09-29T21:46:00.000Z');
    expect(parseClientTime('2010/13/29 21:46')).toBeNull();
    expect(parseClientTime('')).toBeNull();
  });
});

describe('machine names and status flags', () => {
  it('reduces <Computer> to its first label as written; keeps IPs; falls back to the default', () => {
    expect(machineFromComputer('WinADController.aperture.sci', 'D')).toBe('WinADController');
    expect(machineFromComputer('EC2AMAZ-U1F32CD', 'D')).toBe('EC2AMAZ-U1F32CD');
    expect(machineFromComputer('10.0.0.5', 'D')).toBe('10.0.0.5');
    expect(machineFromComputer(null, 'D')).toBe('D');
  });

  it('decodes SL_VL_BINDING_* bits', () => {
    expect(statusFlagNames('0x04000008')).toEqual(['SL_VL_BINDING_STATUS_OTHER_PC', 'SL_VL_BINDING_ERROR_NOT_ENOUGH_COUNT']);
    expect(statusFlagNames('0x0F000000')).toHaveLength(4);
    expect(statusFlagNames('0x00000000')).toEqual([]);
    expect(statusFlagNames(null)).toEqual([]);
  });
});

describe('single-element XML parsing (sax behind a DOCTYPE and depth pre-scan)', () => {
  it('reads attributes in either quote, entities, CDATA and comments', () => {
    const element = parseXmlElement(`<e:Event xmlns:e='x' a="1 &amp; 2"><!-- c --><Data>&lt;a&gt;&#x41;&#66;<![CDATA[<raw>]]></Data><Empty/></e:Event>`);
    expect(element.name).toBe('Event');
    expect(element.attrs['a']).toBe('1 & 2');
    expect(element.children.map((c: { name: string; text: string }) => [c.name, c.text])).toEqual([
      ['Data', '<a>AB<raw>'],
      ['Empty', ''],
    ]);
  });

  it('is strict: mismatched tags, DOCTYPE, undefined entities and depth', () => {
    expect(() => parseXmlElement('<a><b></a>')).toThrow('Unexpected close tag');
    expect(() => parseXmlElement('<!DOCTYPE a><a/>')).toThrow('DOCTYPE refused');
    expect(() => parseXmlElement('<a>&ent;</a>')).toThrow(/undefined entity &(ent|constructor); \(entities are never expanded\)/);
    expect(() => parseXmlElement('<a>&constructor;</a>')).toThrow(/undefined entity &(ent|constructor); \(entities are never expanded\)/);
    const odd = parseXmlElement('<a __proto__="x" b="1"/>').attrs;
    expect(Object.getPrototypeOf(odd)).toBeNull();
    expect(Object.entries(odd)).toEqual([['__proto__', 'x'], ['b', '1']]);
    expect(() => parseXmlElement('<a hasOwnProperty="x" b="1"/>')).toThrow(expect.objectContaining({ kind: 'syntax' }));
    expect(() => parseXmlElement('<a/>text')).toThrow(expect.objectContaining({ kind: 'syntax' }));
    expect(() => parseXmlElement('<a>' + '<b>'.repeat(70) + '</b>'.repeat(70) + '</a>')).toThrow('nested deeper than 64');
    expect(() => parseXmlElement('<a><![CDATA[x</a>')).toThrow(expect.objectContaining({ kind: 'incomplete' }));
  });
});

describe('KMS host from 12288', () => {
  it('keeps plain host names and IPs, and drops a value that is not one', async () => {
    const { parseHostPort } = await import('../../../src/parsers/host.js');
    expect(parseHostPort('kms01.corp.contoso.com:1688')).toEqual({ host: 'kms01.corp.contoso.com', port: 1688 });
    expect(parseHostPort('[fe80::1]:1688')).toEqual({ host: 'fe80::1', port: 1688 });
    expect(parseHostPort('169.254.169.250:1688')).toEqual({ host: '169.254.169.250', port: 1688 });
    expect(parseHostPort('kms01 $(Restart-Computer -Force) ; echo:1688')).toBeNull();
    expect(parseHostPort('"kms"<b>:1688')).toBeNull();
    expect(parseHostPort('kms:99999')).toBeNull();
  });
});
