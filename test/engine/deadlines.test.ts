/**
 * Deadlines: when activation runs out, counted from the scan's clock when one is
 * injected (evaluate's `now`), else from the machine's newest evidence.
 */
import { describe, expect, it } from '@jest/globals';
import { evaluate, loadRules } from '../../src/engine/index.js';
import type { Fact } from '../../src/model/facts.js';
import { fixtureCatalog } from './catalog-fixture.js';
import { kmsRequest, license } from './fact-builders.js';

const catalog = fixtureCatalog();
const rules = loadRules(undefined, catalog);

/** A KMS client whose renewals fail since 2026-10-17 with its activation ending 2026-10-26T08:00Z. */
function failingRenewals(machine: string): Fact[] {
  return [
    kmsRequest({
      machine,
      time: '2026-10-17T08:00:00.000Z',
      hresult: '0xC004F074',
      licenseStatus: 'licensed',
      minutesToExpiry: 12960,
      expiresAt: '2026-10-26T08:00:00.000Z',
    }),
    kmsRequest({
      machine,
      time: '2026-10-19T08:00:00.000Z',
      hresult: '0xC004F074',
      licenseStatus: 'licensed',
      minutesToExpiry: 10080,
      expiresAt: '2026-10-26T08:00:00.000Z',
    }),
  ];
}

function deadlineFinding(facts: Fact[], now?: Date) {
  const result = evaluate([{ name: facts[0]!.machine, facts }], rules, catalog, now ? { now } : {});
  return { machine: result.machines[0]!.findings.find((f) => f.ruleId.startsWith('kms-renewal-deadline')), fleet: result.fleetFindings };
}

describe('deadlines relative to now', () => {
  it('without a clock, days are counted from the newest evidence (deterministic)', () => {
    const { machine } = deadlineFinding(failingRenewals('PC01'));
    // the newest request is from 2026-10-19T08:00Z: 7 days before the end, still a warning
    expect(machine).toMatchObject({ ruleId: 'kms-renewal-deadline', severity: 'warning' });
    expect(machine!.title).toContain('runs out in 7 days, on 2026-10-26');
  });

  it('an injected clock says how many days are left today, and the severity rises as the date nears', () => {
    // 55 days ahead: no deadline finding yet (kms-unreachable and its kin still report the failure)...
    expect(deadlineFinding(failingRenewals('PC01'), new Date('2026-09-01T08:00:00Z')).machine).toBeUndefined();
    // ...within 30 days a warning...
    const early = deadlineFinding(failingRenewals('PC01'), new Date('2026-09-30T08:00:00Z')).machine;
    expect(early).toMatchObject({ ruleId: 'kms-renewal-deadline', severity: 'warning' });
    expect(early!.title).toContain('runs out in 26 days');
    // ...and from 7 days before, an error that names the date and since when renewals fail.
    const late = deadlineFinding(failingRenewals('PC01'), new Date('2026-10-24T08:00:00Z')).machine;
    expect(late).toMatchObject({ ruleId: 'kms-renewal-deadline-imminent', severity: 'error' });
    expect(late!.title).toBe('Activation runs out in 2 days, on 2026-10-26: KMS renewals failing');
    expect(late!.cause).toContain('failed since 2026-10-17T08:00:00.000Z (2 attempts');
  });

  it('the fleet sums it up: N machines lose activation within 7 days', () => {
    const now = new Date('2026-10-24T08:00:00Z');
    const facts = [
      ...failingRenewals('PC01'),
      ...failingRenewals('PC02'),
      license({ machine: 'PC03', licenseStatus: 'licensed', expiryKind: 'volume', minutesToExpiry: 200_000 }),
    ];
    const result = evaluate(
      ['PC01', 'PC02', 'PC03'].map((name) => ({ name, facts: facts.filter((f) => f.machine === name) })),
      rules,
      catalog,
      { now },
    );
    const fleet = result.fleetFindings.find((f) => f.ruleId === 'fleet-activation-deadlines');
    expect(fleet?.title).toBe('2 machines lose activation within 7 days');
    expect(fleet?.cause).toContain('PC01 (on 2026-10-26); PC02 (on 2026-10-26)');
  });
});
