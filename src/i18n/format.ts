/**
 * A small subset of ICU MessageFormat, enough for reports:
 *   `{name}`                                      a value
 *   `{name, plural, one {# machine} other {# machines}}`  a plural, `#` = the number
 * Plural categories are those of Intl.PluralRules for the language (ru: one, few,
 * many, other; ja and zh: other). `{{…}}` (rule template placeholders) is left as
 * it is, so rule messages may carry plurals too.
 */
import { intlLocale, type Language } from './languages.js';

export type MessagePart = string | { value: string } | { plural: string; branches: Record<string, MessagePart[]> };

/** What is wrong with a message's syntax; `reason` and `at` let a rule author read it in their language. */
export type MessageSyntaxReason = 'unclosedPlaceholder' | 'unmatchedBrace' | 'badArgument' | 'badPluralBranch' | 'noOtherBranch' | 'expected';

export class MessageSyntaxError extends Error {
  readonly reason: MessageSyntaxReason;
  /** Character position in the message, the plural's name or the character expected. */
  readonly details: { at?: number; name?: string; char?: string };

  constructor(reason: MessageSyntaxReason, message: string, details: { at?: number; name?: string; char?: string } = {}) {
    super(message);
    this.reason = reason;
    this.details = details;
  }
}

const parsed = new Map<string, MessagePart[]>();

export function parseMessage(text: string): MessagePart[] {
  let parts = parsed.get(text);
  if (!parts) {
    const reader = { text, at: 0 };
    parts = parseParts(reader, false);
    parsed.set(text, parts);
  }
  return parts;
}

interface Reader {
  text: string;
  at: number;
}

function parseParts(reader: Reader, inBranch: boolean): MessagePart[] {
  const parts: MessagePart[] = [];
  let literal = '';
  const flush = (): void => {
    if (literal) parts.push(literal);
    literal = '';
  };
  while (reader.at < reader.text.length) {
    const ch = reader.text[reader.at]!;
    if (ch === '{' && reader.text[reader.at + 1] === '{') {
      const end = reader.text.indexOf('}}', reader.at);
      if (end < 0) throw new MessageSyntaxError('unclosedPlaceholder', `unclosed {{ in "${reader.text}"`);
      literal += reader.text.slice(reader.at, end + 2);
      reader.at = end + 2;
    } else if (ch === '{') {
      flush();
      parts.push(parseArgument(reader));
    } else if (ch === '}') {
      if (!inBranch) throw new MessageSyntaxError('unmatchedBrace', `unmatched } in "${reader.text}"`, { at: reader.at });
      break;
    } else if (ch === '#' && inBranch) {
      flush();
      parts.push({ value: '#' });
      reader.at++;
    } else {
      literal += ch;
      reader.at++;
    }
  }
  flush();
  return parts;
}

