import { describe, expect, it } from '@jest/globals';
import { filterFacts, parseTimeBound } from '../../src/pipeline/filter.js';
import type { Fact } from '../../src/model/facts.js';

const fact = (machine: string, time: string | null): Fact => ({
  kind: 'activation-error', machine, time, source: { file: 'f' }, hresult: '0xC004F074', context: 'test', message: null, activationId: null,
});

describe('parseTimeBound', () => {
  const now = new Date('2026-11-21T00:00:00Z');
  it('reads ages back from now', () => {
    expect(parseTimeBound('7d', now)).toBe('2026-11-14T00:00:00.000Z');
    expect(parseTimeBound('12h', now)).toBe('2026-11-20T12:00:00.000Z');
  });
  it('reads ISO dates and times as UTC', () => {
    expect(parseTimeBound('2026-10-01', now)).toBe('2026-10-01T00:00:00.000Z');
    expect(parseTimeBound('2026-10-01T08:30', now)).toBe('2026-10-01T08:30:00.000Z');
  });
  it('refuses what it cannot read', () => {
    expect(parseTimeBound('last tuesday', now)).toBeNull();
    expect(parseTimeBound('10/01/2026', now)).toBeNull();
  });
});

describe('filterFacts', () => {
  const facts = [fact('PC01', '2026-10-01T00:00:00.000Z'), fact('PC02', '2026-11-10T00:00:00.000Z'), fact('SRV1', null)];
  it('keeps facts inside the window and timeless text facts', () => {
    expect(filterFacts(facts, { since: '2026-11-01T00:00:00.000Z' }).map((f) => f.machine)).toEqual(['PC02', 'SRV1']);
    expect(filterFacts(facts, { until: '2026-10-15T00:00:00.000Z' }).map((f) => f.machine)).toEqual(['PC01', 'SRV1']);
  });
  it('matches machine patterns case-insensitively with wildcards', () => {
    expect(filterFacts(facts, { machines: ['pc*'] }).map((f) => f.machine)).toEqual(['PC01', 'PC02']);
    expect(filterFacts(facts, { machines: ['SRV?'] }).map((f) => f.machine)).toEqual(['SRV1']);
  });
});
