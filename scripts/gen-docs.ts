/**
 * `npm run docs`: writes docs/catalog.md from rules/catalog/ (and its
 * translations, docs/i18n/catalog.<lang>.md, from messages/<lang>/catalog.yaml),
 * docs/rules.md from the rule files (and docs/i18n/rules.<lang>.md, from
 * messages/<lang>/rules.yaml) and docs/policies.md from the policy
 * requirements and policies/. test/i18n/catalog-docs.test.ts,
 * test/i18n/rules-docs.test.ts, test/engine/docs.test.ts and
 * test/policy/docs.test.ts regenerate them in memory and fail when a committed
 * file is stale.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalog, nextCommand, type Catalog, type CatalogEntry } from '../src/catalog/catalog.js';
import { PACKAGE_ROOT } from '../src/data/paths.js';
import { loadRules, renderRulesDoc } from '../src/engine/index.js';
import { LANGUAGES, localizeCatalog, t, withLanguage, type Language } from '../src/i18n/index.js';
import { builtinPolicies } from '../src/policy/index.js';
import { renderPoliciesDoc } from '../src/policy/docs.js';

export const CATALOG_DOC_PATH = join(PACKAGE_ROOT, 'docs', 'catalog.md');
export const RULES_DOC_PATH = join(PACKAGE_ROOT, 'docs', 'rules.md');
export const POLICIES_DOC_PATH = join(PACKAGE_ROOT, 'docs', 'policies.md');

/** docs/catalog.md in English, docs/i18n/catalog.<lang>.md in the other languages. */
export function catalogDocPath(lang: Language): string {
  return lang === 'en' ? CATALOG_DOC_PATH : join(PACKAGE_ROOT, 'docs', 'i18n', `catalog.${lang}.md`);
}

/** docs/rules.md in English, docs/i18n/rules.<lang>.md in the other languages. */
export function rulesDocPath(lang: Language): string {
  return lang === 'en' ? RULES_DOC_PATH : join(PACKAGE_ROOT, 'docs', 'i18n', `rules.${lang}.md`);
}

/** The short labels of the summary table (the explain command spells ADBA out). */
function typeLabel(type: string): string {
  return type === 'adba' ? 'ADBA' : t(`activationType.${type}`);
}

function tableCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function appliesTo(entry: CatalogEntry): string {
  return entry.appliesTo.map(typeLabel).join(t('punctuation.listSeparator')) || '—';
}

function anchor(entry: CatalogEntry): string {
  return entry.code.toLowerCase();
}

function summaryTable(entries: CatalogEntry[]): string[] {
  const columns = ['code', 'name', 'title', 'appliesTo', 'coverage'].map((c) => t(`docs.catalog.column.${c}`));
  const lines = [`| ${columns.join(' | ')} |`, '| --- | --- | --- | --- | --- |'];
  for (const entry of entries) {
    const name = entry.name ? `\`${entry.name}\`` : '';
    lines.push(
      `| [${entry.code}](#${anchor(entry)}) | ${name} | ${tableCell(entry.title)} | ${appliesTo(entry)} | ${t(`docs.catalog.coverage.${entry.coverage}`)} |`,
    );
  }
  return lines;
}

function entrySection(entry: CatalogEntry): string[] {
  const lines = [`## ${entry.code}`, '', `**${entry.title}**${entry.name ? ` (\`${entry.name}\`)` : ''}`, ''];
  lines.push(
    entry.message,
    '',
    `- ${t('docs.catalog.appliesTo', { types: appliesTo(entry) })}`,
    `- ${t('docs.catalog.coverageLine', { coverage: t(`docs.catalog.coverage.${entry.coverage}`) })}`,
  );
  const next = nextCommand(entry);
  if (next?.command) lines.push(`- ${t('docs.catalog.nextCommand', { command: `\`${next.command}\`` })}`);
  if (entry.events && entry.events.length > 0) lines.push(`- ${t('docs.catalog.seenInEvents', { events: entry.events.join(', ') })}`);
  if (entry.causes.length > 0) {
    lines.push('', `### ${t('docs.catalog.possibleCauses')}`, '');
    for (const cause of entry.causes) lines.push(`- ${cause}`);
  }
  if (entry.resolution.length > 0) {
    lines.push('', `### ${t('docs.catalog.resolution')}`, '');
    entry.resolution.forEach((step, index) => {
      lines.push(`${index + 1}. ${step.step}`);
      if (step.command) lines.push(`   \`${step.command}\``);
    });
  }
  if (entry.facts && Object.keys(entry.facts).length > 0) {
    lines.push('', `### ${t('docs.catalog.facts')}`, '');
    for (const [key, value] of Object.entries(entry.facts)) lines.push(`- \`${key}\`: ${value}`);
  }
  if (entry.related.length > 0) {
    lines.push('', t('docs.catalog.related', { codes: entry.related.map((code) => `[${code}](#${code.toLowerCase()})`).join(', ') }));
  }
  lines.push('', t('docs.catalog.sources', { sources: entry.sources.join('; ') }), '');
  return lines;
}

/** The whole of docs/catalog.md for a catalog, in a language; deterministic (sorted by code). */
export function renderCatalogMarkdown(catalog: Catalog, lang: Language = 'en'): string {
  return withLanguage(lang, () => {
    const entries = [...localizeCatalog(catalog, lang).values()].sort((a, b) => a.code.localeCompare(b.code));
    const seedCount = entries.filter((entry) => entry.coverage === 'seed').length;
    const source = lang === 'en' ? 'rules/catalog/*.yaml' : `rules/catalog/*.yaml and messages/${lang}/catalog.yaml`;
    const lines = [
      `# ${t('docs.catalog.heading')}`,
      '',
      `<!-- Generated by \`npm run docs\` from ${source}. Do not edit by hand. -->`,
      '',
      ...t('docs.catalog.intro', { total: entries.length, seed: seedCount, supplementary: entries.length - seedCount }).split('\n'),
      '',
      ...summaryTable(entries),
      '',
      ...entries.flatMap(entrySection),
    ];
    return `${lines.join('\n').trimEnd()}\n`;
  });
}

export function writeCatalogDocs(path: string = CATALOG_DOC_PATH, catalog: Catalog = loadCatalog(), lang: Language = 'en'): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, renderCatalogMarkdown(catalog, lang));
  return path;
}

const invokedDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  for (const lang of LANGUAGES) console.log(`wrote ${writeCatalogDocs(catalogDocPath(lang), loadCatalog(), lang)}`);
  const rules = loadRules();
  for (const lang of LANGUAGES) {
    writeFileSync(rulesDocPath(lang), renderRulesDoc(rules, lang));
    console.log(`wrote ${rulesDocPath(lang)}`);
  }
  writeFileSync(POLICIES_DOC_PATH, renderPoliciesDoc(builtinPolicies()));
  console.log(`wrote ${POLICIES_DOC_PATH}`);
}
