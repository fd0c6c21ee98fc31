/**
 * PowerShell object exports: read when the property values survived, skipped
 * with export advice when they did not.
 */
import { createReadStream } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { readClixml } from '../../../src/parsers/events/index.js';
import type { ParseResult } from '../../../src/model/report.js';
import { chunked, fixture, fixtureBytes, randomSizes, type Encoding } from './helpers.js';

function read(relative: string, encoding: Encoding): Promise<ParseResult> {
  return readClixml(createReadStream(fixture(relative)), encoding, { file: relative, defaultMachine: 'DEFAULT-PC' });
}

describe('readClixml', () => {
  it('Export-Clixml with -Depth 3 (UTF-16LE): Id, ProviderName, TimeCreated, MachineName, RecordId and Properties become facts', async () => {
    const result = await read('clixml/export-clixml-depth3-utf16le.xml', 'utf-16le');
    expect(result.skippedReason).toBeUndefined();
    expect(result.problems).toEqual([]);
    expect(result.facts).toHaveLength(2);
    expect(result.facts[0]).toMatchObject({
      kind: 'kms-request',
      machine: 'PC07',
      // <DT>2026-03-01T11:00:00.1234567+01:00</DT>
      time: '2026-03-01T10:00:00.123Z',
      source: { file: 'clixml/export-clixml-depth3-utf16le.xml', line: 2, recordId: 501 },
      hresult: '0xC004F074',
      kmsHost: 'kms.fabrikam.example',
      minimumCount: 25,
    });
    expect(result.facts[1]).toMatchObject({ kind: 'activation-error', hresult: '0xC004F074', eventId: 8198, activationId: 'ae2ee509-1b34-41c0-acb7-6d4650168915' });
  });

  it('ConvertTo-Xml: a chunk boundary inside a long <Object Type=…> start tag loses no record (found by fuzzing)', async () => {
    const relative = 'clixml/convertto-xml-depth3.xml';
    const bytes = fixtureBytes(relative);
    const ctx = { file: relative, defaultMachine: 'DEFAULT-PC' };
    const whole = await readClixml(chunked(bytes), 'utf-8', ctx);
    expect(whole.facts.length).toBeGreaterThan(0);
    const tagStart = bytes.indexOf('<Object Type=');
    const tagEnd = bytes.indexOf('>', tagStart);
    for (let split = tagStart + 1; split <= tagEnd; split++) {
      const result = await readClixml(chunked(bytes, [split, bytes.length]), 'utf-8', ctx);
      expect({ split, facts: result.facts }).toEqual({ split, facts: whole.facts });
    }
  });

  it('the same file in small chunks gives the same result', async () => {
    const bytes = fixtureBytes('clixml/export-clixml-depth3-utf16le.xml');
    const ctx = { file: 'clixml/export-clixml-depth3-utf16le.xml', defaultMachine: 'DEFAULT-PC' };
    const whole = await readClixml(chunked(bytes), 'utf-16le', ctx);
    expect(await readClixml(chunked(bytes, randomSizes(11, 80, 37)), 'utf-16le', ctx)).toEqual(whole);
  });

  it('Export-Clixml at the default depth carries no event values: skipped with export advice', async () => {
    const result = await read('clixml/export-clixml-default-depth-utf16le.xml', 'utf-16le');
    expect(result.facts).toEqual([]);
    expect(result.skippedReason).toMatch(/^PowerShell Export-Clixml file: it carries no event XML/);
    expect(result.skippedReason).toContain('wevtutil qe Application /f:xml > app.xml');
  });

  it('ConvertTo-Xml at depth 1 is skipped; with the values present it is read (regional time left empty)', async () => {
    const shallow = await read('clixml/convertto-xml-depth1.xml', 'utf-8');
    expect(shallow.skippedReason).toMatch(/^PowerShell ConvertTo-Xml file/);
    const deep = await read('clixml/convertto-xml-depth3.xml', 'utf-8');
    expect(deep.skippedReason).toBeUndefined();
    expect(deep.facts).toHaveLength(1);
    expect(deep.facts[0]).toMatchObject({ kind: 'kms-request', time: null, hresult: '0xC004F074', source: { recordId: 501 } });
    expect(deep.problems.map((p) => p.message)).toEqual([
      '1 record has TimeCreated in a regional format that cannot be read safely: its time is left empty',
    ]);
  });

  it('event XML or garbage handed to readClixml is skipped, not thrown', async () => {
    const events = await read('shapes/wevtutil-oneline.xml', 'utf-8');
    expect(events.skippedReason).toMatch(/not a PowerShell Export-Clixml or ConvertTo-Xml file/);
    const ctx = { file: 'x', defaultMachine: 'X' };
    const garbage = await readClixml(chunked(Buffer.from([0, 1, 2, 0xff, 0xfe, 0x3c])), 'utf-8', ctx);
    expect(garbage.skippedReason).toBeDefined();
    const doctype = await readClixml(chunked(Buffer.from('<!DOCTYPE x [<!ENTITY a SYSTEM "file:///etc/passwd">]><Objs><Obj>&a;</Obj></Objs>')), 'utf-8', ctx);
    expect(doctype.skippedReason).toMatch(/^DOCTYPE with entities refused/);
  });

  it('a DOCTYPE split across chunks is refused like a whole one (found by fuzzing)', async () => {
    const bytes = Buffer.concat([Buffer.from('<!DOCTYPE x [<!ENTITY a "aaaa">]>\n'), fixtureBytes('clixml/convertto-xml-depth3.xml')]);
    const ctx = { file: 'x', defaultMachine: 'X' };
    for (const size of [1, 2, 3, 5, 8]) {
      const result = await readClixml(chunked(bytes, [size]), 'utf-8', ctx);
      expect({ size, skipped: result.skippedReason, facts: result.facts.length }).toEqual({ size, skipped: expect.stringMatching(/^DOCTYPE with entities refused/), facts: 0 });
    }
  });

  it('a truncated Export-Clixml keeps the complete records', async () => {
    const bytes = fixtureBytes('clixml/export-clixml-depth3-utf16le.xml');
    const text = bytes.subarray(2).toString('utf16le');
    const cutAt = 2 + 2 * (text.indexOf('<I32 N="Id">8198</I32>') + 5);
    const result = await readClixml(chunked(bytes.subarray(0, cutAt)), 'utf-16le', { file: 'c.xml', defaultMachine: 'X' });
    expect(result.partial).toBe(true);
    expect(result.facts.map((f) => f.kind)).toEqual(['kms-request']);
    expect(result.problems[0]!.message).toMatch(/^truncated after record 1 \(line \d+\)/);
  });
});
