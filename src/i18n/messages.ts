/**
 * Message files (data, like the rules and the catalog), one folder per language:
 *   messages/<lang>/ui.yaml       the tool's own words, by message id (nested keys, read as `a.b.c`);
 *   messages/<lang>/<area>.yaml   more of them, one file per area (problems.yaml…), same form;
 *                                 an id defined in two files of one language is refused
 *   messages/<lang>/rules.yaml    rule id → { title, messages: { title, cause, resolution, recovered, group } }
 *   messages/<lang>/catalog.yaml  code → { title, message, causes: [...], resolution: [...] }
 * English UI words live in messages/en/ui.yaml; English rule and catalog text stays
 * in rules/*.yaml and rules/catalog/*.yaml, so a rule remains one readable unit and
 * its translations sit beside it under the same id. Resolution steps are translated
 * by position; their commands are never translated and are not repeated here.
 *
 * `npm run build` stores every language's messages in the built-in data
 * (src/data/builtin.ts); the YAML files are read only when that is missing or
 * stale, through the one data loader (a broken file is a DataFileError).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { builtinData, storedPath } from '../data/builtin.js';
import { DataFileError } from '../data/errors.js';
import { readDataFile } from '../data/load.js';
import { MESSAGES_DIR } from '../data/paths.js';
import { LANGUAGES, PSEUDO_LANGUAGE, type Language } from './languages.js';
import { pseudoLocalize } from './pseudo.js';
import { t } from './index.js';

export { MESSAGES_DIR };

export interface RuleTranslation {
  title?: string;
  description?: string;
  messages?: { title?: string; cause?: string; resolution?: string; recovered?: string; group?: string };
}

export interface CatalogTranslation {
  title?: string;
  message?: string;
  causes?: string[];
  resolution?: string[];
}

/** One language's message files, as the build stores them. */
export interface LanguageMessages {
  ui: Record<string, string>;
  rules: Record<string, RuleTranslation>;
  catalog: Record<string, CatalogTranslation>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readYaml(path: string): unknown {
  if (!existsSync(path)) return undefined;
  return readDataFile(path).value;
}

/** `{ verdict: { ok: … } }` → `verdict.ok`. */
function flatten(value: unknown, prefix: string, into: Record<string, string>, file: string): void {
  if (typeof value === 'string') {
    into[prefix] = value;
    return;
  }
  if (!isRecord(value)) throw new DataFileError(file, prefix, t('dataFile.messages.textOrMap'));
  for (const [key, child] of Object.entries(value)) flatten(child, prefix ? `${prefix}.${key}` : key, into, file);
}

function readKeyed<T>(language: Language, file: string): Record<string, T> {
  if (language === 'en') return {};
  const path = join(MESSAGES_DIR, language, file);
  const data = readYaml(path);
  if (data === undefined || data === null) return {};
  if (!isRecord(data)) throw new DataFileError(storedPath(path), '', t('dataFile.messages.keyedMap'));
  return Object.fromEntries(Object.entries(data).filter((entry): entry is [string, T] => isRecord(entry[1])));
}

/** The files of a language's UI messages: ui.yaml first, then every other area file by name. */
function uiFiles(language: Language): string[] {
  const folder = join(MESSAGES_DIR, language);
  if (!existsSync(folder)) return [];
  const names = readdirSync(folder)
    .filter((name) => /\.ya?ml$/i.test(name) && !KEYED_FILES.has(name))
    .sort((a, b) => (a === 'ui.yaml' ? -1 : b === 'ui.yaml' ? 1 : a.localeCompare(b)));
  return names.map((name) => join(folder, name));
}

const KEYED_FILES = new Set(['rules.yaml', 'catalog.yaml']);

function readUiMessages(language: Language): Record<string, string> {
  const ui: Record<string, string> = {};
  for (const path of uiFiles(language)) {
    const data = readYaml(path);
    if (data === undefined || data === null) continue;
    const own: Record<string, string> = {};
    flatten(data, '', own, storedPath(path));
    for (const [id, text] of Object.entries(own)) {
      if (id in ui) throw new DataFileError(storedPath(path), id, t('dataFile.messages.definedTwice'));
      ui[id] = text;
    }
  }
  return ui;
}

/** One language's messages read from its YAML files (the build stores the result). */
function readLanguageFiles(language: Language): LanguageMessages {
  return {
    ui: readUiMessages(language),
    rules: readKeyed<RuleTranslation>(language, 'rules.yaml'),
    catalog: readKeyed<CatalogTranslation>(language, 'catalog.yaml'),
  };
}

/** Every language's messages from the YAML files, for the build. */
export function readMessageFiles(): Record<string, LanguageMessages> {
  return Object.fromEntries(LANGUAGES.map((language) => [language, readLanguageFiles(language)]));
}

const languageCache = new Map<Language, LanguageMessages>();

/** Languages whose files are being read: a broken message file's error is written while they are read, so they are empty until then (never a loop). */
const reading = new Set<Language>();

function languageMessages(language: Language): LanguageMessages {
  let messages = languageCache.get(language);
  if (messages) return messages;
  if (reading.has(language)) return { ui: {}, rules: {}, catalog: {} };
  reading.add(language);
  try {
    messages = builtinData()?.messages[language] ?? readLanguageFiles(language);
  } finally {
    reading.delete(language);
  }
  languageCache.set(language, messages);
  return messages;
}

const uiCache = new Map<Language, ReadonlyMap<string, string>>();

/** The UI messages of a language (empty for a language without a file yet). */
export function uiMessages(language: Language): ReadonlyMap<string, string> {
  let messages = uiCache.get(language);
  if (messages) return messages;
  if (reading.has(language) || (language === PSEUDO_LANGUAGE && reading.has('en'))) return new Map();
  if (language === PSEUDO_LANGUAGE) {
    messages = new Map([...uiMessages('en')].map(([id, text]) => [id, pseudoLocalize(text)]));
  } else {
    messages = new Map(Object.entries(languageMessages(language).ui));
  }
  uiCache.set(language, messages);
  return messages;
}

/** One kind of keyed translations (rules or catalog entries) by language, read once; none for the pseudo-language. */
function keyedTranslations<T>(pick: (messages: LanguageMessages) => Record<string, T>): (language: Language) => ReadonlyMap<string, T> {
  const cache = new Map<Language, ReadonlyMap<string, T>>();
  return (language) => {
    let cached = cache.get(language);
    if (!cached) {
      cached = language === PSEUDO_LANGUAGE ? new Map() : new Map(Object.entries(pick(languageMessages(language))));
      cache.set(language, cached);
    }
    return cached;
  };
}

export const ruleTranslations = keyedTranslations((messages) => messages.rules);
export const catalogTranslations = keyedTranslations((messages) => messages.catalog);

/** The languages that have a folder of messages (every language but the pseudo one). */
export const TRANSLATED_LANGUAGES = LANGUAGES.filter((language) => language !== 'en');
