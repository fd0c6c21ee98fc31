/**
 * Fleet rules over hundreds of generated machines: duplicate CMIDs from cloned
 * images and clients split across KMS hosts.
 */
import { describe, expect, it } from '@jest/globals';
import { evaluate, loadRules } from '../../src/engine/index.js';
import { fleetInventory, verdictOf } from '../../src/pipeline/assemble.js';
import type { MachineInput } from '../../src/engine/index.js';
import { fixtureCatalog } from './catalog-fixture.js';
import { kmsClientInfo, kmsRequest, kmsResponse, license } from './fact-builders.js';

const catalog = fixtureCatalog();
const rules = loadRules(undefined, catalog);

/** Deterministic pseudo-random numbers, so a failure can be reproduced. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function cmidFor(index: number): string {
  return `${index.toString(16).padStart(8, '0')}-1111-2222-3333-444455556666`;
}

interface ClientSpec {
  name: string;
  host: string;
  hostCount: number;
  cmid: string;
  minimumCount?: number;
  viaText?: boolean;
}

function client({ name, host, hostCount, cmid, minimumCount = 25, viaText = false }: ClientSpec, next: () => number): MachineInput {
  const day = 1 + Math.floor(next() * 20);
  const time = new Date(Date.UTC(2026, 9, day, 8, Math.floor(next() * 60))).toISOString();
  const answered = hostCount >= minimumCount;
  if (viaText) {
    return { name, facts: [license({ machine: name, licenseStatus: answered ? 'licensed' : 'oob-grace', kmsClient: kmsClientInfo({ cmid, dnsHost: host }) })] };
  }
  return {
    name,
    facts: [
      kmsRequest({ machine: name, time, kmsHost: host, cmid, minimumCount, hresult: answered ? '0x00000000' : '0xC004F038' }),
      kmsResponse({
        machine: name,
        time: new Date(Date.parse(time) + 1000).toISOString(),
        currentCount: hostCount,
        activated: answered,
        hresult: answered ? '0x00000000' : '0xC004F038',
      }),
    ],
  };
}

describe('duplicate CMID across the fleet', () => {
  const next = random(7);
  const clonedCmid = cmidFor(0xc10e);
  const cloned = new Set<string>();
  const machines: MachineInput[] = Array.from({ length: 400 }, (_, i) => {
    const name = `PC${String(i).padStart(4, '0')}`;
    const isClone = i % 10 === 3;
    if (isClone) cloned.add(name);
    return client({ name, host: 'kms01.corp.example', hostCount: 120, cmid: isClone ? clonedCmid : cmidFor(i + 1), viaText: i % 7 === 0 }, next);
  });
  const result = evaluate(machines, rules, catalog);

  it('gives one fleet finding for the shared CMID that names every clone', () => {
    const findings = result.fleetFindings.filter((f) => f.ruleId === 'duplicate-cmid');
    expect(findings).toHaveLength(1);
    expect(findings[0]!.title).toBe(`CMID ${clonedCmid} is shared by ${cloned.size} machines`);
    expect(findings[0]!.machines).toEqual([...cloned].sort());
    expect(findings[0]!.evidence.length).toBeLessThanOrEqual(20);
    expect(findings[0]!.moreEvidence).toBeGreaterThan(0);
  });

  it('marks the clones failing and leaves the other machines alone', () => {
    for (const machine of result.machines) {
      const flagged = machine.findings.some((f) => f.ruleId === 'duplicate-cmid');
      expect([machine.name, flagged]).toEqual([machine.name, cloned.has(machine.name)]);
      expect(verdictOf(machine.findings, machines.find((m) => m.name === machine.name)!.facts)).toBe(cloned.has(machine.name) ? 'failing' : 'ok');
    }
  });

  it('gives each clone its own evidence only', () => {
    const clone = result.machines.find((m) => cloned.has(m.name))!;
    const finding = clone.findings.find((f) => f.ruleId === 'duplicate-cmid')!;
    expect(finding.evidence.every((e) => e.file.includes(`/${clone.name}/`))).toBe(true);
  });
});

describe('clients split across KMS hosts', () => {
  const next = random(11);
  const split = (prefix: string, host: string, count: number, hostCount: number) =>
    Array.from({ length: count }, (_, i) => client({ name: `${prefix}${String(i).padStart(3, '0')}`, host, hostCount, cmid: cmidFor(Math.floor(next() * 2 ** 31)) }, next));

  it('finds three hosts below 25 whose clients together would reach it, and ignores the healthy host', () => {
    const machines = [
      ...split('A', 'kmsa.corp.example', 9, 9),
      ...split('B', 'kmsb.corp.example:1688', 8, 8),
      ...split('C', 'KMSC', 10, 10),
      ...split('H', 'kms-main.corp.example', 300, 300),
    ];
    const result = evaluate(machines, rules, catalog);
    const findings = result.fleetFindings.filter((f) => f.ruleId === 'kms-host-split');
    expect(findings).toHaveLength(1);
    expect(findings[0]!.title).toBe('27 clients are split across 3 KMS hosts; none reaches 25');
    expect(findings[0]!.cause).toContain('KMSA counts 9 (9 clients seen); KMSB counts 8 (8 clients seen); KMSC counts 10 (10 clients seen)');
    expect(findings[0]!.machines).toHaveLength(27);
    expect(result.fleetFindings.map((f) => f.ruleId)).not.toContain('kms-hosts-in-use');
    expect(fleetInventory(machines).kmsHosts).toHaveLength(4);
  });

  it('is silent when the split clients could not reach the threshold together', () => {
    const machines = [...split('A', 'kmsa', 9, 9), ...split('B', 'kmsb', 8, 8), ...split('H', 'kms-main', 200, 200)];
    const result = evaluate(machines, rules, catalog);
    expect(result.fleetFindings.map((f) => f.ruleId)).not.toContain('kms-host-split');
  });

  it('flags a host that fails most requests with its failure count', () => {
    const machines = [...split('A', 'kmsa', 12, 3), ...split('H', 'kms-main', 100, 100)];
    const result = evaluate(machines, rules, catalog);
    const rates = result.fleetFindings.filter((f) => f.ruleId === 'kms-host-failure-rate');
    expect(rates.map((f) => f.title)).toEqual(['KMS host KMSA failed 12 of 12 requests']);
  });
});

describe('a gold image that shipped with a MAK', () => {
  it('names the MAK machines among hundreds of KMS clients and warns only them', () => {
    const product = 'Windows(R), Enterprise edition';
    const makMachines = new Set(['PC0013', 'PC0101', 'PC0202', 'PC0299']);
    const machines: MachineInput[] = Array.from({ length: 300 }, (_, i) => {
      const name = `PC${String(i).padStart(4, '0')}`;
      const channel = makMachines.has(name) ? 'VOLUME_MAK' : 'VOLUME_KMSCLIENT';
      return { name, facts: [license({ machine: name, product, channel, minutesToExpiry: 250000 })] };
    });
    const result = evaluate(machines, rules, catalog);
    const fleet = result.fleetFindings.filter((f) => f.ruleId === 'mak-in-kms-fleet');
    expect(fleet).toHaveLength(1);
    expect(fleet[0]!.title).toBe(`4 ${product} machine(s) use a MAK; 296 others use KMS`);
    expect(fleet[0]!.machines).toEqual([...makMachines].sort());
    const warned = result.machines.filter((m) => verdictOf(m.findings, machines.find((x) => x.name === m.name)!.facts) === 'warning').map((m) => m.name);
    expect(warned).toEqual([...makMachines].sort());
  });
});
