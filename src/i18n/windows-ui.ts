/**
 * Windows' display language. Node's Intl locale on Windows is the user's
 * regional format (GetUserDefaultLocaleName), which is not the language the
 * user reads: a German format on an English Windows is common. The display
 * language is in the registry: the user's choice in
 * HKCU\Control Panel\Desktop\PreferredUILanguages, else the installed one in
 * …\Desktop\MuiCached\MachinePreferredUILanguages. reg.exe is asked only on
 * Windows, only when neither --lang nor LC_ALL/LC_MESSAGES/LANG decide.
 */
import { spawnSync } from 'node:child_process';

const UI_LANGUAGE_VALUES: readonly [key: string, value: string][] = [
  ['HKCU\\Control Panel\\Desktop', 'PreferredUILanguages'],
  ['HKCU\\Control Panel\\Desktop\\MuiCached', 'MachinePreferredUILanguages'],
];

/** Runs `reg query <key> /v <value>` and returns its stdout, or null when it failed. */
export type RegistryQuery = (key: string, value: string) => string | null;

/**
 * The language tags of one `reg query … /v …` answer, most preferred first:
 *     PreferredUILanguages    REG_MULTI_SZ    de-DE\0en-US
 * (reg.exe shows a REG_MULTI_SZ's separators as the two characters `\0`).
 */
export function parseUiLanguages(output: string, value: string): string[] {
  for (const line of output.split(/\r?\n/)) {
    const match = /^\s*(\S+)\s+REG_(?:MULTI_)?SZ\s+(.*?)\s*$/.exec(line);
    if (!match || match[1]!.toLowerCase() !== value.toLowerCase()) continue;
    return match[2]!.split('\\0').filter((tag) => /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/.test(tag));
  }
  return [];
}

/** The display languages, most preferred first; empty when the registry does not say. */
export function windowsUiLanguages(query: RegistryQuery = queryRegistry): string[] {
  for (const [key, value] of UI_LANGUAGE_VALUES) {
    const output = query(key, value);
    const tags = output === null ? [] : parseUiLanguages(output, value);
    if (tags.length > 0) return tags;
  }
  return [];
}

function queryRegistry(key: string, value: string): string | null {
  try {
    const result = spawnSync('reg.exe', ['query', key, '/v', value], { encoding: 'latin1', timeout: 2000, windowsHide: true });
    return result.status === 0 ? result.stdout : null;
  } catch {
    return null;
  }
}