function parseArgument(reader: Reader): MessagePart {
  const close = /^\{\s*([A-Za-z][\w.-]*)\s*(?:,\s*plural\s*,)?/.exec(reader.text.slice(reader.at));
  if (!close) throw new MessageSyntaxError('badArgument', `bad argument at ${reader.at} in "${reader.text}"`, { at: reader.at });
  const name = close[1]!;
  reader.at += close[0].length;
  if (!close[0].includes('plural')) {
    skipSpace(reader);
    expect(reader, '}');
    return { value: name };
  }
  const branches: Record<string, MessagePart[]> = {};
  for (;;) {
    skipSpace(reader);
    if (reader.text[reader.at] === '}') {
      reader.at++;
      break;
    }
    const selector = /^(=\d+|zero|one|two|few|many|other)\s*\{/.exec(reader.text.slice(reader.at));
    if (!selector) throw new MessageSyntaxError('badPluralBranch', `bad plural branch at ${reader.at} in "${reader.text}"`, { at: reader.at });
    reader.at += selector[0].length;
    branches[selector[1]!] = parseParts(reader, true);
    expect(reader, '}');
  }
  if (!branches.other) throw new MessageSyntaxError('noOtherBranch', `plural {${name}} without an "other" branch in "${reader.text}"`, { name });
  return { plural: name, branches };
}

function skipSpace(reader: Reader): void {
  while (/\s/.test(reader.text[reader.at] ?? '')) reader.at++;
}

function expect(reader: Reader, ch: string): void {
  if (reader.text[reader.at] !== ch)
    throw new MessageSyntaxError('expected', `expected ${ch} at ${reader.at} in "${reader.text}"`, { at: reader.at, char: ch });
  reader.at++;
}

/** Names of the `{values}` and `{plurals}` of a message (not `{{template}}` placeholders). */
export function messageArguments(text: string): string[] {
  const names = new Set<string>();
  const walk = (parts: MessagePart[]): void => {
    for (const part of parts) {
      if (typeof part === 'string') continue;
      if ('value' in part) {
        if (part.value !== '#') names.add(part.value);
      } else {
        names.add(part.plural);
        for (const branch of Object.values(part.branches)) walk(branch);
      }
    }
  };
  walk(parseMessage(text));
  return [...names].sort();
}

/** Plural categories used by the message's plural arguments, by argument name. */
export function pluralBranches(text: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const walk = (parts: MessagePart[]): void => {
    for (const part of parts) {
      if (typeof part === 'string' || 'value' in part) continue;
      found.set(part.plural, Object.keys(part.branches));
      for (const branch of Object.values(part.branches)) walk(branch);
    }
  };
  walk(parseMessage(text));
  return found;
}

export type MessageValue = string | number | null | undefined;

/** Fills a message; values formatted for the language, missing ones left as `{name}` so a gap is visible. */
export function formatMessage(text: string, values: Record<string, MessageValue>, language: Language): string {
  return formatParts(parseMessage(text), values, language, null);
}

/**
 * Resolves only the plural blocks of a rule template, reading counts through
 * `lookup`; the `{{placeholders}}` are filled afterwards by the template renderer.
 */
export function resolvePlurals(text: string, lookup: (name: string) => unknown, language: Language): string {
  if (!/\{\s*[A-Za-z][\w.-]*\s*,\s*plural\s*,/.test(text)) return text;
  const parts = parseMessage(text);
  const values = new Proxy({} as Record<string, MessageValue>, {
    get: (_, name: string) => {
      const value = lookup(name);
      return typeof value === 'number' || typeof value === 'string' ? value : undefined;
    },
  });
  return formatParts(parts, values, language, null);
}

/**
 * For a message with a plural, each branch of its first plural as a template for a
 * script in the page: `#` becomes `{name}` of the plural's count, other values are filled.
 */
export function pluralVariants(text: string, values: Record<string, MessageValue>, language: Language): Record<string, string> {
  const parts = parseMessage(text);
  const at = parts.findIndex((part) => typeof part !== 'string' && 'plural' in part);
  const plural = at >= 0 ? (parts[at] as { plural: string; branches: Record<string, MessagePart[]> }) : null;
  if (!plural) return { other: formatParts(parts, values, language, null) };
  const variants: Record<string, string> = {};
  for (const [selector, branch] of Object.entries(plural.branches)) {
    if (selector.startsWith('=')) continue;
    const flat = [...parts.slice(0, at), ...branch, ...parts.slice(at + 1)];
    variants[selector] = formatParts(flat, values, language, null).replace(/#/g, `{${plural.plural}}`);
  }
  return variants;
}

function formatParts(parts: MessagePart[], values: Record<string, MessageValue>, language: Language, count: number | null): string {
  let out = '';
  for (const part of parts) {
    if (typeof part === 'string') out += part;
    else if ('value' in part) {
      if (part.value === '#') out += count === null ? '#' : formatNumber(count, language);
      else {
        const value = values[part.value];
        out += value === undefined || value === null ? `{${part.value}}` : typeof value === 'number' ? formatNumber(value, language) : value;
      }
    } else {
      const raw = values[part.plural];
      const n = typeof raw === 'number' ? raw : Number(raw);
      const branch = Number.isFinite(n) ? selectBranch(part.branches, n, language) : part.branches.other!;
      out += formatParts(branch, values, language, Number.isFinite(n) ? n : null);
    }
  }
  return out;
}

function selectBranch(branches: Record<string, MessagePart[]>, n: number, language: Language): MessagePart[] {
  return branches[`=${n}`] ?? branches[pluralRules(language).select(n)] ?? branches.other!;
}

const pluralRuleCache = new Map<Language, Intl.PluralRules>();
function pluralRules(language: Language): Intl.PluralRules {
  let rules = pluralRuleCache.get(language);
  if (!rules) {
    rules = new Intl.PluralRules(intlLocale(language));
    pluralRuleCache.set(language, rules);
  }
  return rules;
}

/** The plural categories a language distinguishes (what a translation must give). */
export function pluralCategories(language: Language): string[] {
  return pluralRules(language).resolvedOptions().pluralCategories as string[];
}

const numberFormats = new Map<Language, Intl.NumberFormat>();

/**
 * Numbers as the language writes them (decimal comma in German and Russian), never
 * grouped: counts in reports are small, and ports, record ids and years must not
 * become "1.688". English keeps JavaScript's own spelling.
 */
/** Thousands separators on (progress on a terminal); off in reports, whose numbers are copied and compared. */
let grouping = false;

export function withGrouping<T>(fn: () => T): T {
  const before = grouping;
  grouping = true;
  try {
    return fn();
  } finally {
    grouping = before;
  }
}

export function formatNumber(value: number, language: Language): string {
  if (!Number.isFinite(value)) return String(value);
  if (grouping) return value.toLocaleString(language === 'qps' ? 'en' : intlLocale(language), { maximumFractionDigits: 1 });
  if (language === 'en' || language === 'qps') return Number.isInteger(value) ? String(value) : value.toFixed(1);
  let format = numberFormats.get(language);
  if (!format) {
    format = new Intl.NumberFormat(intlLocale(language), { useGrouping: false, maximumFractionDigits: 1 });
    numberFormats.set(language, format);
  }
  return format.format(value);
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * An instant for people: English keeps ISO 8601 (what logs and scripts grep for,
 * as before); other languages use their own order and words, always in UTC and
 * saying so.
 */
export function formatDateTime(iso: string, language: Language, style: 'full' | 'minutes' = 'full'): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  if (language === 'en' || language === 'qps') return iso;
  const key = `${language}|${style}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(intlLocale(language), {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      ...(style === 'full' ? { second: '2-digit' } : {}),
      hourCycle: 'h23',
      timeZone: 'UTC',
    });
    dateFormats.set(key, format);
  }
  return `${format.format(ms)} UTC`;
}

/** Whether a value looks like one of our ISO 8601 instants (facts' times, aggregates). */
export function isIsoInstant(value: string): boolean {
  return /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?Z$/.test(value);
}
