/**
 * Discover: turn command-line paths (files, folders, globs) into a sorted list
 * of candidate files, each with the machine name its location implies.
 */
import { lstat, opendir, readdir, realpath, stat } from 'node:fs/promises';
import type { Dirent, Stats } from 'node:fs';
import { basename, dirname, extname, resolve, sep } from 'node:path';
import { t } from '../i18n/index.js';

export interface DiscoveredFile {
  /** As given, or the given folder joined with the path found under it. */
  path: string;
  absPath: string;
  /** Machine implied by the location: the machine folder, or the file name for a root-level file. */
  machineHint: string;
  /** true when machineHint is the file's own name (a flat folder of one file per machine, `PC01.txt`). */
  machineFromFileName: boolean;
  /** The file itself was named on the command line (not found under a folder or by a glob). */
  givenDirectly?: boolean;
  /** The file lies directly in a folder given on the command line (or matched by a glob). */
  atRoot?: boolean;
  size: number;
  /** The path's bytes, when its name is not valid UTF-8 and `absPath` only shows it escaped. */
  fsPath?: Buffer;
  /** Set when the entry cannot be read as a file (FIFO, socket, vanished, denied). */
  unreadable?: string;
  unreadableCode?: 'unreadable' | 'not-a-regular-file' | 'folder-unlistable';
}

export interface DiscoverResult {
  files: DiscoveredFile[];
  /** Arguments that matched nothing: reported, not fatal. */
  missing: string[];
}

const GLOB_CHARS = /[*?[\]{}!]/;

/** Called for each entry found while walking, so a long walk can show progress. */
export type OnFound = () => void;

