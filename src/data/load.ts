/**
 * Reading one data file from disk: text → YAML with lines. Every failure is a DataFileError.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DataFileError } from './errors.js';
import { parseYaml, type YamlData } from './yaml.js';

export function readDataFile(file: string): YamlData {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new DataFileError(file, '', `cannot read the file (${(error as Error).message})`);
  }
  return parseYaml(text, file);
}

/** The files of `dir` (not its subfolders) whose names match, sorted by name. */
export function dataFiles(dir: string, pattern: RegExp, folder = 'folder'): string[] {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    names = readdirSync(dir);
  } catch (error) {
    throw new DataFileError(dir, '', `cannot read the ${folder} (${(error as Error).message})`);
  }
  return names
    .filter((name) => pattern.test(name))
    .sort()
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile());
}
