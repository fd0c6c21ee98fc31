import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { CATALOG_DOC_PATH, renderCatalogMarkdown } from '../../scripts/gen-docs.js';
import { loadCatalog } from '../../src/catalog/catalog.js';

describe('docs/catalog.md', () => {
  const catalog = loadCatalog();
  const generated = renderCatalogMarkdown(catalog);

  it('is up to date with rules/catalog (run `npm run docs` and commit the result)', () => {
    expect(existsSync(CATALOG_DOC_PATH)).toBe(true);
    expect(readFileSync(CATALOG_DOC_PATH, 'utf8')).toBe(generated);
  });

  it('has one table row and one section per code', () => {
    for (const code of catalog.keys()) {
      expect(generated).toContain(`| [${code}](#${code.toLowerCase()}) |`);
      expect(generated).toContain(`\n## ${code}\n`);
    }
  });
});
