import { describe, expect, it } from '@jest/globals';
import { loadCatalog, type CatalogEntry } from '../../src/catalog/catalog.js';
import { explain, type UnknownCode } from '../../src/catalog/explain.js';

const catalog = loadCatalog();

interface ExplainJson {
  entries: CatalogEntry[];
  unknown: UnknownCode[];
  unreadable: string[];
}

function explainJson(args: string[]): { data: ExplainJson; exitCode: number } {
  const result = explain(args, { format: 'json', catalog });
  return { data: JSON.parse(result.output) as ExplainJson, exitCode: result.exitCode };
}

describe('explain, text', () => {
  it('shows title, message, applies to, causes, numbered steps with commands and related codes', () => {
    const { output, exitCode } = explain(['0xC004F038'], { format: 'text', catalog });
    const entry = catalog.get('0xC004F038')!;
    expect(exitCode).toBe(0);
    expect(output).toContain('0xC004F038  SL_E_VL_NOT_ENOUGH_COUNT');
    expect(output).toContain(entry.title);
    expect(output).toContain(entry.message);
    expect(output).toContain('Applies to:  KMS client\n');
    expect(output).toContain(`- ${entry.causes[0]}`);
    expect(output).toContain(`1. ${entry.resolution[0]!.step}`);
    expect(output).toContain('> slmgr.vbs /dli');
    expect(output).toContain('Next command to run:  slmgr.vbs /dli');
    expect(output).toContain('Related codes:  0xC004F074, 0xC004F039');
  });

  it('explains several codes in the order given, in any spelling', () => {
    const { output, exitCode } = explain(['c004f06c', '-1073418124'], { format: 'text', catalog });
    expect(exitCode).toBe(0);
    expect(output.indexOf('0xC004F06C')).toBeGreaterThanOrEqual(0);
    expect(output.indexOf('0xC004F074')).toBeGreaterThan(output.indexOf('0xC004F06C'));
    expect(output).toContain('w32tm /resync');
  });

  it('marks supplementary entries', () => {
    const { output } = explain(['0x80072338'], { format: 'text', catalog });
    expect(output).toContain('DNS_ERROR_RCODE_BADSIG');
    expect(output).toContain('supplementary');
  });

  it('fails on an unknown code with the facility hint, and still explains the known ones', () => {
    const { output, exitCode } = explain(['0x80070002', '0xC004F074'], { format: 'text', catalog });
    expect(exitCode).toBe(1);
    expect(output).toContain('0x80070002\n  Not in the activation error catalog.');
    expect(output).toContain('Win32 error 2');
    expect(output).toContain('No KMS host could be contacted');
  });

  it('shows the facts rules rely on', () => {
    const { output } = explain(['0xC004F038'], { format: 'text', catalog });
    expect(output).toContain('minimumCountClientOs: 25');
    expect(output).toContain('kmsCountNeverContacted: -1');
  });

  it('reads a line pasted without quotes, which the shell split into words', () => {
    const words = 'Info: 0xC004F06C, 0x00000000, kms01.contoso.com:1688, 36f27b39-7d1c-4b9e-9f3c-1a2b3c4d5e6f, 2010/09/29 17:52, 0, 2, 41760, 5'.split(' ');
    const { output, exitCode } = explain(words, { format: 'text', catalog });
    expect(exitCode).toBe(0);
    expect(output).toContain('0xC004F06C  SL_E_VL_INVALID_TIMESTAMP');
    expect(output).not.toContain('Not in the activation error catalog');
  });

  it('does not take a small plain number for a code', () => {
    const { errors, exitCode } = explain(['41760'], { format: 'text', catalog });
    expect(exitCode).toBe(2);
    expect(errors).toContain('no error code in "41760"');
  });

  it('explains 0x0 as success when asked for it explicitly', () => {
    const { output, exitCode } = explain(['0x0'], { format: 'text', catalog });
    expect(exitCode).toBe(1);
    expect(output).toContain('S_OK');
  });

  it('fails when an argument holds no code', () => {
    const { output, errors, exitCode } = explain(['hello'], { format: 'text', catalog });
    expect(exitCode).toBe(2);
    expect(output).toBe('');
    expect(errors).toContain('no error code in "hello"');
  });

  it("reads Microsoft's own spelling, slui 0x2a 0xC004F074, as the one code", () => {
    for (const args of [['slui', '0x2a', '0xC004F074'], ['slui.exe 0x2a 0xC004F074'], ['SLUI.EXE', '0x2A', '0xC004F074']]) {
      const { output, errors, exitCode } = explain(args, { format: 'json', catalog });
      expect([exitCode, errors]).toEqual([0, '']);
      expect((JSON.parse(output) as { entries: { code: string }[]; unknown: unknown[] }).entries.map((e) => e.code)).toEqual(['0xC004F074']);
    }
  });

  it('fails on a quoted line without any code, even next to a known code', () => {
    const { output, errors, exitCode } = explain(['0xC004F074', 'KMS host not found'], { format: 'text', catalog });
    expect(exitCode).toBe(2);
    expect(output).toContain('No KMS host could be contacted');
    expect(errors).toContain('no error code in "KMS host not found"');
  });

  it('fails with a usage hint when no code is given', () => {
    const { errors, exitCode } = explain([], { format: 'text', catalog });
    expect(exitCode).toBe(2);
    expect(errors).toContain('give at least one error code');
  });
});

