/**
 * The languages reports are written in, and how a language is chosen when
 * `--lang` is not given: LC_ALL, LC_MESSAGES, LANG, then (on Windows) the
 * display language, then the locale Intl resolved.
 */
import { windowsUiLanguages } from './windows-ui.js';

export const LANGUAGES = ['en', 'de', 'ru', 'zh-CN', 'zh-TW', 'ja'] as const;
/** Pseudo-language for tests: English with every string bracketed and stretched. */
export const PSEUDO_LANGUAGE = 'qps';

export type Language = (typeof LANGUAGES)[number] | typeof PSEUDO_LANGUAGE;
export const DEFAULT_LANGUAGE: Language = 'en';

/** Every value `--lang` accepts. */
export const LANGUAGE_CHOICES: readonly Language[] = [...LANGUAGES, PSEUDO_LANGUAGE];

export function isLanguage(value: string): value is Language {
  return (LANGUAGE_CHOICES as readonly string[]).includes(value);
}

/**
 * A POSIX locale (`de_DE.UTF-8`, `zh_TW.Big5@euro`) or a BCP 47 tag (`zh-Hant-HK`,
 * `ja-JP`) → one of our languages, or null when we do not speak it.
 */
export function languageFromLocale(locale: string | undefined): Language | null {
  if (!locale) return null;
  const tag = locale.trim().split(/[.@]/)[0]!.replace(/_/g, '-');
  if (tag === '' || tag === 'C' || tag === 'POSIX') return null;
  if (tag === PSEUDO_LANGUAGE) return PSEUDO_LANGUAGE;
  const parts = tag.split('-').map((part) => part.toLowerCase());
  const [base, ...rest] = parts;
  switch (base) {
    case 'en':
      return 'en';
    case 'de':
      return 'de';
    case 'ru':
      return 'ru';
    case 'ja':
      return 'ja';
    case 'zh':
      return rest.some((part) => ['hant', 'tw', 'hk', 'mo'].includes(part)) ? 'zh-TW' : 'zh-CN';
    default:
      return null;
  }
}

export interface LanguageSources {
  env: Record<string, string | undefined>;
  /** Windows' display languages, most preferred first; asked only when no variable decides. */
  uiLanguages?: () => readonly string[];
  /** The locale Intl resolved for this process (on Windows: the regional format, not the display language). */
  intlLocale?: string;
}

function systemSources(): LanguageSources {
  const sources: LanguageSources = { env: process.env, intlLocale: systemLocale() };
  if (process.platform === 'win32') sources.uiLanguages = () => windowsUiLanguages();
  return sources;
}

/**
 * The language of the first locale setting that names one, in POSIX order of
 * precedence; a setting naming a language we do not speak (fr_FR) means English,
 * not the next variable: LC_ALL=fr_FR with LANG=de_DE is a French user.
 */
export function detectLanguage(sources: LanguageSources = systemSources()): Language {
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG']) {
    const value = sources.env[name];
    if (value === undefined || value === '') continue;
    return languageFromLocale(value) ?? DEFAULT_LANGUAGE;
  }
  const [display] = sources.uiLanguages?.() ?? [];
  if (display !== undefined) return languageFromLocale(display) ?? DEFAULT_LANGUAGE;
  return languageFromLocale(sources.intlLocale) ?? DEFAULT_LANGUAGE;
}

function systemLocale(): string | undefined {
  try {
    return new Intl.DateTimeFormat().resolvedOptions().locale;
  } catch {
    return undefined;
  }
}

/** The BCP 47 tag Intl formats a language with. */
export function intlLocale(language: Language): string {
  return language === PSEUDO_LANGUAGE ? 'en' : language;
}
