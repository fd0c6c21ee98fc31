import { formatCount, formatInstant, t, withLanguage, currentLanguage } from '../i18n/index.js';
import { isIsoInstant, messageArguments, resolvePlurals } from '../i18n/format.js';

/**
 * Message templates: `{{field}}` placeholders filled from the finding's group,
 * its newest evidence fact and the catalog entry.
 */

/** Placeholders every template may use besides fact fields and aggregates; meanings: docs.rules.placeholder.* in messages/en/authoring.yaml. */
export const TEMPLATE_SPECIALS = ['code', 'catalog.title', 'catalog.message', 'catalog.cause', 'machine', 'productName', 'product', 'activateCommand', 'statusCommand', 'historyCommand', 'machineList', 'groupSummary', 'recoveredAt', 'seen'] as const;

const PLACEHOLDER = /\{\{\s*([A-Za-z][\w.-]*)\s*\}\}/g;

export function templatePlaceholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1] ?? '');
}

/** `{{placeholders}}` and the counts of `{name, plural, …}` blocks: every value a template reads. */
export function templateNames(template: string): string[] {
  return [...new Set([...templatePlaceholders(template), ...messageArguments(template)])];
}

/** `[[ … ]]`: an optional part, dropped when one of its placeholders has no value. */
const OPTIONAL_PART = /\[\[([^\]]*)\]\]/g;

export function renderTemplate(template: string, lookup: (name: string) => unknown): string {
  const withPlurals = resolvePlurals(template, lookup, currentLanguage());
  const withOptionals = withPlurals.replace(OPTIONAL_PART, (_, part: string) =>
    templatePlaceholders(part).some((name) => isUnknown(lookup(name))) ? '' : part,
  );
  if (!SPACED_FOR_LATIN.has(currentLanguage())) return withOptionals.replace(PLACEHOLDER, (_, name: string) => formatValue(lookup(name)));
  const marked = withOptionals.replace(PLACEHOLDER, (_, name: string) => `${VALUE_START}${formatValue(lookup(name))}${VALUE_END}`);
  return joinCjkAtValues(marked).replace(VALUE_MARKS, '');
}

/**
 * Chinese and Japanese templates put a space around a placeholder because its value is
 * usually Latin (`低於 {{product}} 所需的`); when the value itself is Chinese or Japanese
 * (the fallback `此產品`, `不明`), those spaces go, as the typography rules say.
 */
const SPACED_FOR_LATIN = new Set(['zh-CN', 'zh-TW', 'ja']);
const VALUE_START = '\uE000';
const VALUE_END = '\uE001';
const VALUE_MARKS = /[\uE000\uE001]/g;
const CJK = '[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\u3000-\\u303f\\uff00-\\uffef]';
const SPACE_BEFORE_CJK_VALUE = new RegExp(`(${CJK}) (\uE000${CJK})`, 'gu');
const SPACE_AFTER_CJK_VALUE = new RegExp(`(${CJK}\uE001) (${CJK})`, 'gu');

function joinCjkAtValues(text: string): string {
  return text.replace(SPACE_BEFORE_CJK_VALUE, '$1$2').replace(SPACE_AFTER_CJK_VALUE, '$1$2');
}

/** What a value may look like inside a suggested command: a host, port, domain, GUID or code. */
const COMMAND_SAFE_VALUE = /^[A-Za-z0-9._:[\]-]{1,255}$/;

/**
 * Like renderTemplate, for commands: null when a placeholder has no value (a
 * command must not say "unknown") or a value from a log is not a plain token.
 */
/** Placeholders whose values the tool writes itself (never text from a log). */
const TOOL_COMMANDS = new Set(['activateCommand', 'statusCommand']);

export function renderComplete(template: string, lookup: (name: string) => unknown): string | null {
  // A command is the same in every language: values as English writes them.
  return withLanguage('en', () => {
    const unusable = templatePlaceholders(template).some((name) => {
      const value = lookup(name);
      return isUnknown(value) || (!TOOL_COMMANDS.has(name) && !COMMAND_SAFE_VALUE.test(formatValue(value)));
    });
    return unusable ? null : renderTemplate(template, lookup);
  });
}

/** A value a template cannot show: absent, empty or not a finite number. */
export function isUnknown(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (typeof value === 'number' && !Number.isFinite(value));
}

/** A value in a sentence, in the language in force ("unknown" and "none" too; instants and numbers by Intl). */
export function formatValue(value: unknown): string {
  if (isUnknown(value)) return t('value.unknown');
  if (typeof value === 'number') return formatCount(value);
  if (Array.isArray(value)) return value.length ? value.map(formatValue).join(', ') : t('value.none');
  if (typeof value === 'object') return JSON.stringify(value);
  const text = String(value);
  return isIsoInstant(text) ? formatInstant(text) : text;
}