export async function discover(args: readonly string[], onFound?: OnFound): Promise<DiscoverResult> {
  flatFolders.clear();
  const byAbsPath = new Map<string, DiscoveredFile>();
  const missing: string[] = [];
  for (const arg of args) {
    // an existing path is a path, whatever its characters (`fleet{1}`, `fleet [2026-11]`); only what does not exist is a glob
    const found = GLOB_CHARS.test(arg) && !(await exists(arg)) ? await expandGlob(arg, onFound) : await expandPath(arg, onFound);
    if (found.length === 0) missing.push(arg);
    for (const file of found) {
      const known = byAbsPath.get(file.absPath);
      // found twice (`scan fleet/PC03 fleet`): the machine folder wins over the bare file name, whatever the order
      if (!known || (known.machineFromFileName && !file.machineFromFileName)) byAbsPath.set(file.absPath, file);
    }
  }
  const files = [...byAbsPath.values()].sort((a, b) => compareStrings(a.path, b.path));
  return { files, missing };
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

async function expandPath(arg: string, onFound?: OnFound): Promise<DiscoveredFile[]> {
  let info: Stats;
  try {
    info = await stat(arg);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return [];
    return [unreadableEntry(arg, null, describeFsError(error))];
  }
  if (info.isDirectory()) return walkFolder(arg, null, onFound);
  return [{ ...(await locatedEntry(arg, null, info)), givenDirectly: true }];
}

/**
 * Files below `root`; the first folder below it with a name that is not generic
 * (`logs`, `evidence`, a date …) is the machine, unless the root itself is one (`rootMachine`).
 */
async function walkFolder(root: string, rootMachine: string | null, onFound?: OnFound): Promise<DiscoveredFile[]> {
  const results: DiscoveredFile[] = [];
  const visitedDirs = new Set<string>();
  // `bytes` is the path as the file system knows it: names that are not UTF-8 (Latin-1 from an old zip) only open as bytes
  const walk = async (dir: string, bytes: Buffer, machine: string | null, info?: Stats): Promise<void> => {
    const identity = await folderIdentity(bytes, info);
    if (visitedDirs.has(identity)) return; // a symbolic link loop, or the same folder twice
    visitedDirs.add(identity);
    let listed: Array<{ name: string; bytes: Buffer; isDirectory(): boolean; isFile(): boolean }>;
    try {
      const dirents = await readdir(bytes, { encoding: 'buffer', withFileTypes: true });
      listed = dirents.map((entry) => {
        const nameBytes = entry.name as unknown as Buffer;
        return { name: displayName(nameBytes), bytes: nameBytes, isDirectory: () => entry.isDirectory(), isFile: () => entry.isFile() };
      });
    } catch (error) {
      // a folder that opens but cannot be listed is one error entry naming it; the scan goes on
      results.push(unreadableEntry(dir, machine, t('problem.folderUnlistable', { reason: describeFsError(error) }), 'folder-unlistable'));
      return;
    }
    listed.sort((a, b) => compareStrings(a.name, b.name));
    flatFolders.set(resolve(dir), Promise.resolve(looksFlat(listed)));
    for (const { name, bytes: nameBytes } of listed) {
      const full = joinAsGiven(dir, name);
      const fullBytes = Buffer.concat([bytes, Buffer.from(/[\\/]$/.test(dir) ? '' : sep), nameBytes]);
      let info: Stats;
      try {
        info = await stat(fullBytes); // follows symbolic links
      } catch (error) {
        results.push(unreadableEntry(full, machine, describeFsError(error)));
        continue;
      }
      if (info.isDirectory()) await walk(full, fullBytes, machine ?? (isGenericName(name) ? null : name), info);
      else {
        results.push(withFsPath({ ...(await locatedEntry(full, machine, info)), ...(dir === root ? { atRoot: true } : {}) }, full, fullBytes));
        onFound?.();
      }
    }
  };
  await walk(root, Buffer.from(root), rootMachine);
  return results;
}

/** A name that is not valid UTF-8 is shown with its bytes above ASCII escaped (`PC-M\\xDCNCHEN`). */
function displayName(name: Buffer): string {
  const text = name.toString('utf8');
  if (Buffer.from(text, 'utf8').equals(name)) return text;
  let escaped = '';
  for (const byte of name) escaped += byte < 0x80 ? String.fromCharCode(byte) : `\\x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  return escaped;
}

/** Keep the byte path for opening when the shown path is not the file system's own. */
function withFsPath(entry: DiscoveredFile, shown: string, bytes: Buffer): DiscoveredFile {
  if (!Buffer.from(shown, 'utf8').equals(bytes)) entry.fsPath = resolveBytes(bytes);
  return entry;
}

/** Absolute form of a byte path, without decoding it. */
function resolveBytes(bytes: Buffer): Buffer {
  return bytes[0] === 0x2f || /^[A-Za-z]:[\\/]/.test(bytes.subarray(0, 3).toString('latin1'))
    ? bytes
    : Buffer.concat([Buffer.from(process.cwd() + sep), bytes]);
}

/** Device and inode name a folder however it was reached; the stat is usually at hand already, unlike a realpath call. */
async function folderIdentity(dir: Buffer, info?: Stats): Promise<string> {
  const known = info ?? (await stat(dir).catch(() => undefined));
  // some network file systems report inode 0 for everything: fall back to the real path there
  return known && known.ino !== 0 ? `${known.dev}:${known.ino}` : await realpath(dir).catch(() => dir.toString('latin1'));
}

async function expandGlob(pattern: string, onFound?: OnFound): Promise<DiscoveredFile[]> {
  const base = staticBase(pattern);
  // fast-glob is loaded only when an argument is a glob: it costs more start-up time than a small scan
  const { default: fg } = await import('fast-glob');
  const matches = await fg(pattern.replace(/\\/g, '/'), {
    dot: false,
    onlyFiles: false,
    followSymbolicLinks: true,
    suppressErrors: true,
    unique: true,
  });
  const results: DiscoveredFile[] = [];
  for (const match of matches.sort(compareStrings)) {
    const relative = base ? match.slice(base.length).replace(/^\/+/, '') : match;
    const firstSegment = relative.includes('/') ? relative.split('/')[0] : null;
    let info: Stats;
    try {
      info = await stat(match);
    } catch (error) {
      results.push(unreadableEntry(match, firstSegment, describeFsError(error)));
      continue;
    }
    if (info.isDirectory()) {
      // a glob that matches folders (`fleet/PC0*`) matches machine folders
      results.push(...(await walkFolder(match, isGenericName(basename(match)) ? null : basename(match), onFound)));
      continue;
    }
    results.push(await locatedEntry(match, firstSegment && !isGenericName(firstSegment) ? firstSegment : null, info));
    onFound?.();
  }
  return results;
}

/** The part of a glob before its first segment with a glob character. */
function staticBase(pattern: string): string {
  const segments = pattern.replace(/\\/g, '/').split('/');
  const staticSegments: string[] = [];
  for (const segment of segments) {
    if (GLOB_CHARS.test(segment)) break;
    staticSegments.push(segment);
  }
  return staticSegments.join('/');
}

/** Like path.join, but keeps the folder exactly as the user wrote it, so evidence paths read as given. */
function joinAsGiven(dir: string, name: string): string {
  return /[\\/]$/.test(dir) ? `${dir}${name}` : `${dir}${sep}${name}`;
}

/**
 * CONTRACT.md, Machines: a file belongs to the machine folder that holds it
 * (`folderMachine` when the walk knows it, else the nearest folder above it whose
 * name is not generic); only in a flat folder of one file per machine is it named
 * after itself (`PC02-dlv.txt` → `PC02`).
 */
async function locatedEntry(path: string, folderMachine: string | null, info: Stats): Promise<DiscoveredFile> {
  const entry: DiscoveredFile = { ...(await machineOf(path, folderMachine)), path, absPath: resolve(path), size: info.size };
  if (!info.isFile()) {
    entry.unreadable = describeSpecialFile(info);
    entry.unreadableCode = 'not-a-regular-file';
  }
  return entry;
}

function unreadableEntry(
  path: string,
  folderMachine: string | null,
  reason: string,
  code: DiscoveredFile['unreadableCode'] = 'unreadable',
): DiscoveredFile {
  return { machineHint: folderMachine ?? folderMachineOf(resolve(path)), machineFromFileName: false, path, absPath: resolve(path), size: 0, unreadable: reason, unreadableCode: code };
}

async function machineOf(path: string, folderMachine: string | null): Promise<{ machineHint: string; machineFromFileName: boolean }> {
  const own = stem(path);
  if (!isGenericName(own) && (await isFlatFolder(dirname(resolve(path))))) return { machineHint: machineNameFromStem(own), machineFromFileName: true };
  return { machineHint: folderMachine ?? folderMachineOf(resolve(path)), machineFromFileName: false };
}

/** The nearest folder above the file whose name is not generic; the file's own name when there is none. */
function folderMachineOf(absPath: string): string {
  let dir = dirname(absPath);
  while (dirname(dir) !== dir) {
    const name = basename(dir);
    if (!isGenericName(name)) return name;
    dir = dirname(dir);
  }
  return machineNameFromStem(stem(absPath));
}

/**
 * Words that name a kind of evidence, a tool or a place, never a computer:
 * `slmgr-dlv.txt`, `evidence/`, `logs/`, `Application.xml` say nothing about who.
 */
const GENERIC_WORDS = new Set(
  (
    'slmgr slmgr.vbs dlv dli xpr ato rearm ospp ospp.vbs dstatus dstatusall dhistorykms act activation activate license licence licensing ' +
    'application app system security events event eventlog evtx xml kms keymanagementservice key management service log logs output out ' +
    'result results report evidence collected collect export exports dump txt text data file files tmp temp copy new old before after fix ' +
    'windows office status info readme notes note all full and of the for run spp sppsvc downloads documents home users user'
  ).split(' '),
);

/** Text-like file names a flat folder is made of (`PC01.txt`, `PC02-dlv.log`, `PC03`). */
const TEXT_EXTENSIONS = new Set(['', '.txt', '.log', '.out', '.text']);

function nameTokens(name: string): string[] {
  return name.split(/[-_.\s()[\]]+/).filter((token) => token !== '');
}

function isGenericToken(token: string): boolean {
  return GENERIC_WORDS.has(token.toLowerCase()) || /^\d+$/.test(token) || /^v\d+$/i.test(token);
}

/** A name made only of generic words, numbers and dates (`slmgr-dlv`, `Application`, `2026-11-20`, `logs`). */
export function isGenericName(name: string): boolean {
  return nameTokens(name).every(isGenericToken);
}

/** `PC02-dlv` → `PC02`, `slmgr_PC03` → `PC03`: generic words at either end are not part of the machine's name. */
export function machineNameFromStem(stem: string): string {
  const parts = stem.split(/([-_.\s]+)/);
  const isWord = (part: string | undefined): boolean => part !== undefined && GENERIC_WORDS.has(part.toLowerCase());
  while (parts.length > 2 && isWord(parts[0])) parts.splice(0, 2);
  while (parts.length > 2 && isWord(parts[parts.length - 1])) parts.splice(-2, 2);
  return parts.join('') || stem;
}

const flatFolders = new Map<string, Promise<boolean>>();

/**
 * A flat folder of one file per machine: at least two text files with different
 * names that are not generic (`PC01.txt`, `PC02-dlv.txt`), or text files beside
 * machine folders (a fleet folder with `LAPTOP7.txt` at its root).
 */
function isFlatFolder(dir: string): Promise<boolean> {
  let known = flatFolders.get(dir);
  if (!known) {
    known = judgeFolder(dir);
    flatFolders.set(dir, known);
  }
  return known;
}

async function judgeFolder(dir: string): Promise<boolean> {
  const dirents: Dirent[] = [];
  try {
    for await (const entry of await opendir(dir)) dirents.push(entry);
  } catch {
    return false;
  }
  return looksFlat(dirents);
}

/** What a flat-folder judgement needs of a folder entry (a Dirent, or the byte walk's own). */
interface ListedEntry {
  name: string;
  isDirectory(): boolean;
  isFile(): boolean;
}

function looksFlat(entries: readonly ListedEntry[]): boolean {
  const names = new Set<string>();
  for (const entry of entries) {
    if (entry.isDirectory() && !isGenericName(entry.name)) return true;
    if (!entry.isFile() || !TEXT_EXTENSIONS.has(extname(entry.name).toLowerCase())) continue;
    const own = stem(entry.name);
    if (!isGenericName(own)) names.add(machineNameFromStem(own).toUpperCase());
  }
  return names.size >= 2;
}

function describeSpecialFile(info: Stats): string {
  if (info.isFIFO()) return t('problem.special.fifo');
  if (info.isSocket()) return t('problem.special.socket');
  if (info.isCharacterDevice() || info.isBlockDevice()) return t('problem.special.device');
  return t('problem.special.other');
}

export function describeFsError(error: unknown): string {
  switch (errorCode(error)) {
    case 'EACCES':
    case 'EPERM':
      return t('problem.fs.permission');
    case 'ENOENT':
      return t('problem.fs.vanished');
    case 'EISDIR':
      return t('problem.fs.directory');
    case 'ELOOP':
      return t('problem.fs.linkLoop');
    case 'EAGAIN':
    case 'EWOULDBLOCK':
      return t('problem.fs.wouldBlock');
    case 'EMFILE':
    case 'ENFILE':
      return t('problem.fs.tooManyOpen');
    case 'ENAMETOOLONG':
      return t('problem.fs.pathTooLong');
    default: {
      // Node's own text (its errno message, or a reader's failure) is quoted as it is, inside a sentence of ours
      const detail = error instanceof Error ? error.message : String(error);
      return t(errorCode(error) === undefined ? 'problem.fs.unexpected' : 'problem.fs.other', { detail });
    }
  }
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

function stem(path: string): string {
  const name = basename(path);
  const extension = extname(name);
  return extension && extension !== name ? name.slice(0, -extension.length) : name;
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
