/**
 * Rules and catalog entries in a language: the English text of rules/*.yaml and
 * rules/catalog/*.yaml with each translated field put in its place. A field
 * without a translation stays English (never blank); commands stay as they are.
 */
import type { Catalog, CatalogEntry } from '../catalog/catalog.js';
import type { Rule, RuleMessages } from '../engine/types.js';
import { PSEUDO_LANGUAGE, type Language } from './languages.js';
import { catalogTranslations, ruleTranslations, type CatalogTranslation, type RuleTranslation } from './messages.js';
import { pseudoLocalize } from './pseudo.js';

/** Rule message fields a person reads (nextCommand is a command: never translated). */
export const TRANSLATED_RULE_MESSAGES = ['title', 'cause', 'resolution', 'recovered', 'group'] as const;

function pick(english: string | undefined, translated: string | undefined, language: Language): string | undefined {
  if (english === undefined) return undefined;
  if (language === PSEUDO_LANGUAGE) return pseudoLocalize(english);
  return typeof translated === 'string' && translated.trim() !== '' ? translated : english;
}

function localizeRule(rule: Rule, language: Language): Rule {
  if (language === 'en') return rule;
  const translation: RuleTranslation = ruleTranslations(language).get(rule.id) ?? {};
  const messages: RuleMessages = { ...rule.messages };
  for (const key of TRANSLATED_RULE_MESSAGES) {
    const text = pick(rule.messages[key], translation.messages?.[key], language);
    if (text !== undefined) messages[key] = text;
  }
  const description = pick(rule.description, translation.description, language) ?? rule.description;
  return { ...rule, title: pick(rule.title, translation.title, language) ?? rule.title, description, messages };
}

const ruleCache = new WeakMap<Rule, Map<Language, Rule>>();

export function localizeRules(rules: readonly Rule[], language: Language): Rule[] {
  if (language === 'en') return [...rules];
  return rules.map((rule) => {
    let byLanguage = ruleCache.get(rule);
    if (!byLanguage) ruleCache.set(rule, (byLanguage = new Map()));
    let localized = byLanguage.get(language);
    if (!localized) byLanguage.set(language, (localized = localizeRule(rule, language)));
    return localized;
  });
}

function localizeEntry(entry: CatalogEntry, language: Language): CatalogEntry {
  if (language === 'en') return entry;
  const translation: CatalogTranslation = catalogTranslations(language).get(entry.code) ?? {};
  return {
    ...entry,
    title: pick(entry.title, translation.title, language)!,
    message: pick(entry.message, translation.message, language)!,
    causes: entry.causes.map((cause, i) => pick(cause, translation.causes?.[i], language)!),
    resolution: entry.resolution.map((step, i) => ({ ...step, step: pick(step.step, translation.resolution?.[i], language)! })),
  };
}

const catalogCache = new WeakMap<Catalog, Map<Language, Catalog>>();
/** Catalogs that are already a localized copy, so they are not translated twice. */
const localizedCopies = new WeakSet<Catalog>();

export function localizeCatalog(catalog: Catalog, language: Language): Catalog {
  if (language === 'en' || localizedCopies.has(catalog)) return catalog;
  let byLanguage = catalogCache.get(catalog);
  if (!byLanguage) catalogCache.set(catalog, (byLanguage = new Map()));
  let localized = byLanguage.get(language);
  if (!localized) {
    localized = new Map([...catalog].map(([code, entry]) => [code, localizeEntry(entry, language)]));
    localizedCopies.add(localized);
    byLanguage.set(language, localized);
  }
  return localized;
}
