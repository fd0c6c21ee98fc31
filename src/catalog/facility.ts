/**
 * What an error code that the catalog does not hold suggests, from its facility
 * and range: for `explain`, in the language in force. (Moved out of
 * model/codes.ts, which the parsers import and which stays free of the message files.)
 */
import { normalizeHresult } from '../model/codes.js';
import { t } from '../i18n/index.js';

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
  if (win32 >= 9000 && win32 <= 9999) return t('facility.hint.dns');
  if (win32 >= 12000 && win32 <= 12175) return t('facility.hint.wininet');
  if (win32 >= 1700 && win32 <= 1799) return t('facility.hint.rpc');
  return t('facility.hint.system');
}

function describeWin32(win32: number): string {
  const name = WIN32_NAMES[win32];
  const named = name ? ` (${name})` : '';
  return t('facility.win32', { win32: String(win32), named, hint: win32RangeHint(win32) });
}

function describeLicensing(value: number): string {
  const range = (value >>> 12) & 0xf;
  const areas: Record<number, string> = { 0xb: 'b', 0xc: 'c', 0xd: 'd', 0xf: 'f' };
  const area = t(`facility.area.${areas[range] ?? 'other'}`);
  return t('facility.licensing', { area, hex: hex8(value) });
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
  if (normalized === null) return t('facility.notHresult', { code: String(code) });
  const value = Number.parseInt(normalized.slice(2), 16);
  const high = value >>> 16;
  const facility = high & 0x7ff;
  if (value === 0) return t('facility.success');
  if (high === 0x8007) return describeWin32(value & 0xffff);
  if (high === 0xc004) return describeLicensing(value);
  if (high === 0x4004) return t('facility.informational');
  if (high === 0x8004) return t('facility.itf');
  if (high === 0xc002 || high === 0xc003) return t('facility.rpcNtstatus');
  if (high === 0x8001) return t('facility.rpc');
  if (high === 0x8009) return t('facility.security');
  if (high === 0x8024) return t('facility.windowsUpdate');
  if (high === 0xc000) return t('facility.ntstatus');
  if (value >>> 31 === 0) return t('facility.successCode', { facility: String(facility) });
  return t('facility.other', {
    facility: String(facility),
    facilityHex: facility.toString(16).toUpperCase(),
    code: String(value & 0xffff),
    hresult: normalized,
  });
}
