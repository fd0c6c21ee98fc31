import { describe, expect, it } from '@jest/globals';
import { parseRuleText, testRules } from '../../src/engine/index.js';
import { fixtureCatalog } from './catalog-fixture.js';

const catalog = fixtureCatalog();

const rule = (tests: string) => `
id: user-kms-port
title: KMS requests to a port other than 1688
severity: warning
kinds: [kms-request]
where: { kmsPort|ne: 1688 }
messages:
  title: KMS host {{kmsHost}} on port {{kmsPort}}
tests:
${tests}`;

describe('testRules (activation-doctor rules test)', () => {
  it('passes a user rule whose cases hold', () => {
    const rules = parseRuleText(
      rule(`  valid:
    - name: default port
      facts: [{ kind: kms-request, kmsHost: kms01, kmsPort: 1688 }]
  invalid:
    - name: custom port
      facts: [{ kind: kms-request, kmsHost: kms01, kmsPort: 1700 }]
      findings: [{ severity: warning, titleIncludes: 'port 1700' }]
`),
      'user/kms-port.yaml',
      catalog,
    );
    const result = testRules(rules, catalog);
    expect(result).toMatchObject({ passed: 2, failed: 0 });
    expect(result.output).toContain('ok    user-kms-port invalid: custom port');
  });

  it('fails a case that produces a finding it should not, or misses or adds one', () => {
    const rules = parseRuleText(
      rule(`  valid:
    - name: wrongly valid
      facts: [{ kind: kms-request, kmsHost: kms01, kmsPort: 1700 }]
  invalid:
    - name: expects the wrong severity
      facts: [{ kind: kms-request, kmsHost: kms01, kmsPort: 1700 }]
      findings: [{ severity: error }]
    - name: expects one finding, gets two
      facts:
        - { kind: kms-request, machine: PC01, kmsHost: kms01, kmsPort: 1700 }
        - { kind: kms-request, machine: PC02, kmsHost: kms01, kmsPort: 1700 }
      findings: [{ machine: PC01 }]
`),
      'user/kms-port.yaml',
      catalog,
    );
    const result = testRules(rules, catalog);
    expect(result).toMatchObject({ passed: 0, failed: 3 });
    expect(result.output).toContain('FAIL  user-kms-port valid: wrongly valid');
    expect(result.output).toContain('expected {"severity":"error"}');
    expect(result.output).toContain('unexpected finding:\n      PC02 warning');
    expect(result.output.split('\n').at(-1)).toBe('0 passed, 3 failed (1 rule)');
  });
});
