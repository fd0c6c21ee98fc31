/**
 * Reading one data file from disk: text → YAML with lines. Every failure is a DataFileError.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { t } from '../i18n/index.js';
import { DataFileError, systemReason } from './errors.js';
import { parseYaml, type YamlData } from './yaml.js';

export function readDataFile(file: string): YamlData {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new DataFileError(file, '', t('dataFile.cannotRead', { reason: systemReason(error) }));
  }
  return parseYaml(text, file);
}

/** What a folder of data files holds, for the message when it cannot be read. */
export type DataFolder = 'rules' | 'catalog' | 'policies' | 'folder';

const FOLDER_MESSAGES: Record<DataFolder, string> = {
  rules: 'dataFile.cannotReadFolder.rules',
  catalog: 'dataFile.cannotReadFolder.catalog',
  policies: 'dataFile.cannotReadFolder.policies',
  folder: 'dataFile.cannotReadFolder.folder',
};

/** The files of `dir` (not its subfolders) whose names match, sorted by name. */
export function dataFiles(dir: string, pattern: RegExp, folder: DataFolder = 'folder'): string[] {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error(dir), { code: 'ENOTDIR' });
    names = readdirSync(dir);
  } catch (error) {
    throw new DataFileError(dir, '', t(FOLDER_MESSAGES[folder], { reason: systemReason(error) }));
  }
  return names
    .filter((name) => pattern.test(name))
    .sort()
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile());
}
