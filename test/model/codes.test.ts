import { describe, expect, it } from '@jest/globals';
import { extractCodes, normalizeHresult } from '../../src/model/codes.js';
import { describeFacility } from '../../src/catalog/facility.js';

describe('normalizeHresult', () => {
  it.each([
    ['0xC004F074', '0xC004F074'],
    ['0XC004F074', '0xC004F074'],
    ['0xc004f074', '0xC004F074'],
    ['C004F074', '0xC004F074'],
    ['c004f074', '0xC004F074'],
    ['&HC004F074', '0xC004F074'],
    ['  0xC004F074\r\n', '0xC004F074'],
    ['3221549172', '0xC004F074'],
    ['-1073418124', '0xC004F074'],
    ['80070005', '0x80070005'],
    ['4004F040', '0x4004F040'],
    ['0x0', '0x00000000'],
    ['0x8', '0x00000008'],
    ['0x00000000C004F074', '0xC004F074'],
    ['0', '0x00000000'],
    ['-2147483648', '0x80000000'],
    ['4294967295', '0xFFFFFFFF'],
  ])('reads %j as %s', (input, expected) => {
    expect(normalizeHresult(input)).toBe(expected);
  });

  it.each([
    [3221549172, '0xC004F074'],
    [-1073418124, '0xC004F074'],
    [0, '0x00000000'],
    [0x8007232b, '0x8007232B'],
  ])('reads the number %d as %s', (input, expected) => {
    expect(normalizeHresult(input)).toBe(expected);
  });

  it.each(['', 'KMS', '0x', '0xG004F074', '0x1C004F074', '4294967296', '-2147483649', '12.5', 'C004F07', 'C004F0745', '0xC004F074 extra'])(
    'rejects %j',
    (input) => {
      expect(normalizeHresult(input)).toBeNull();
    },
  );

  it.each([Number.NaN, 1.5, 2 ** 32, -(2 ** 31) - 1, Number.POSITIVE_INFINITY])('rejects the number %d', (input) => {
    expect(normalizeHresult(input)).toBeNull();
  });
});

describe('extractCodes', () => {
  it('finds the code in an slmgr error line', () => {
    expect(extractCodes('Error: 0xC004F074 The Software Licensing Service reported that the computer could not be activated.')).toEqual(['0xC004F074']);
  });

  it('finds codes after hr= in event data', () => {
    expect(extractCodes('hr=0x80072EE7')).toEqual(['0x80072EE7']);
  });

  it('finds the code in a localised line with a full-width colon', () => {
    expect(extractCodes('错误: 0xC004F074 软件授权服务报告无法激活计算机。')).toEqual(['0xC004F074']);
    expect(extractCodes('错误：0xc004f074软件授权服务报告')).toEqual(['0xC004F074']);
  });

  it('returns several codes in order, without duplicates', () => {
    expect(extractCodes('0x8007232B then 0xC004F074, again 0x8007232b')).toEqual(['0x8007232B', '0xC004F074']);
  });

  it('reads the fields of a 12288 Info record, including the padded status', () => {
    expect(extractCodes('0xC004F06C, 0x00000000, kms01.contoso.com:1688, 36f27b39-7d1c-4b9e-9f3c-1a2b3c4d5e6f, 2010/09/29 17:52, 0, 2, 41760')).toEqual([
      '0xC004F06C',
      '0x00000000',
    ]);
  });

  it('skips slui\'s 0x2a verb', () => {
    expect(extractCodes("Error: 0xC004F035 On a computer running Microsoft Windows non-core edition, run 'slui.exe 0x2a 0xC004F035' to display the error text.")).toEqual([
      '0xC004F035',
    ]);
  });

  it('reads signed decimals as PowerShell prints them, and unsigned ones after an error word', () => {
    expect(extractCodes('Activation failed: -1073418124')).toEqual(['0xC004F074']);
    expect(extractCodes('HRESULT: 3221549172')).toEqual(['0xC004F074']);
  });

  it('reads bare hex that looks like an HRESULT', () => {
    expect(extractCodes('Notification Reason: C004F034.')).toEqual(['0xC004F034']);
  });

  it.each([
    ['a GUID group', 'ActivationID c004f074-8c5d-44ac-9aad-de6a2ea0ae03'],
    ['a plain count', 'Current count: 50'],
    ['a ten-digit number without an error word', 'Total requests received: 3221549172'],
    ['hex inside a word', 'build abc0xC004F074def'],
    ['an empty string', ''],
  ])('finds nothing in %s', (_label, text) => {
    expect(extractCodes(text)).toEqual([]);
  });
});

describe('describeFacility', () => {
  it('gives the Win32 number and name for 0x8007xxxx', () => {
    const hint = describeFacility('0x8007232B');
    expect(hint).toContain('Win32 error 9003');
    expect(hint).toContain('DNS_ERROR_RCODE_NAME_ERROR');
    expect(hint).toContain('DNS');
  });

  it('points WinINet errors at Internet access', () => {
    expect(describeFacility('0x80072EFE')).toMatch(/Win32 error 12030.*WinINet/);
  });

  it('recognises the Software Licensing facility and its sub-ranges', () => {
    expect(describeFacility('0xC004F0FF')).toMatch(/Software Licensing.*Software Licensing Service on the machine/);
    expect(describeFacility('0xC004C0FF')).toContain('clearinghouse');
    expect(describeFacility('0xC004F0FF')).toContain('slui.exe 0x2a 0xC004F0FF');
  });

  it('calls 0x4004xxxx informational', () => {
    expect(describeFacility('0x4004F0AA')).toMatch(/Informational/);
  });

  it('recognises RPC, ITF and success codes', () => {
    expect(describeFacility('0xC0020099')).toContain('RPC');
    expect(describeFacility('0x8004FE99')).toContain('FACILITY_ITF');
    expect(describeFacility('0x0')).toContain('S_OK');
  });

  it('accepts any spelling and rejects non-codes', () => {
    expect(describeFacility(-2147024891)).toContain('Win32 error 5');
    expect(describeFacility('nonsense')).toContain('not an HRESULT');
  });
});
