/**
 * Message files (data, like the rules and the catalog), one folder per language:
 *   messages/<lang>/ui.yaml       the tool's own words, by message id (nested keys, read as `a.b.c`)
 *   messages/<lang>/rules.yaml    rule id → { title, messages: { title, cause, resolution, recovered, group } }
 *   messages/<lang>/catalog.yaml  code → { title, message, causes: [...], resolution: [...] }
 * English UI words live in messages/en/ui.yaml; English rule and catalog text stays
 * in rules/*.yaml and rules/catalog/*.yaml, so a rule remains one readable unit and
 * its translations sit beside it under the same id. Resolution steps are translated
 * by position; their commands are never translated and are not repeated here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { PACKAGE_ROOT } from '../data/paths.js';
import { LANGUAGES, PSEUDO_LANGUAGE, type Language } from './languages.js';
import { pseudoLocalize } from './pseudo.js';

export const MESSAGES_DIR = join(PACKAGE_ROOT, 'messages');

export interface RuleTranslation {
  title?: string;
  messages?: { title?: string; cause?: string; resolution?: string; recovered?: string; group?: string };
}

export interface CatalogTranslation {
  title?: string;
  message?: string;
  causes?: string[];
  resolution?: string[];
}

export class MessageFileError extends Error {}

function readYaml(path: string): unknown {
  if (!existsSync(path)) return undefined;
  try {
    return parseYaml(readFileSync(path, 'utf8'), { uniqueKeys: true });
  } catch (error) {
    throw new MessageFileError(`${relative(PACKAGE_ROOT, path)}: not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `{ verdict: { ok: … } }` → `verdict.ok`. */
function flatten(value: unknown, prefix: string, into: Map<string, string>, file: string): void {
  if (typeof value === 'string') {
    into.set(prefix, value);
    return;
  }
  if (!isRecord(value)) throw new MessageFileError(`${file}: ${prefix || '(root)'} must be text or a map of messages`);
  for (const [key, child] of Object.entries(value)) flatten(child, prefix ? `${prefix}.${key}` : key, into, file);
}

const uiCache = new Map<Language, ReadonlyMap<string, string>>();

/** The UI messages of a language (empty for a language without a file yet). */
export function uiMessages(language: Language): ReadonlyMap<string, string> {
  let messages = uiCache.get(language);
  if (messages) return messages;
  if (language === PSEUDO_LANGUAGE) {
    messages = new Map([...uiMessages('en')].map(([id, text]) => [id, pseudoLocalize(text)]));
  } else {
    const path = join(MESSAGES_DIR, language, 'ui.yaml');
    const map = new Map<string, string>();
    const data = readYaml(path);
    if (data !== undefined && data !== null) flatten(data, '', map, relative(PACKAGE_ROOT, path));
    messages = map;
  }
  uiCache.set(language, messages);
  return messages;
}

const ruleCache = new Map<Language, ReadonlyMap<string, RuleTranslation>>();

export function ruleTranslations(language: Language): ReadonlyMap<string, RuleTranslation> {
  let cached = ruleCache.get(language);
  if (!cached) {
    cached = readKeyed<RuleTranslation>(language, 'rules.yaml');
    ruleCache.set(language, cached);
  }
  return cached;
}

const catalogCache = new Map<Language, ReadonlyMap<string, CatalogTranslation>>();

export function catalogTranslations(language: Language): ReadonlyMap<string, CatalogTranslation> {
  let cached = catalogCache.get(language);
  if (!cached) {
    cached = readKeyed<CatalogTranslation>(language, 'catalog.yaml');
    catalogCache.set(language, cached);
  }
  return cached;
}

function readKeyed<T>(language: Language, file: string): ReadonlyMap<string, T> {
  if (language === 'en' || language === PSEUDO_LANGUAGE) return new Map();
  const path = join(MESSAGES_DIR, language, file);
  const data = readYaml(path);
  if (data === undefined || data === null) return new Map();
  if (!isRecord(data)) throw new MessageFileError(`${relative(PACKAGE_ROOT, path)}: expected a map keyed by id`);
  return new Map(Object.entries(data).filter((entry): entry is [string, T] => isRecord(entry[1])));
}

/** The languages that have a folder of messages (every language but the pseudo one). */
export const TRANSLATED_LANGUAGES = LANGUAGES.filter((language) => language !== 'en');
