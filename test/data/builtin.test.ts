import { describe, expect, it } from '@jest/globals';
import { readCatalogDir } from '../../src/catalog/catalog.js';
import { builtinData, builtinPath } from '../../src/data/builtin.js';
import { CATALOG_DIR, RULES_DIR } from '../../src/data/paths.js';
import { loadRules, readRuleDir } from '../../src/engine/load.js';
import { loadPolicy, readPolicyDir } from '../../src/policy/index.js';

describe('dist/src/data/builtin-data.json (written by npm run build)', () => {
  const data = builtinData();

  it('exists and is current with rules/, rules/catalog/, policies/ and schema/ (else run npm run build)', () => {
    expect(data).not.toBeNull();
  });

  it('holds exactly what the loaders read from the YAML files', () => {
    expect(data!.catalog).toEqual(readCatalogDir(CATALOG_DIR));
    expect(data!.rules.map((rule) => ({ ...rule, file: builtinPath(rule.file) }))).toEqual(readRuleDir(RULES_DIR));
    expect(data!.policies).toEqual(readPolicyDir());
  });

  it('is what loadRules() and loadPolicy(name) use', () => {
    const rules = loadRules();
    expect(rules.map((rule) => rule.file)).toEqual(data!.rules.map((rule) => builtinPath(rule.file)));
    expect(loadPolicy('kms-client-image')).toEqual(data!.policies.find(({ policy }) => policy.name === 'kms-client-image')!.policy);
  });
});
