/**
 * The one error for a data file that cannot be used (a rule, catalog entry,
 * policy, message file or merge shard): it names the file, the field and the
 * problem, in the language in force. The CLI turns it into exit code 2.
 */
import { t } from '../i18n/index.js';

export class DataFileError extends Error {
  readonly file: string;
  /** `where.any[1].kmsHost`, `[1].severity`; empty when the whole file is at fault. */
  readonly field: string;
  /** What is wrong, without the file and field (already in the language in force). */
  readonly problem: string;
  /** 1-based line in the file, when known. */
  readonly line: number | null;

  constructor(file: string, field: string, problem: string, line: number | null = null) {
    super(frame(file, field, problem, line));
    this.name = 'DataFileError';
    this.file = file;
    this.field = field;
    this.problem = problem;
    this.line = line;
  }
}

/** `file: field "x" (line N): problem`, in the language in force; file and field as they are. */
function frame(file: string, field: string, problem: string, line: number | null): string {
  const values = { file, field, problem, line: line ?? '' };
  const id = field ? (line === null ? 'dataFile.frame.field' : 'dataFile.frame.fieldLine') : line === null ? 'dataFile.frame.file' : 'dataFile.frame.fileLine';
  const text = t(id, values);
  // No message at all: the broken file is one of the English message files themselves.
  if (text !== id) return text;
  const where = line === null ? '' : ` (line ${line})`;
  return field ? `${file}: field "${field}"${where}: ${problem}` : `${file}${where}: ${problem}`;
}

/** Why the system could not open a file or folder, in words; the system's own text only for the rare cases. */
export function systemReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return t('dataFile.os.notFound');
  if (code === 'EACCES' || code === 'EPERM') return t('dataFile.os.denied');
  if (code === 'EISDIR') return t('dataFile.os.isFolder');
  if (code === 'ENOTDIR') return t('dataFile.os.notFolder');
  return t('dataFile.os.other', { message: error instanceof Error ? error.message : String(error) });
}

/** `[1]` + `severity` → `[1].severity`; `where` + `[0]` → `where[0]`. */
export function joinField(prefix: string, field: string): string {
  if (!prefix) return field;
  if (!field) return prefix;
  return field.startsWith('[') ? `${prefix}${field}` : `${prefix}.${field}`;
}
