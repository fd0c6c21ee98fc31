/**
 * Golden test against libevtx: every record of each sample file equals what
 * `evtxexport -f xml` (Debian libevtx-utils, installed by .ci/run) prints for
 * it, record for record, once evtxexport's known differences from Windows'
 * own rendering are normalised (../shared/reference/evtx.md §5, §10): 9-digit
 * FILETIMEs, zero-padded hex, upper-case GUIDs, size_t in decimal, negative
 * int32 in sign-magnitude, a Data of only a line break printed empty, and
 * strings holding markup printed unescaped (so they parse as elements).
 */
import { describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { parseXmlElement } from '../../../../src/parsers/events/xml/element.js';
import { recordFromEventElement, type EventRecord } from '../../../../src/parsers/events/record.js';
import { evtxFixture, evtxFixtureFile, readEvtxBytes } from './helpers.js';

function evtxexport(path: string): string {
  const run = spawnSync('evtxexport', ['-f', 'xml', path], { maxBuffer: 1 << 30, encoding: 'utf8' });
  if (run.error) throw new Error(`evtxexport is needed for this test: apt-get install -y libevtx-utils (${run.error.message})`);
  return run.stdout;
}

function referenceRecords(path: string): EventRecord[] {
  return [...evtxexport(path).matchAll(/<Event xmlns[\s\S]*?<\/Event>/g)].map((m) => recordFromEventElement(parseXmlElement(m[0]), 0)!);
}

/** evtxexport's rendering of a value brought to Windows' (ours is Windows'). */
function likeWindows(reference: string): string {
  const text = reference.replace(/\r\n/g, '\n');
  if (/^\s+$/.test(text)) return '';
  const negative = /^-(\d+)$/.exec(text);
  if (negative && Number(negative[1]) < 2 ** 31) return String(-(2 ** 31 - Number(negative[1])));
  // whole values only: a hex code inside a message string is text, kept as written
  return text
    .replace(/^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7})00Z$/, '$1Z')
    .replace(/^0x0*([0-9a-fA-F]+)$/, (_m, hex: string) => `0x${hex.toLowerCase()}`)
    .replace(/^\{[0-9A-F-]{36}\}$/, (guid) => guid.toLowerCase());
}

function sameValue(ours: string, reference: string): boolean {
  const oursText = ours.replace(/\r\n/g, '\n').replace(/^\s+$/, '');
  if (oursText === reference.replace(/\r\n/g, '\n') || oursText === likeWindows(reference)) return true;
  // evtxexport does not escape strings: markup in a value becomes child elements, and the Data text ''
  if (reference === '' && ours.startsWith('<')) return true;
  // size_t: hex here (libyal, the Rust crate), decimal in evtxexport
  return /^0x[0-9a-f]+$/.test(ours) && /^\d+$/.test(reference) && BigInt(ours) === BigInt(reference);
}

function comparable(record: EventRecord): unknown {
  return { ...record, data: undefined, offset: undefined, line: undefined, message: undefined, systemTime: undefined };
}

/** [fixture, records we read, records evtxexport prints (it aborts on some valid files)] */
const FILES: [string, number, number][] = [
  ['omerbenamram/Application_no_crc32.evtx', 17, 17],
  ['omerbenamram/MSExchange_Management_wec.evtx', 1, 0],
  ['omerbenamram/Microsoft-Windows-HelloForBusiness%4Operational.evtx', 5, 5],
  ['omerbenamram/Microsoft-Windows-LanguagePackSetup%4Operational.evtx', 16, 16],
  ['omerbenamram/Security_short_selected.evtx', 7, 7],
  ['omerbenamram/sample_with_a_bad_chunk_magic.evtx', 267, 267],
  ['omerbenamram/sample-with-zero-data-size-event.evtx', 335, 335],
  ['omerbenamram/security_bad_string_cache.evtx', 2261, 2261],
  ['omerbenamram/post-Security.evtx', 126, 126],
  ['omerbenamram/Security_with_size_t.evtx', 636, 636],
  ['omerbenamram/2-vss_7-System.evtx', 1160, 1160],
  ['omerbenamram/E_Windows_system32_winevt_logs_Microsoft-Windows-CAPI2%4Operational.evtx', 340, 24],
  ['python-evtx/issue_39.evtx', 394, 394],
  ['python-evtx/dns_log_malformed.evtx', 5, 5],
  ['python-evtx/issue_38.evtx', 1, 1],
  ['velocidex/Microsoft-Windows-CAPI2_Operational_EventID70.evtx', 1, 1],
  ['velocidex/Security_1_record.evtx', 1, 1],
  ['ts-evtx/Application.evtx', 366, 366],
];

describe.each(FILES)('%s against evtxexport', (fixture, ours, theirs) => {
  it(`reads ${ours} records; the ${theirs} evtxexport prints are equal, value for value`, () => {
    const { records } = readEvtxBytes(evtxFixture(fixture));
    const reference = referenceRecords(evtxFixtureFile(fixture));
    expect(records).toHaveLength(ours);
    expect(reference).toHaveLength(theirs);
    const byId = new Map(records.map((r) => [r.recordId, r]));
    for (const expected of reference) {
      const actual = byId.get(expected.recordId);
      expect(actual && comparable(actual)).toEqual(comparable(expected));
      const differing = expected.data.filter((value, i) => !sameValue(actual!.data[i] ?? '', value));
      expect({ record: expected.recordId, differing, count: actual!.data.length }).toEqual({ record: expected.recordId, differing: [], count: expected.data.length });
    }
  });
});

it('evtxexport is the version the normalisations were written for', () => {
  expect(execFileSync('evtxexport', ['-V'], { encoding: 'utf8' })).toMatch(/evtxexport 20181227/);
});
