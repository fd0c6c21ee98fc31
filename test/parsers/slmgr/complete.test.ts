/** The one per-field table that says when a value is complete (wrap joining and truncation both use it). */
import { describe, expect, it } from '@jest/globals';
import { valueCompleteness } from '../../../src/parsers/slmgr/complete.js';
import { licenses, parse } from './helpers.js';

describe('valueCompleteness', () => {
  it('full shapes are complete, cut shapes are cut, and shapes that cannot tell say so', () => {
    expect(valueCompleteness('activationId', '2d5a5a60-3040-48bf-beb0-fcd770c20ce0')).toBe(true);
    expect(valueCompleteness('activationId', '2d5a5a60-3040-48bf-beb0-fcd7')).toBe(false);
    expect(valueCompleteness('licenseStatus', 'Licensed')).toBe(true);
    expect(valueCompleteness('licenseStatus', 'Licensed (')).toBe(false);
    expect(valueCompleteness('osppStatus', '---LICENSED---')).toBe(true);
    expect(valueCompleteness('osppStatus', '---LICEN')).toBe(false);
    expect(valueCompleteness('partialKey', 'WFG9')).toBe(false);
    expect(valueCompleteness('volumeExpiration', '259197 minute(s) (180 day(s))')).toBe(true);
    expect(valueCompleteness('volumeExpiration', '259197 minute(s) (180 da')).toBe(false);
    // a host without a port or a description in another language is not evidence of a cut
    expect(valueCompleteness('registeredHost', 'kms01')).toBeNull();
    expect(valueCompleteness('description', 'Windows(R) 操作系统')).toBeNull();
    expect(valueCompleteness('currentCount', '27')).toBe(true);
    expect(valueCompleteness('trustedTime', '2/27/2020 11:48:43 AM')).toBeNull();
  });

  it('a License Status cut after its opening parenthesis is a truncated paste (the wrap check and the truncation check agree)', () => {
    const result = parse('Name: Windows(R), Enterprise edition\nPartial Product Key: 3V66T\nLicense Status: Notification (');
    expect(result.partial).toBe(true);
    expect(licenses(result)[0]!.truncated).toBe(true);
  });
});

describe('hostile long runs stay linear (these took minutes with the old patterns)', () => {
  it('ospp LICENSE STATUS followed by 160 KB of hyphens', () => {
    const result = parse(
      'SKU ID: 0ff1ce15-a989-479d-af46-f275c6370663\nLICENSE NAME: Office 16, Office16ProPlusVL_KMS_Client edition\nLICENSE STATUS:  ' +
        '-'.repeat(160_000) +
        '\n',
    );
    expect(licenses(result)[0]!.licenseStatus).toBeNull();
  });

  it('Volume activation expiration: 1, 160 KB of spaces, x', () => {
    const result = parse('Name: Windows(R), Enterprise edition\nLicense Status: Licensed\nVolume activation expiration: 1' + ' '.repeat(160_000) + 'x\n');
    expect(licenses(result)[0]!.minutesToExpiry).toBeNull();
  });

  it('a minutes/days pair whose parenthesis is followed by a long run of spaces', () => {
    const result = parse('Name: Windows(R), Enterprise edition\nLicense Status: Licensed\nVolume activation expiration: 1 (5' + ' '.repeat(160_000) + 'x\n');
    expect(licenses(result)[0]!.minutesToExpiry).toBe(1);
  });

  it('ospp status tokens still read', () => {
    for (const [text, state] of [
      ['---LICENSED---', 'licensed'],
      ['--- OOB_GRACE ---', 'oob-grace'],
      ['---NON_GENUINE_GRACE---', 'nongenuine-grace'],
      ['---未许可---', 'unlicensed'],
    ] as const) {
      const result = parse(
        `SKU ID: 0ff1ce15-a989-479d-af46-f275c6370663\nLICENSE NAME: Office 16, Office16ProPlusVL_KMS_Client edition\nLICENSE STATUS:  ${text}\n`,
      );
      expect(licenses(result)[0]!.licenseStatus).toBe(state);
    }
  });
});
