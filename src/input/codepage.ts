/**
 * Text decoding for saved slmgr/ospp output: UTF-8, UTF-16 and the console code
 * pages cmd.exe writes when output is redirected (`cscript slmgr.vbs /dlv > out.txt`).
 *
 * The sniffer handles BOMs and BOM-less UTF-16; `detectTextEncoding` is for the rest:
 * valid UTF-8 wins, otherwise every candidate code page is decoded and scored.
 */
import { createRequire } from 'node:module';
import type IconvLite from 'iconv-lite';
import type { TextEncoding } from '../model/report.js';

// Loaded on first use: most evidence is UTF-8 or UTF-16, and iconv-lite's tables cost start-up time.
let iconvLite: typeof IconvLite | undefined;
const iconv = (): typeof IconvLite => (iconvLite ??= createRequire(import.meta.url)('iconv-lite') as typeof IconvLite);

/** Code pages cmd writes, in tie-break order (the first wins on equal scores). */
const CODE_PAGE_CANDIDATES: readonly TextEncoding[] = [
  'cp936',
  'cp950',
  'cp932',
  'cp866',
  'cp850',
  'cp437',
  'cp852',
  'windows-1252',
];

/** How many bytes of a file are worth scoring; the labels are at the top. */
const SCORE_SAMPLE_BYTES = 64 * 1024;

/**
 * Label and value words of localized slmgr output. A candidate decoding that
 * produces them is almost certainly the right one; only the non-ASCII words
 * discriminate, the ASCII ones are harmless.
 */
const KNOWN_WORDS: readonly string[] = [
  // de
  'Lizenzstatus', 'Lizenziert', 'Schlüssel', 'Rückstellungen', 'Vertrauenswürdige', 'Verlängerungsintervall',
  'Toleranzperiode', 'außerhalb', 'Teil-Product Key', 'Beschreibung', 'Aktivierungs-ID',
  // fr
  'État de la licence', 'Clé de produit', 'étendu', 'Période de grâce', 'réarmements', 'Heure approuvée',
  'Intervalle de renouvellement', 'activée',
  // es
  'Descripción', 'Estado de la licencia', 'Clave de producto', 'Período de gracia', 'día(s)', 'activación',
  'Dirección', 'Expiración', 'Información',
  // pl / cs (cp852)
  'Stan licencji', 'Opis', 'Częściowy', 'Klucz produktu', 'licencję', 'Stav licence', 'Částečný',
  // ru (cp866)
  'Состояние', 'лицензии', 'имеет лицензию', 'Описание', 'Имя', 'Частичный ключ', 'продукта', 'Ошибка',
  'Интервал', 'активации', 'минут', 'дн',
  // zh-CN (cp936)
  '许可证状态', '名称', '描述', '部分产品密钥', '已授权', '激活', '分钟', '剩余', '重置计数', '错误', '密钥管理服务',
  // zh-TW (cp950)
  '授權狀態', '名稱', '部分產品金鑰', '已授權', '啟用', '分鐘', '剩餘', '重設計數', '錯誤', '金鑰管理服務',
  // ja (cp932)
  'ライセンス', '状態', 'プロダクト キー', '説明', '名前', '残りの', '再設定', 'エラー', '有効期限', 'キー管理サービス',
];

const WORD_BONUS = 25;

/**
 * Decide the encoding of BOM-less, non-UTF-16 text: 'utf-8' when the bytes are valid
 * UTF-8 (a multibyte sequence cut at the end of the sample is allowed), otherwise the
 * console code page whose decoding reads most like real text.
 */
export function detectTextEncoding(bytes: Buffer): TextEncoding {
  const sample = bytes.subarray(0, SCORE_SAMPLE_BYTES);
  // A multibyte character cut at the end (a truncated file or the sniffer's 64 KB head) still counts as UTF-8.
  if (isValidUtf8(sample, true)) return 'utf-8';
  let best: TextEncoding = CODE_PAGE_CANDIDATES[0];
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const candidate of CODE_PAGE_CANDIDATES) {
    const score = scoreDecoding(iconv().decode(sample, iconvName(candidate)));
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

/** Decode bytes in the given encoding, dropping a leading BOM. Never throws. */
export function decodeText(bytes: Buffer, encoding: TextEncoding): string {
  switch (encoding) {
    case 'utf-8':
      return stripBom(new TextDecoder('utf-8', { fatal: false }).decode(bytes));
    case 'utf-16le':
      return stripBom(bytes.subarray(0, bytes.length & ~1).toString('utf16le'));
    case 'utf-16be':
      return stripBom(swapBytes(bytes.subarray(0, bytes.length & ~1)).toString('utf16le'));
    case 'binary':
      return bytes.toString('latin1');
    default:
      return stripBom(iconv().decode(bytes, iconvName(encoding)));
  }
}

function iconvName(encoding: TextEncoding): string {
  if (encoding === 'cp936') return 'gbk';
  if (encoding === 'cp950') return 'big5';
  return encoding;
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function swapBytes(bytes: Buffer): Buffer {
  const swapped = Buffer.from(bytes);
  swapped.swap16();
  return swapped;
}

/** Strict UTF-8 validation; `cutAtEnd` allows an incomplete final sequence. */
export function isValidUtf8(bytes: Buffer, cutAtEnd = true): boolean {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i];
    if (lead < 0x80) {
      i++;
      continue;
    }
    const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0) return false;
    for (let k = 1; k < length; k++) {
      if (i + k >= bytes.length) return cutAtEnd;
      if ((bytes[i + k] & 0xc0) !== 0x80) return false;
    }
    if (lead === 0xe0 && bytes[i + 1] < 0xa0) return false;
    if (lead === 0xed && bytes[i + 1] > 0x9f) return false;
    if (lead === 0xf0 && bytes[i + 1] < 0x90) return false;
    if (lead === 0xf4 && bytes[i + 1] > 0x8f) return false;
    i += length;
  }
  return true;
}