describe('explain, json', () => {
  it('returns the catalog entries as data', () => {
    const { data, exitCode } = explainJson(['0xC004F074', '0x8007232B']);
    expect(exitCode).toBe(0);
    expect(data.entries).toEqual([catalog.get('0xC004F074'), catalog.get('0x8007232B')]);
    expect(data.unknown).toEqual([]);
  });

  it('finds every code in a pasted line and ignores the status fields', () => {
    const line = 'Info: 0xC004F06C, 0x00000000, kms01.contoso.com:1688, 36f27b39-7d1c-4b9e-9f3c-1a2b3c4d5e6f, 2010/09/29 17:52, 0, 2, 41760';
    const { data, exitCode } = explainJson([line]);
    expect(exitCode).toBe(0);
    expect(data.entries.map((entry) => entry.code)).toEqual(['0xC004F06C']);
  });

  it('reads a localised slmgr error line', () => {
    const { data } = explainJson(['错误: 0xC004F074 软件授权服务报告无法激活计算机。无法联系任何密钥管理服务(KMS)。']);
    expect(data.entries.map((entry) => entry.code)).toEqual(['0xC004F074']);
  });

  it('lists unknown codes with their facility and exits 1', () => {
    const { data, exitCode } = explainJson(['0xC004F0EE']);
    expect(exitCode).toBe(1);
    expect(data.entries).toEqual([]);
    expect(data.unknown).toEqual([{ code: '0xC004F0EE', facility: expect.stringContaining('Software Licensing') }]);
  });
});

describe('explain --list', () => {
  it('prints every catalog entry with activation types and message', () => {
    const { output, exitCode } = explain([], { format: 'text', list: true, catalog });
    expect(exitCode).toBe(0);
    for (const entry of catalog.values()) expect(output).toContain(`${entry.code}  `);
    expect(output).toMatch(/^0x8007232B\s+KMS client\s+The KMS client's DNS lookup/m);
    expect(output).toContain(`${catalog.size} codes.`);
  });

  it('prints the whole catalog as JSON, sorted by code', () => {
    const { output } = explain([], { format: 'json', list: true, catalog });
    const entries = JSON.parse(output) as CatalogEntry[];
    expect(entries).toHaveLength(catalog.size);
    expect(entries.map((entry) => entry.code)).toEqual([...catalog.keys()].sort());
  });
});
