/** The i18n building blocks: language choice, message syntax, plurals, numbers, dates, pseudo-language, CJK layout. */
import { describe, expect, it } from '@jest/globals';
import { formatDateTime, formatMessage, formatNumber, messageArguments, MessageSyntaxError, parseMessage, pluralVariants } from '../../src/i18n/format.js';
import { detectLanguage, languageFromLocale } from '../../src/i18n/languages.js';
import { pseudoLocalize } from '../../src/i18n/pseudo.js';
import { parseUiLanguages, windowsUiLanguages } from '../../src/i18n/windows-ui.js';
import { displayWidth, wrapText } from '../../src/i18n/width.js';
import { renderTemplate } from '../../src/engine/render.js';
import { t, withLanguage } from '../../src/i18n/index.js';

describe('language choice', () => {
  it('reads POSIX locales and BCP 47 tags', () => {
    expect(languageFromLocale('de_DE.UTF-8')).toBe('de');
    expect(languageFromLocale('de_AT@euro')).toBe('de');
    expect(languageFromLocale('ru_RU.KOI8-R')).toBe('ru');
    expect(languageFromLocale('ja_JP.eucJP')).toBe('ja');
    expect(languageFromLocale('zh_CN.GB18030')).toBe('zh-CN');
    expect(languageFromLocale('zh_SG')).toBe('zh-CN');
    expect(languageFromLocale('zh-Hans')).toBe('zh-CN');
    expect(languageFromLocale('zh_TW.Big5')).toBe('zh-TW');
    expect(languageFromLocale('zh_HK')).toBe('zh-TW');
    expect(languageFromLocale('zh-Hant-CN')).toBe('zh-TW');
    expect(languageFromLocale('en-GB')).toBe('en');
    expect(languageFromLocale('C.UTF-8')).toBeNull();
    expect(languageFromLocale('POSIX')).toBeNull();
    expect(languageFromLocale('fr_FR')).toBeNull();
  });

  it('takes LC_ALL, then LC_MESSAGES, then LANG, then the system locale; a language we lack means English', () => {
    expect(detectLanguage({ env: { LC_ALL: 'ru_RU.UTF-8', LC_MESSAGES: 'de_DE', LANG: 'ja_JP' } })).toBe('ru');
    expect(detectLanguage({ env: { LC_ALL: '', LC_MESSAGES: 'de_DE', LANG: 'ja_JP' } })).toBe('de');
    expect(detectLanguage({ env: { LANG: 'ja_JP.UTF-8' } })).toBe('ja');
    expect(detectLanguage({ env: {}, intlLocale: 'zh-TW' })).toBe('zh-TW');
    expect(detectLanguage({ env: { LANG: 'fr_FR.UTF-8' }, intlLocale: 'de-DE' })).toBe('en');
    expect(detectLanguage({ env: { LC_ALL: 'C' }, intlLocale: 'de-DE' })).toBe('en');
    expect(detectLanguage({ env: {}, intlLocale: undefined })).toBe('en');
  });

  it("on Windows, the display language comes before Intl's locale (the regional format)", () => {
    const german = () => ['de-DE', 'en-US'];
    expect(detectLanguage({ env: {}, uiLanguages: german, intlLocale: 'en-US' })).toBe('de');
    expect(detectLanguage({ env: {}, uiLanguages: () => ['en-US'], intlLocale: 'de-DE' })).toBe('en');
    expect(detectLanguage({ env: {}, uiLanguages: () => ['fr-FR', 'de-DE'], intlLocale: 'de-DE' })).toBe('en');
    expect(detectLanguage({ env: {}, uiLanguages: () => [], intlLocale: 'ja-JP' })).toBe('ja');
    expect(detectLanguage({ env: { LANG: 'ru_RU.UTF-8' }, uiLanguages: german })).toBe('ru');
  });

  it('reads the display languages from reg.exe: the user choice first, else the installed language', () => {
    const user = '\r\nHKEY_CURRENT_USER\\Control Panel\\Desktop\r\n    PreferredUILanguages    REG_MULTI_SZ    zh-TW\\0en-US\r\n\r\n';
    expect(parseUiLanguages(user, 'PreferredUILanguages')).toEqual(['zh-TW', 'en-US']);
    expect(parseUiLanguages('ERROR: The system was unable to find the specified registry key or value.', 'PreferredUILanguages')).toEqual([]);
    const machine = '\r\nHKEY_CURRENT_USER\\Control Panel\\Desktop\\MuiCached\r\n    MachinePreferredUILanguages    REG_MULTI_SZ    ja-JP\r\n';
    const asked: string[] = [];
    const query = (key: string, value: string): string | null => {
      asked.push(value);
      return value === 'MachinePreferredUILanguages' ? machine : null;
    };
    expect(windowsUiLanguages(query)).toEqual(['ja-JP']);
    expect(asked).toEqual(['PreferredUILanguages', 'MachinePreferredUILanguages']);
    expect(windowsUiLanguages(() => null)).toEqual([]);
  });
});

