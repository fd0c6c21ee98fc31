import { describe, expect, it } from '@jest/globals';
import { licenseStateFromCode } from '../../src/model/facts.js';

describe('licenseStateFromCode', () => {
  it('maps SoftwareLicensingProduct.LicenseStatus numbers to contract names', () => {
    expect(licenseStateFromCode(0)).toBe('unlicensed');
    expect(licenseStateFromCode(1)).toBe('licensed');
    expect(licenseStateFromCode(5)).toBe('notification');
    expect(licenseStateFromCode(6)).toBe('extended-grace');
    expect(licenseStateFromCode(9)).toBe('unknown');
    expect(licenseStateFromCode(null)).toBeNull();
  });
});
