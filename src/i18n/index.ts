/**
 * Languages of reports: `t(id, values)` looks a message up in the language in
 * force, falls back to English, and fills it (plurals by Intl.PluralRules,
 * numbers and dates by Intl). The language in force is set once by the CLI
 * (`--lang`, else the environment) and, for library callers, around each
 * scan(), evaluate() and render() call that names one.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { formatDateTime, formatMessage, formatNumber, pluralVariants, type MessageValue } from './format.js';
export { withGrouping } from './format.js';
import { DEFAULT_LANGUAGE, type Language } from './languages.js';
import { uiMessages } from './messages.js';

export { LANGUAGES, LANGUAGE_CHOICES, detectLanguage, isLanguage, languageFromLocale, type Language } from './languages.js';
export { localizeCatalog, localizeRules } from './localize.js';
export type { MessageValue } from './format.js';

let active: Language = DEFAULT_LANGUAGE;
/** The language of a withLanguage() call, followed through its awaits (a scan reads files concurrently). */
const scoped = new AsyncLocalStorage<Language>();

export function currentLanguage(): Language {
  return scoped.getStore() ?? active;
}

export function setLanguage(language: Language): void {
  active = language;
}

/**
 * Runs `fn` with `language` in force, also in what it awaits (an async `fn`'s
 * promise carries the language to its end), without touching other calls.
 */
export function withLanguage<T>(language: Language | undefined, fn: () => T): T {
  if (language === undefined || language === currentLanguage()) return fn();
  return scoped.run(language, fn);
}

/** A message in the language in force; English when the language lacks it; the id itself only when English lacks it too (a test catches that). */
export function t(id: string, values: Record<string, MessageValue> = {}): string {
  const language = currentLanguage();
  const own = uiMessages(language).get(id);
  if (own !== undefined) return formatMessage(own, values, language);
  const english = uiMessages('en').get(id);
  return english !== undefined ? formatMessage(english, values, 'en') : id;
}

/** A plural message's branches by category, `#` left as `{count name}`, for the page script to choose from. */
export function messageVariants(id: string, values: Record<string, MessageValue> = {}): Record<string, string> {
  const language = currentLanguage();
  const own = uiMessages(language).get(id);
  if (own !== undefined) return pluralVariants(own, values, language);
  return pluralVariants(uiMessages('en').get(id) ?? id, values, 'en');
}

export function formatInstant(iso: string, style: 'full' | 'minutes' = 'full'): string {
  return formatDateTime(iso, currentLanguage(), style);
}

export function formatCount(value: number): string {
  return formatNumber(value, currentLanguage());
}

/** The BCP 47 tag of the language in force, for `<html lang>` and `Intl`. */
export function languageTag(): string {
  const language = currentLanguage();
  return language === 'qps' ? 'en-XA' : language;
}

/** `PC04, PC05` (`PC04、PC05` in CJK). */
export function joinList(items: readonly string[]): string {
  return items.join(t('punctuation.listSeparator'));
}

/** Items that hold lists themselves: `A: x, y; B: z` (`；` in Chinese). */
export function joinGroups(items: readonly string[]): string {
  return items.join(t('punctuation.groupSeparator'));
}

/** `label: text` with the language's colon (`：` in CJK). */
export function withLabel(label: string, text: string): string {
  return `${label}${t('punctuation.labelSeparator')}${text}`;
}

/** Sentences one after another: a space in English, nothing after `。`. */
export function joinSentences(sentences: readonly string[]): string {
  return sentences.filter((sentence) => sentence !== '').join(t('punctuation.sentenceSeparator'));
}
