/**
 * What a translation must cover: every UI message, every rule's human-readable
 * messages and every catalog entry's text, as flat ids
 *   ui.<id>   rule.<ruleId>.title   rule.<ruleId>.messages.cause
 *   catalog.<code>.message   catalog.<code>.causes.0   catalog.<code>.resolution.2
 * and, per language, what is missing, what no longer has an English source, and
 * what differs in its placeholders or plural forms.
 */
import type { Catalog } from '../catalog/catalog.js';
import type { Rule } from '../engine/types.js';
import { templatePlaceholders } from '../engine/render.js';
import { messageArguments, pluralBranches, pluralCategories } from './format.js';
import type { Language } from './languages.js';
import { TRANSLATED_RULE_MESSAGES } from './localize.js';
import { catalogTranslations, ruleTranslations, uiMessages } from './messages.js';

export type MessageTable = Map<string, string>;

export function englishTable(rules: readonly Rule[], catalog: Catalog): MessageTable {
  const table: MessageTable = new Map();
  for (const [id, text] of uiMessages('en')) table.set(`ui.${id}`, text);
  for (const rule of rules) {
    table.set(`rule.${rule.id}.title`, rule.title);
    if (rule.description.trim() !== '') table.set(`rule.${rule.id}.description`, rule.description);
    for (const key of TRANSLATED_RULE_MESSAGES) {
      const text = rule.messages[key];
      if (text !== undefined && text.trim() !== '') table.set(`rule.${rule.id}.messages.${key}`, text);
    }
  }
  for (const entry of catalog.values()) {
    table.set(`catalog.${entry.code}.title`, entry.title);
    table.set(`catalog.${entry.code}.message`, entry.message);
    entry.causes.forEach((cause, i) => table.set(`catalog.${entry.code}.causes.${i}`, cause));
    entry.resolution.forEach((step, i) => table.set(`catalog.${entry.code}.resolution.${i}`, step.step));
  }
  return table;
}

function translatedTable(language: Language): MessageTable {
  const table: MessageTable = new Map();
  for (const [id, text] of uiMessages(language)) table.set(`ui.${id}`, text);
  for (const [ruleId, translation] of ruleTranslations(language)) {
    if (typeof translation.title === 'string') table.set(`rule.${ruleId}.title`, translation.title);
    if (typeof translation.description === 'string') table.set(`rule.${ruleId}.description`, translation.description);
    for (const [key, text] of Object.entries(translation.messages ?? {})) if (typeof text === 'string') table.set(`rule.${ruleId}.messages.${key}`, text);
  }
  for (const [code, translation] of catalogTranslations(language)) {
    if (typeof translation.title === 'string') table.set(`catalog.${code}.title`, translation.title);
    if (typeof translation.message === 'string') table.set(`catalog.${code}.message`, translation.message);
    // A YAML slip (an unquoted "text: more") yields a map, not text: shown as it is, so the test names it.
    (translation.causes ?? []).forEach((cause, i) => table.set(`catalog.${code}.causes.${i}`, asText(cause)));
    (translation.resolution ?? []).forEach((step, i) => table.set(`catalog.${code}.resolution.${i}`, asText(step)));
  }
  return table;
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : `(not text: ${JSON.stringify(value)})`;
}

/** The values a message reads: `{name}` and plural counts, and a rule template's `{{placeholders}}`. */
function placeholdersOf(text: string): string[] {
  return [...new Set([...messageArguments(text), ...templatePlaceholders(text)])].sort();
}

export interface LanguageStatus {
  language: Language;
  /** Ids with English text and no translation (the English is shown). */
  missing: string[];
  /** Translated ids whose English source no longer exists (rule or step removed, id renamed). */
  orphaned: string[];
  /** Problems that make a translation wrong: placeholders that differ, plural forms the language needs, syntax. */
  broken: string[];
}

export function languageStatus(language: Language, english: MessageTable): LanguageStatus {
  const translated = translatedTable(language);
  const status: LanguageStatus = { language, missing: [], orphaned: [], broken: [] };
  const categories = pluralCategories(language).filter((category) => category !== 'other');
  for (const [id, source] of english) {
    const text = translated.get(id);
    // a separator may be a space or nothing (no space after `。`); any other message needs words
    const blank = text === undefined || (text.trim() === '' && !id.startsWith('ui.punctuation.'));
    if (blank) {
      status.missing.push(id);
      continue;
    }
    if (text.startsWith('(not text: ')) {
      status.broken.push(`${id}: ${text}`);
      continue;
    }
    try {
      const want = placeholdersOf(source).join(', ');
      const have = placeholdersOf(text).join(', ');
      if (want !== have) status.broken.push(`${id}: placeholders {${have}} but English has {${want}}`);
      for (const [name, branches] of pluralBranches(text)) {
        const lacking = categories.filter((category) => !branches.includes(category));
        if (lacking.length) status.broken.push(`${id}: plural {${name}} lacks the ${language} forms ${lacking.join(', ')}`);
      }
    } catch (error) {
      status.broken.push(`${id}: ${(error as Error).message}`);
    }
  }
  for (const id of translated.keys()) if (!english.has(id)) status.orphaned.push(id);
  return status;
}
