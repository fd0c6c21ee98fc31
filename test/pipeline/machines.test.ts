import { describe, expect, it } from '@jest/globals';
import { groupByMachine } from '../../src/pipeline/machines.js';
import type { Fact } from '../../src/model/facts.js';

const error = (machine: string, file: string, time: string | null, line: number): Fact => ({
  kind: 'activation-error', machine, time, source: { file, line }, hresult: '0xC004F074', context: 'test', message: null, activationId: null,
});

describe('groupByMachine', () => {
  it('merges spellings of one machine case-insensitively and sorts facts by time, timeless last', () => {
    const machines = groupByMachine([
      error('pc01', 'fleet/PC01/slmgr.txt', null, 3),
      error('PC01', 'fleet/PC01/app.xml', '2026-11-02T00:00:00.000Z', 9),
      error('PC01', 'fleet/PC01/app.xml', '2026-11-01T00:00:00.000Z', 1),
      error('SRV', 'x.xml', null, 1),
    ]);
    expect(machines.map((m) => m.name)).toEqual(['PC01', 'SRV']);
    expect(machines[0].facts.map((f) => [f.machine, f.time])).toEqual([
      ['PC01', '2026-11-01T00:00:00.000Z'],
      ['PC01', '2026-11-02T00:00:00.000Z'],
      ['PC01', null],
    ]);
    expect(machines[0].files).toEqual(['fleet/PC01/app.xml', 'fleet/PC01/slmgr.txt']);
  });

  it('gives the same result whatever the input order', () => {
    const facts = [error('a', 'f1', null, 1), error('A', 'f2', '2026-01-01T00:00:00.000Z', 1), error('b', 'f3', null, 2)];
    expect(groupByMachine([...facts].reverse())).toEqual(groupByMachine(facts));
  });
});
