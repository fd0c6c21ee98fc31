/**
 * Discover: turn command-line paths (files, folders, globs) into a sorted list
 * of candidate files, each with the machine name its location implies.
 */
import { opendir, realpath, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { basename, dirname, extname, resolve, sep } from 'node:path';
import fg from 'fast-glob';

export interface DiscoveredFile {
  /** As given, or the given folder joined with the path found under it. */
  path: string;
  absPath: string;
  /** Machine implied by the location: the machine folder, or the file name for a root-level file. */
  machineHint: string;
  /** true when machineHint is only the file's own name (a file directly in a scanned root). */
  machineFromFileName: boolean;
  /** The file itself was named on the command line (not found under a folder or by a glob). */
  givenDirectly?: boolean;
  size: number;
  /** Set when the entry cannot be read as a file (FIFO, socket, vanished, denied). */
  unreadable?: string;
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
  const byAbsPath = new Map<string, DiscoveredFile>();
  const missing: string[] = [];
  for (const arg of args) {
    const found = GLOB_CHARS.test(arg) ? await expandGlob(arg, onFound) : await expandPath(arg, onFound);
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

async function expandPath(arg: string, onFound?: OnFound): Promise<DiscoveredFile[]> {
  let info: Stats;
  try {
    info = await stat(arg);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return [];
    return [unreadableEntry(arg, singleFileMachine(arg), describeFsError(error))];
  }
  if (info.isDirectory()) return walkFolder(arg, null, onFound);
  return [{ ...fileEntry(arg, singleFileMachine(arg), info), givenDirectly: true }];
}

/** A file named on the command line: the folder written in its path names the machine; without one, its own name does. */
function singleFileMachine(arg: string): string | null {
  const parent = basename(dirname(resolve(arg)));
  const hasFolder = /[\\/]/.test(arg.replace(/^\.[\\/]/, ''));
  return hasFolder && parent ? parent : null;
}

/** Files below `root`; each first-level folder is a machine, unless the root itself is one (`rootMachine`). */
async function walkFolder(root: string, rootMachine: string | null, onFound?: OnFound): Promise<DiscoveredFile[]> {
  const results: DiscoveredFile[] = [];
  const visitedDirs = new Set<string>();
  const walk = async (dir: string, machine: string | null, info?: Stats): Promise<void> => {
    const identity = await folderIdentity(dir, info);
    if (visitedDirs.has(identity)) return; // a symbolic link loop, or the same folder twice
    visitedDirs.add(identity);
    let handle;
    try {
      handle = await opendir(dir);
    } catch (error) {
      results.push(unreadableEntry(dir, machine, describeFsError(error)));
      return;
    }
    const names: string[] = [];
    for await (const entry of handle) names.push(entry.name);
    names.sort(compareStrings);
    for (const name of names) {
      const full = joinAsGiven(dir, name);
      let info: Stats;
      try {
        info = await stat(full); // follows symbolic links
      } catch (error) {
        results.push(unreadableEntry(full, machine, describeFsError(error)));
        continue;
      }
      if (info.isDirectory()) await walk(full, machine ?? name, info);
      else {
        results.push(fileEntry(full, machine, info));
        onFound?.();
      }
    }
  };
  await walk(root, rootMachine);
  return results;
}

/** Device and inode name a folder however it was reached; the stat is usually at hand already, unlike a realpath call. */
async function folderIdentity(dir: string, info?: Stats): Promise<string> {
  const known = info ?? (await stat(dir).catch(() => undefined));
  // some network file systems report inode 0 for everything: fall back to the real path there
  return known && known.ino !== 0 ? `${known.dev}:${known.ino}` : await realpath(dir).catch(() => dir);
}

async function expandGlob(pattern: string, onFound?: OnFound): Promise<DiscoveredFile[]> {
  const base = staticBase(pattern);
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
      results.push(...(await walkFolder(match, basename(match), onFound)));
      continue;
    }
    results.push(fileEntry(match, firstSegment, info));
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

/** `folderMachine` null: the file sits directly in a scanned root and is named after itself. */
function fileEntry(path: string, folderMachine: string | null, info: Stats): DiscoveredFile {
  const entry: DiscoveredFile = { ...machineOf(path, folderMachine), path, absPath: resolve(path), size: info.size };
  if (!info.isFile()) entry.unreadable = describeSpecialFile(info);
  return entry;
}

function unreadableEntry(path: string, folderMachine: string | null, reason: string): DiscoveredFile {
  return { ...machineOf(path, folderMachine), path, absPath: resolve(path), size: 0, unreadable: reason };
}

function machineOf(path: string, folderMachine: string | null): { machineHint: string; machineFromFileName: boolean } {
  return folderMachine === null ? { machineHint: stem(path), machineFromFileName: true } : { machineHint: folderMachine, machineFromFileName: false };
}

function describeSpecialFile(info: Stats): string {
  if (info.isFIFO()) return 'a named pipe (FIFO), not a file: not read';
  if (info.isSocket()) return 'a socket, not a file: not read';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device, not a file: not read';
  return 'not a regular file: not read';
}

export function describeFsError(error: unknown): string {
  switch (errorCode(error)) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOENT':
      return 'the file vanished during the scan';
    case 'EISDIR':
      return 'a directory where a file was expected';
    case 'ELOOP':
      return 'a symbolic link loop';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    default:
      return error instanceof Error ? error.message : String(error);
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