describe('messages', () => {
  it('fills values and chooses plural forms by language', () => {
    const message = '{count, plural, one {# machine} other {# machines}}';
    expect(formatMessage(message, { count: 1 }, 'en')).toBe('1 machine');
    expect(formatMessage(message, { count: 2 }, 'en')).toBe('2 machines');
    const ru = '{count, plural, one {# компьютер} few {# компьютера} many {# компьютеров} other {# компьютера}}';
    expect([1, 2, 5, 21, 22, 25, 111].map((count) => formatMessage(ru, { count }, 'ru'))).toEqual([
      '1 компьютер',
      '2 компьютера',
      '5 компьютеров',
      '21 компьютер',
      '22 компьютера',
      '25 компьютеров',
      '111 компьютеров',
    ]);
    expect(formatMessage('{count, plural, other {# 台}}', { count: 1 }, 'ja')).toBe('1 台');
    expect(formatMessage('{count, plural, =0 {none} one {one} other {#}}', { count: 0 }, 'en')).toBe('none');
  });

  it('leaves a missing value visible and keeps rule placeholders', () => {
    expect(formatMessage('{a} and {b}', { a: 'x' }, 'en')).toBe('x and {b}');
    expect(formatMessage('{{kmsHost}} said {n}', { n: 3 }, 'en')).toBe('{{kmsHost}} said 3');
    expect(messageArguments('{{a}} {b} {c, plural, one {# {d}} other {#}}')).toEqual(['b', 'c', 'd']);
  });

  it('rejects broken syntax with the message quoted', () => {
    expect(() => parseMessage('{count, plural, one {x}}')).toThrow(MessageSyntaxError);
    expect(() => parseMessage('{unclosed')).toThrow(MessageSyntaxError);
    expect(() => parseMessage('stray }')).toThrow(/stray/);
  });

  it('gives a page script each plural form with the count left as a placeholder', () => {
    expect(pluralVariants('{total, plural, one {{shown} of # machine} other {{shown} of # machines}}', { shown: '{shown}' }, 'en')).toEqual({
      one: '{shown} of {total} machine',
      other: '{shown} of {total} machines',
    });
  });

  it('rule templates may carry plurals, in the language in force', () => {
    const template = '{{key}} ({count, plural, one {# request} other {# requests}})';
    expect(renderTemplate(template, (name) => ({ key: 'KMS01', count: 1 })[name])).toBe('KMS01 (1 request)');
    expect(renderTemplate(template, (name) => ({ key: 'KMS01', count: 12 })[name])).toBe('KMS01 (12 requests)');
  });

  it('Chinese and Japanese drop the spaces a template keeps for Latin values when the value is Chinese or Japanese', () => {
    const zh = '低於 {{product}} 所需的 {{needed}}';
    const values = (product: string) => (name: string) => ({ product, needed: 25 })[name];
    expect(withLanguage('zh-TW', () => renderTemplate(zh, values('此產品')))).toBe('低於此產品所需的 25');
    expect(withLanguage('zh-TW', () => renderTemplate(zh, values('Windows 11')))).toBe('低於 Windows 11 所需的 25');
    const ja = 'KMS ホスト キー が {{product}} に対応していません';
    expect(withLanguage('ja', () => renderTemplate(ja, values('この製品')))).toBe('KMS ホスト キー がこの製品に対応していません');
    expect(withLanguage('ja', () => renderTemplate(ja, values('Office')))).toBe('KMS ホスト キー が Office に対応していません');
    expect(renderTemplate('below {{product}} needs', values('此產品'))).toBe('below 此產品 needs');
  });

  it('t() speaks the language in force; an id missing even in English shows itself, never a blank', () => {
    expect(withLanguage('de', () => t('verdict.failing'))).toBe('fehlerhaft');
    expect(withLanguage('de', () => t('count.machines', { count: 1 }))).toBe('1 Computer');
    expect(t('no.such.id')).toBe('no.such.id');
  });
});

