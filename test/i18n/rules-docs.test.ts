/** docs/rules.md per language: generated from the rules and messages/<lang>/rules.yaml (`npm run docs`). */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { rulesDocPath } from '../../scripts/gen-docs.js';
import { loadRules, renderRulesDoc } from '../../src/engine/index.js';
import { LANGUAGES } from '../../src/i18n/languages.js';
import { localizeRules } from '../../src/i18n/index.js';

describe('rules docs per language', () => {
  const rules = loadRules();
  for (const lang of LANGUAGES) {
    it(`${rulesDocPath(lang).replace(/.*docs/, 'docs')} is up to date (run \`npm run docs\`)`, () => {
      const generated = renderRulesDoc(rules, lang);
      expect(existsSync(rulesDocPath(lang))).toBe(true);
      expect(readFileSync(rulesDocPath(lang), 'utf8')).toBe(generated);
      for (const rule of localizeRules(rules, lang)) {
        expect(generated).toContain(`\n### ${rule.id}\n`);
        expect(generated).toContain(rule.title);
      }
    });
  }

  it('the German page is German: headings, labels and the rule titles of messages/de/rules.yaml', () => {
    const german = renderRulesDoc(rules, 'de');
    expect(german).toContain('# Erkennungsregeln');
    expect(german).toContain('## Regeln');
    expect(german).toContain('**Aktivierungsbefehl ohne Administratorrechte ausgeführt (Zugriff verweigert)** (Fehler, Computer;');
    expect(german).toMatch(/Tests: \d+ ohne Befund/);
    expect(german).toContain('\n## Wie eine Regel ausgewertet wird\n');
    expect(german).toContain('| Operator | Bedeutung |\n|---|---|\n| `eq` | gleich (Texte ohne Beachtung der Groß-/Kleinschreibung); der Standardoperator |');
  });

  it('the Japanese page is Japanese', () => {
    const japanese = renderRulesDoc(rules, 'ja');
    expect(japanese).toContain('# 検出ルール');
    expect(japanese).toContain('\n## ルールの評価方法\n');
    expect(japanese).not.toContain('## Rules');
    expect(japanese).not.toContain('How a rule is evaluated');
  });
});
