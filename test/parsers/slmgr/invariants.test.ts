/**
 * Invariants over every fixture and over random input: the parser never throws, codes
 * and times have the contract's shapes, and every identifier it reports is in the text
 * (nothing invented).
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Fact } from '../../../src/model/facts.js';
import { FIXTURES, fixtureText, parse } from './helpers.js';

const HRESULT = /^0x[0-9A-F]{8}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function identifiers(fact: Fact): string[] {
  if (fact.kind === 'license') {
    const client = fact.kmsClient;
    return [fact.activationId, fact.applicationId, fact.extendedPid, fact.partialKey, fact.keyChannel, client?.cmid, client?.dnsHost, client?.registeredHost, client?.hostIp, client?.hostExtendedPid, client?.srvDomain].filter(
      (v): v is string => typeof v === 'string',
    );
  }
  if (fact.kind === 'activation-error' || fact.kind === 'activation-success') return fact.activationId ? [fact.activationId] : [];
  return [];
}

function checkInvariants(text: string, facts: Fact[]): void {
  // A value may continue on the next line (an 80-column wrap), so the text is also searched with its line breaks removed.
  const lower = text.toLowerCase().replace(/^[ \t]*(?:>[ \t]?)+/gm, '');
  const haystack = [text.toLowerCase(), lower, lower.replace(/[ \t]*(?:\r\n|\r|\n)\s*/g, ''), lower.replace(/[ \t]*(?:\r\n|\r|\n)\s*/g, ' ')].join('\u0000');
  for (const fact of facts) {
    for (const id of identifiers(fact)) expect(haystack).toContain(id.toLowerCase());
    if (fact.kind === 'activation-error') expect(fact.hresult).toMatch(HRESULT);
    if (fact.kind === 'license') {
      for (const code of [fact.notificationReason, fact.errorCode]) if (code !== null) expect(code).toMatch(HRESULT);
      for (const time of [fact.trustedTime, fact.evaluationEndDate]) if (time !== null) expect(time).toMatch(ISO);
      if (fact.minutesToExpiry !== null) expect(Number.isInteger(fact.minutesToExpiry)).toBe(true);
    }
    expect(fact.source.line).toBeGreaterThanOrEqual(1);
    expect(fact.source.line).toBeLessThanOrEqual(text.split(/\r\n|\r|\n/).length);
  }
}

const ALL_FIXTURES = ['en', 'zh-hans', 'synthetic'].flatMap((dir) => readdirSync(join(FIXTURES, dir)).map((name) => `${dir}/${name}`));

describe('invariants', () => {
  it('hold on every fixture', () => {
    for (const relative of ALL_FIXTURES) {
      const text = fixtureText(relative);
      checkInvariants(text, parse(text).facts);
    }
  });

  it('hold on arbitrary text, and the parser never throws', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (text) => {
        checkInvariants(text, parse(text).facts);
      }),
      { numRuns: 300 },
    );
  });

  it('hold on shuffled, cut and spliced lines of real outputs', () => {
    const pool = ALL_FIXTURES.flatMap((relative) => fixtureText(relative).split(/\r?\n/));
    const lineArb = fc.oneof(
      fc.constantFrom(...pool),
      fc.constantFrom(...pool).chain((line) => fc.nat(line.length).map((cut) => line.slice(0, cut))),
      fc.string({ maxLength: 40 }),
    );
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 60 }), fc.constantFrom('\n', '\r\n', '\r'), (lines, eol) => {
        const text = lines.join(eol);
        checkInvariants(text, parse(text).facts);
      }),
      { numRuns: 300 },
    );
  });
});