describe('numbers and dates', () => {
  it('write decimals the way the language does, never group digits', () => {
    expect(formatNumber(6.04, 'en')).toBe('6.0');
    expect(formatNumber(6.04, 'de')).toBe('6');
    expect(formatNumber(6.25, 'de')).toBe('6,3');
    expect(formatNumber(6.25, 'ru')).toBe('6,3');
    expect(formatNumber(1688, 'de')).toBe('1688');
    expect(formatNumber(259200, 'ru')).toBe('259200');
  });

  it('keep ISO 8601 in English and use the language elsewhere, always in UTC', () => {
    const iso = '2026-11-19T03:00:00.000Z';
    expect(formatDateTime(iso, 'en')).toBe(iso);
    expect(formatDateTime(iso, 'de')).toBe('19.11.2026, 03:00:00 UTC');
    expect(formatDateTime(iso, 'ja')).toBe('2026/11/19 03:00:00 UTC');
    expect(formatDateTime(iso, 'zh-CN', 'minutes')).toBe('2026/11/19 03:00 UTC');
    expect(formatDateTime('not a date', 'de')).toBe('not a date');
  });
});

describe('pseudo-language', () => {
  it('accents and stretches the text, keeps placeholders, plurals and code spans', () => {
    const pseudo = pseudoLocalize('Seen {count, plural, one {once} other {# times}} on {{kmsHost}} by `slmgr /dlv`');
    expect(pseudo.startsWith('⟦Šééñ {count, plural, one {óñçé} other {# ţíɱéš}} óñ {{kmsHost}} ƀý `slmgr /dlv`')).toBe(true);
    expect(pseudo.endsWith('⟧')).toBe(true);
    expect(pseudo).not.toMatch(/\bSeen\b|\btimes\b/);
    expect(formatMessage(pseudo, { count: 2 }, 'qps')).toContain('2 ţíɱéš');
  });
});

describe('CJK layout', () => {
  it('counts wide characters as two columns and wraps between them', () => {
    expect(displayWidth('KMS 主机')).toBe(8);
    expect(displayWidth('ライセンス')).toBe(10);
    const lines = wrapText('客户端向 DNS 查询指明 KMS 主机的 _vlmcs._tcp SRV 记录，但没有得到任何记录。', 20);
    expect(lines.every((line) => displayWidth(line) <= 20)).toBe(true);
    expect(lines.join('').replace(/ /g, '')).toBe('客户端向DNS查询指明KMS主机的_vlmcs._tcpSRV记录，但没有得到任何记录。');
    expect(lines.some((line) => line.startsWith('，') || line.startsWith('。'))).toBe(false);
  });

  it('never ends a line with an opening bracket', () => {
    const text = '在过去 30 天内统计到这么多台不同的计算机（CMID）之前，主机不会激活此类客户端（见「原因」）。';
    for (const width of [20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30]) {
      const lines = wrapText(text, width);
      expect(lines.join('').replace(/ /g, '')).toBe(text.replace(/ /g, ''));
      expect(lines.some((line) => /[（「]$/.test(line))).toBe(false);
      expect(lines.some((line) => /^[）」，。]/.test(line))).toBe(false);
    }
    expect(wrapText('计算机（CMID）之前', 12)).toEqual(['计算机', '（CMID）之前']);
  });

  it('wraps English exactly as before (on spaces; long words stay whole)', () => {
    expect(wrapText('one two three four', 9)).toEqual(['one two', 'three', 'four']);
    expect(wrapText('a fixtures/fleet/PC01/Application.xml b', 10)).toEqual(['a', 'fixtures/fleet/PC01/Application.xml', 'b']);
  });
});
