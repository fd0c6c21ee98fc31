import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { POLICIES_DOC_PATH } from '../../scripts/gen-docs.js';
import { readSchema } from '../../src/data/schema.js';
import { renderPoliciesDoc } from '../../src/policy/docs.js';
import { builtinPolicies } from '../../src/policy/index.js';
import { REQUIREMENTS } from '../../src/policy/requirements.js';

interface PolicySchema {
  properties: { require: { properties: Record<string, { description?: string }> } };
}

describe('docs/policies.md', () => {
  const generated = renderPoliciesDoc(builtinPolicies());

  it('is up to date with the requirements and policies/ (run `npm run docs` and commit the result)', () => {
    expect(readFileSync(POLICIES_DOC_PATH, 'utf8')).toBe(generated);
  });

  it('lists every requirement and every built-in policy', () => {
    for (const requirement of REQUIREMENTS) expect(generated).toContain(`| \`${requirement.name}\` |`);
    for (const { policy } of builtinPolicies()) expect(generated).toContain(`### ${policy.name}`);
  });
});

describe('requirement units and schema/policy.schema.json', () => {
  const properties = (readSchema('policy') as unknown as PolicySchema).properties.require.properties;

  it('name the same requirements, in the same order', () => {
    expect(REQUIREMENTS.map((requirement) => requirement.name)).toEqual(Object.keys(properties));
  });

  it('describe each requirement in the same words', () => {
    for (const requirement of REQUIREMENTS) expect(properties[requirement.name]?.description).toBe(requirement.description);
  });
});
