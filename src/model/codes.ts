/**
 * HRESULTs in any spelling: hex with or without 0x, VBScript &H, unsigned and
 * signed decimal. The parsers use this module too; its only import is the localized
 * `Error` words, whose one home is the slmgr label table.
 */
import { ERROR_WORDS } from '../parsers/slmgr/labels.js';

const UINT32_RANGE = 0x1_0000_0000;
const INT32_MIN = -0x8000_0000;

/** `0x` + 8 upper-case hex digits for an integer in the uint32 or int32 range, else null. */
function formatUint32(value: number): string | null {
  if (!Number.isSafeInteger(value)) return null;
  if (value < INT32_MIN || value >= UINT32_RANGE) return null;
  const unsigned = value < 0 ? value + UINT32_RANGE : value;
  return `0x${unsigned.toString(16).toUpperCase().padStart(8, '0')}`;
}

function hexDigitsToCode(digits: string): string | null {
  const significant = digits.replace(/^0+(?=.)/, '');
  if (significant.length > 8) return null;
  return formatUint32(Number.parseInt(significant, 16));
}

/**
 * Normalises one code to `0x` + 8 upper-case hex, or null when the input is not a code.
 * Accepts `0xC004F074`, `0XC004F074`, `&HC004F074`, `C004F074` (exactly 8 hex digits),
 * `0x0` (padded), `3221549172` (unsigned decimal) and `-1073418124` (signed decimal,
 * as PowerShell and VBScript print it). Surrounding whitespace is ignored.
 */
export function normalizeHresult(input: string | number): string | null {
  if (typeof input === 'number') return formatUint32(input);
  const text = input.trim();
  const prefixed = /^(?:0x|&h)([0-9a-f]+)$/i.exec(text);
  if (prefixed) return hexDigitsToCode(prefixed[1]!);
  // Eight bare hex digits are hex when they hold a letter or start like an HRESULT (8007…, 4004…).
  if (/^[0-9a-f]{8}$/i.test(text) && (/[a-f]/i.test(text) || /^[48]00/.test(text))) return hexDigitsToCode(text);
  if (/^[+-]?\d{1,10}$/.test(text)) return formatUint32(Number(text));
  return null;
}

/**
 * `0x` codes too wide for 32 bits (`0x1C004F074`): no HRESULT, so the parsers
 * cannot use them, but a failure must not vanish without a word. In text order.
 */
export function oversizedHexCodes(text: string): Array<{ value: string; index: number }> {
  const found: Array<{ value: string; index: number }> = [];
  for (const match of text.matchAll(/(?<![0-9a-z_])0x0*([1-9a-f][0-9a-f]{8,})(?![0-9a-z_])/gi)) {
    found.push({ value: match[0], index: match.index });
  }
  return found;
}

/** The first `0x…` code (1–8 hex digits) anywhere in a string, normalised; null when there is none. */
export function firstHexCode(text: string): string | null {
  const match = /0x([0-9a-f]{1,8})(?![0-9a-z_])/i.exec(text);
  return match ? hexDigitsToCode(match[1]!) : null;
}

/**
 * Patterns for codes inside free text, tried in one pass so matches come out in
 * text order. Bare hex (no 0x) must look like an HRESULT (8007…, C004…) and must
 * not be part of a GUID; bare decimals must follow a word such as `hr=` or `error`.
 */
const CODE_IN_TEXT = new RegExp(
  [
    String.raw`(?<slui>slui(?:\.exe)?\s+0x2a\b)`,
    String.raw`(?<![0-9a-z_])(?:0x|&h)(?<hex>[0-9a-f]{1,16})(?![0-9a-z_])`,
    String.raw`(?<![0-9a-z_{-])(?<bare>[48c]00[0-9a-f]{5})(?![0-9a-z_}-])`,
    String.raw`(?<![0-9a-z_.])(?<signed>-\d{10})(?![0-9.])`,
    String.raw`(?:hr|hresult|code|${ERROR_WORDS.join('|')})\s*[:=：]?\s*(?<unsigned>\d{10})(?![0-9.])`,
  ].join('|'),
  'giu',
);

/** Every code found in a pasted line or text, normalised, without duplicates, in order. */
export function extractCodes(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(CODE_IN_TEXT)) {
    const groups = match.groups ?? {};
    if (groups.slui) continue; // `slui.exe 0x2a 0xC004F074`: 0x2a is slui's verb, not a code
    const raw = groups.hex ?? groups.bare ?? groups.signed ?? groups.unsigned;
    if (raw === undefined) continue;
    const code = groups.hex !== undefined || groups.bare !== undefined ? hexDigitsToCode(raw) : normalizeDecimal(raw);
    if (code !== null && !found.includes(code)) found.push(code);
  }
  return found;
}

/** Decimals found in text: only values in the error range (high bit set) count as codes. */
function normalizeDecimal(raw: string): string | null {
  const value = Number(raw);
  if (value < 0 ? value < INT32_MIN : value < 0x8000_0000 || value >= UINT32_RANGE) return null;
  return formatUint32(value);
}
