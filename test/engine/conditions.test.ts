import { describe, expect, it } from '@jest/globals';
import { compileConditions, type FieldScope } from '../../src/engine/conditions.js';
import { RuleFieldError } from '../../src/engine/errors.js';
import { shortMachineName } from '../../src/engine/fields.js';
import type { ValueSource } from '../../src/engine/types.js';

const anyField: FieldScope = { isKnown: () => true, describe: () => 'anything' };

function source(values: Record<string, unknown>, catalog: string[] = []): ValueSource {
  return {
    get: (path) => path.split('.').reduce<unknown>((value, part) => (value as Record<string, unknown> | undefined)?.[part], values),
    inCatalog: (code) => catalog.includes(code),
  };
}

function holds(conditions: unknown, values: Record<string, unknown>, catalog?: string[]): boolean {
  return compileConditions(conditions, 'where', anyField)(source(values, catalog));
}

describe('conditions', () => {
  it.each([
    ['eq is case-insensitive for text', { kmsHost: 'KMS01.corp' }, { kmsHost: 'kms01.CORP' }, true],
    ['eq compares numbers', { currentCount: 25 }, { currentCount: 25 }, true],
    ['a list means in', { hresult: ['0xC004F074', '0xC004F038'] }, { hresult: '0xC004F038' }, true],
    ['notin needs a value', { 'hresult|notin': ['0xC004F074'] }, { hresult: null }, false],
    ['notin', { 'hresult|notin': ['0xC004F074'] }, { hresult: '0xC004F038' }, true],
    ['ne with a missing field is false', { 'hresult|ne': '0x00000000' }, {}, false],
    ['lt against another field', { 'currentCount|lt': '$request.minimumCount' }, { currentCount: 4, request: { minimumCount: 25 } }, true],
    ['lt against a missing field is false', { 'currentCount|lt': '$request.minimumCount' }, { currentCount: 4 }, false],
    ['gte on ISO times', { 'time|gte': '2026-10-02T00:00:00Z' }, { time: '2026-10-02T08:00:00.000Z' }, true],
    ['between is inclusive', { 'currentCount|between': [5, 24] }, { currentCount: 24 }, true],
    ['between excludes outside values', { 'currentCount|between': [5, 24] }, { currentCount: 25 }, false],
    ['re is case-insensitive', { 'channel|re': '^volume_kms(?!client)' }, { channel: 'VOLUME_KMS_C' }, true],
    ['re on a list matches any element', { 'names|re': 'NOT_ENOUGH' }, { names: ['A', 'SL_VL_BINDING_ERROR_NOT_ENOUGH_COUNT'] }, true],
    ['contains on text', { 'product|contains': 'office' }, { product: 'Office 16, ProPlus' }, true],
    ['startswith', { 'context|startswith': 'event' }, { context: 'event 8198' }, true],
    ['endswith', { 'kmsHost|endswith': '.example' }, { kmsHost: 'kms01.corp.example' }, true],
    ['exists false on null', { 'cmid|exists': false }, { cmid: null }, true],
    ['exists true on false', { 'ok|exists': true }, { ok: false }, true],
    ['incatalog', { 'hresult|incatalog': true }, { hresult: '0xC004F074' }, true],
    ['len transform', { 'names|len|gte': 2 }, { names: ['a', 'b'] }, true],
    ['shortname transform', { 'kmsHost|shortname': 'KMS01' }, { kmsHost: 'kms01.corp.example:1688' }, true],
    ['hex literals are normalised', { hresult: '0x0' }, { hresult: '0x00000000' }, true],
    ['any', { any: [{ a: 1 }, { b: 2 }] }, { b: 2 }, true],
    ['all', { all: [{ a: 1 }, { b: 2 }] }, { a: 1, b: 3 }, false],
    ['not', { not: { a: 1 } }, { a: 2 }, true],
    ['keys of one mapping are ANDed', { a: 1, b: 2 }, { a: 1, b: 3 }, false],
  ])('%s', (_, conditions, values, expected) => {
    expect(holds(conditions, values, ['0xC004F074'])).toBe(expected);
  });

  it('reports the field at fault', () => {
    expect(() => compileConditions({ any: [{ a: 1 }, { 'b|nope': 1 }] }, 'where', anyField)).toThrow(RuleFieldError);
    try {
      compileConditions({ any: [{ a: 1 }, { 'b|nope': 1 }] }, 'where', anyField);
    } catch (error) {
      expect((error as RuleFieldError).field).toBe('where.any[1].b|nope');
    }
  });
});

describe('shortMachineName', () => {
  it.each([
    ['kms01.corp.example:1688', 'KMS01'],
    ['KMS01', 'KMS01'],
    ['169.254.169.250:1688', '169.254.169.250'],
    ['[fe80::1]:1688', 'FE80::1'],
  ])('%s → %s', (input, expected) => {
    expect(shortMachineName(input)).toBe(expected);
  });
});

describe('message templates', () => {
  it('drops an optional [[ … ]] part whose placeholder has no value, and keeps it otherwise', async () => {
    const { renderTemplate } = await import('../../src/engine/render.js');
    const lookup = (values: Record<string, unknown>) => (name: string) => values[name];
    expect(renderTemplate('The KMS host[[ {{kmsHost}}]] did not answer', lookup({ kmsHost: 'kms01' }))).toBe('The KMS host kms01 did not answer');
    expect(renderTemplate('The KMS host[[ {{kmsHost}}]] did not answer', lookup({}))).toBe('The KMS host did not answer');
    expect(renderTemplate('count {{n}}', lookup({}))).toBe('count unknown');
  });
});

describe('suggested commands', () => {
  it('are left out when a value from the log is not a plain host, port, domain, GUID or code', async () => {
    const { renderComplete } = await import('../../src/engine/render.js');
    const lookup = (values: Record<string, unknown>) => (name: string) => values[name];
    const template = 'Test-NetConnection {{kmsHost}} -Port {{kmsPort}}';
    expect(renderComplete(template, lookup({ kmsHost: 'kms01.corp.contoso.com', kmsPort: 1688 }))).toBe('Test-NetConnection kms01.corp.contoso.com -Port 1688');
    expect(renderComplete(template, lookup({ kmsHost: 'kms01 $(Restart-Computer -Force) ; echo', kmsPort: 1688 }))).toBeNull();
    expect(renderComplete(template, lookup({ kmsHost: 'kms01' }))).toBeNull();
  });
});
