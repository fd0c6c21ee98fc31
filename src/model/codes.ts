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

/** Win32 error numbers that show up around activation, for the facility hint. */
const WIN32_NAMES: Readonly<Record<number, string>> = {
  2: 'ERROR_FILE_NOT_FOUND',
  5: 'ERROR_ACCESS_DENIED',
  13: 'ERROR_INVALID_DATA',
  87: 'ERROR_INVALID_PARAMETER',
  123: 'ERROR_INVALID_NAME',
  1058: 'ERROR_SERVICE_DISABLED',
  1168: 'ERROR_NOT_FOUND',
  1722: 'RPC_S_SERVER_UNAVAILABLE',
  1753: 'EPT_S_NOT_REGISTERED',
  5023: 'ERROR_INVALID_STATE',
  9002: 'DNS_ERROR_RCODE_SERVER_FAILURE',
  9003: 'DNS_ERROR_RCODE_NAME_ERROR',
  9016: 'DNS_ERROR_RCODE_BADSIG',
  9501: 'DNS_INFO_NO_RECORDS',
  12002: 'ERROR_INTERNET_TIMEOUT',
  12007: 'ERROR_INTERNET_NAME_NOT_RESOLVED',
  12029: 'ERROR_INTERNET_CANNOT_CONNECT',
  12175: 'ERROR_INTERNET_SECURE_FAILURE',
};

function win32RangeHint(win32: number): string {
  if (win32 >= 9000 && win32 <= 9999) return 'a DNS error: check name resolution and the _vlmcs._tcp SRV records';
  if (win32 >= 12000 && win32 <= 12175) return 'a WinINet (HTTP/Internet) error: check Internet access, proxy and TLS to the activation servers';
  if (win32 >= 1700 && win32 <= 1799) return 'an RPC error: check that the host is reachable and the firewall lets the traffic through';
  return 'a Windows system error';
}

function describeWin32(win32: number): string {
  const name = WIN32_NAMES[win32];
  const named = name ? ` (${name})` : '';
  return `Win32 error ${win32}${named} wrapped in an HRESULT (facility 7, FACILITY_WIN32): ${win32RangeHint(win32)}. Look it up with: net helpmsg ${win32}`;
}

function describeLicensing(value: number): string {
  const range = (value >>> 12) & 0xf;
  const areas: Record<number, string> = {
    0xb: 'errors returned by the Microsoft activation service (0xC004Bxxx)',
    0xc: 'product-key checks by the Microsoft activation clearinghouse (0xC004Cxxx)',
    0xd: 'the licensing security processor: tamper and rearm state (0xC004Dxxx)',
    0xf: 'the Software Licensing Service on the machine itself, including KMS (0xC004Fxxx)',
  };
  const area = areas[range] ?? 'Software Licensing';
  return `Software Licensing (SPP) error: ${area}. Show the text on the machine with: slui.exe 0x2a 0x${hex8(value)}`;
}

function hex8(value: number): string {
  return value.toString(16).toUpperCase().padStart(8, '0');
}

/**
 * What an unknown code's facility suggests, in one sentence.
 * `code` may be in any spelling normalizeHresult accepts.
 */
export function describeFacility(code: string | number): string {
  const normalized = normalizeHresult(code);
  if (normalized === null) return `${String(code)} is not an HRESULT (expected 0x + 8 hex digits or a decimal).`;
  const value = Number.parseInt(normalized.slice(2), 16);
  const high = value >>> 16;
  const facility = high & 0x7ff;
  if (value === 0) return 'S_OK: success, not an error.';
  if (high === 0x8007) return describeWin32(value & 0xffff);
  if (high === 0xc004) return describeLicensing(value);
  if (high === 0x4004) return 'Informational Software Licensing status (severity "success"): not a failure by itself.';
  if (high === 0x8004) return 'FACILITY_ITF (0x8004): an interface-specific code, for example from WMI or the genuine-validation check (0x8004FE21).';
  if (high === 0xc002 || high === 0xc003) return 'NTSTATUS from the RPC runtime (0xC002xxxx/0xC003xxxx): the RPC call to the licensing or KMS service failed; check connectivity and the firewall.';
  if (high === 0x8001) return 'FACILITY_RPC (0x8001): a COM/RPC error; check that the service is running and reachable.';
  if (high === 0x8009) return 'FACILITY_SECURITY (0x8009): a security/crypto error; the activation article also lists 0x80092328 as a DNS name failure on KMS clients.';
  if (high === 0x8024) return 'FACILITY_WINDOWSUPDATE (0x8024): a Windows Update error, not an activation one.';
  if (high === 0xc000) return 'NTSTATUS error (0xC000xxxx): a kernel/system status code, not specific to licensing.';
  if (value >>> 31 === 0) return `Success code with facility ${facility}: not an error.`;
  return `Error with facility ${facility} (0x${facility.toString(16).toUpperCase()}), code ${value & 0xffff}: not a Software Licensing code; search for ${normalized}.`;
}
