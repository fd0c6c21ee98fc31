/** docs/catalog.md per language: generated from the catalog and messages/<lang>/catalog.yaml (`npm run docs`). */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { catalogDocPath, renderCatalogMarkdown } from '../../scripts/gen-docs.js';
import { loadCatalog } from '../../src/catalog/catalog.js';
import { LANGUAGES } from '../../src/i18n/languages.js';

describe('catalog docs per language', () => {
  const catalog = loadCatalog();
  for (const lang of LANGUAGES) {
    it(`${catalogDocPath(lang).replace(/.*docs/, 'docs')} is up to date (run \`npm run docs\`)`, () => {
      const generated = renderCatalogMarkdown(catalog, lang);
      expect(existsSync(catalogDocPath(lang))).toBe(true);
      expect(readFileSync(catalogDocPath(lang), 'utf8')).toBe(generated);
      for (const entry of catalog.values()) {
        expect(generated).toContain(`\n## ${entry.code}\n`);
        for (const step of entry.resolution) if (step.command) expect(generated).toContain(step.command);
      }
    });
  }

  it('the German catalog is German: the entry for 0xC004F074', () => {
    const german = renderCatalogMarkdown(catalog, 'de');
    expect(german).toContain('# Katalog der Aktivierungsfehler');
    expect(german).toContain('**Kein KMS-Host erreichbar**');
    expect(german).toContain('### Mögliche Ursachen');
  });
});