/**
 * Score how much a decoding reads like real text: letters of one script in words,
 * CJK text in the common ranges, and known label words count for it; replacement
 * characters, box drawing, stray symbols and control characters count against it.
 */
function scoreDecoding(text: string): number {
  let score = 0;
  let scored = 0;
  for (let i = 0; i < text.length && scored < MAX_SCORED_CHARACTERS; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    scored++;
    score += scoreCharacter(text[i], code, text[i - 1], text[i + 1]);
  }
  const head = text.slice(0, WORD_SEARCH_CHARS);
  for (const word of NON_ASCII_WORDS) {
    score += countOccurrences(head, word) * WORD_BONUS * Math.max(1, word.length / 4);
  }
  return score;
}

/** Enough evidence to tell the code pages apart; labels sit at the top of the output. */
const MAX_SCORED_CHARACTERS = 4000;
const WORD_SEARCH_CHARS = 16 * 1024;
const NON_ASCII_WORDS = KNOWN_WORDS.filter((word) => /[^\x00-\x7f]/.test(word));

function scoreCharacter(char: string, code: number, before: string | undefined, after: string | undefined): number {
  if (code === 0xfffd) return -10;
  if (code >= 0x80 && code < 0xa0) return -6;
  if (code >= 0x2500 && code <= 0x259f) return -4;
  if (code >= 0xe000 && code <= 0xf8ff) return -8;
  const wideNeighbour = isWide(before) || isWide(after);
  // A lone ideograph between ASCII letters is a Latin byte misread as a double-byte lead.
  if (isCommonCjk(code)) return wideNeighbour ? 2 : -2;
  if (code >= 0x3040 && code <= 0x30ff) return wideNeighbour ? 3 : -1;
  if (code >= 0xff61 && code <= 0xff9f) return -2;
  if (code >= 0x3000 && code <= 0x303f) return 1;
  if (code >= 0xff01 && code <= 0xff5e) return 1;
  if (/\p{L}/u.test(char)) return scoreLetter(char, before, after);
  if (TYPOGRAPHIC_PUNCTUATION.has(code)) return /[\p{L}\s]/u.test(before ?? ' ') || /[\p{L}\s]/u.test(after ?? ' ') ? 3 : 0;
  return -3;
}

/** Curly quotes, dashes, ellipsis, euro, no-break space, degree, guillemets: what windows-1252 text has. */
const TYPOGRAPHIC_PUNCTUATION = new Set([0x2018, 0x2019, 0x201c, 0x201d, 0x2013, 0x2014, 0x2026, 0x20ac, 0xa0, 0xb0, 0xab, 0xbb]);

function isWide(char: string | undefined): boolean {
  if (char === undefined) return false;
  const code = char.charCodeAt(0);
  return (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xff00 && code <= 0xffef);
}

function scoreLetter(char: string, before: string | undefined, after: string | undefined): number {
  const isLower = char === char.toLowerCase() && char !== char.toUpperCase();
  const neighbourLower = [before, after].some((n) => n !== undefined && /\p{Ll}/u.test(n));
  const inWord = [before, after].some((n) => n !== undefined && /\p{L}/u.test(n));
  const sameScript = [before, after].some((n) => n !== undefined && n !== char && sameScriptFamily(char, n));
  let score = inWord ? 1 : -1;
  if (sameScript) score += 1;
  // An upper-case accented letter between lower-case letters is a wrong code page.
  if (!isLower && neighbourLower && before !== undefined && /\p{Ll}/u.test(before)) score -= 3;
  return score;
}

function sameScriptFamily(a: string, b: string): boolean {
  const cyrillic = /\p{Script=Cyrillic}/u;
  const greek = /\p{Script=Greek}/u;
  if (cyrillic.test(a)) return cyrillic.test(b);
  if (greek.test(a)) return greek.test(b);
  return /\p{Script=Latin}/u.test(b);
}

/** CJK unified ideographs, excluding the rare extension blocks a wrong decoding lands in. */
function isCommonCjk(code: number): boolean {
  return code >= 0x4e00 && code <= 0x9fff;
}

function countOccurrences(text: string, word: string): number {
  let count = 0;
  let from = 0;
  for (;;) {
    const at = text.indexOf(word, from);
    if (at < 0) return count;
    count++;
    from = at + word.length;
  }
}
