/**
 * The one error for a data file that cannot be used (a rule, catalog entry,
 * policy or merge shard): it names the file, the field and the problem.
 * The CLI turns it into exit code 2.
 */
export class DataFileError extends Error {
  readonly file: string;
  /** `where.any[1].kmsHost`, `[1].severity`; empty when the whole file is at fault. */
  readonly field: string;
  /** What is wrong, without the file and field. */
  readonly problem: string;
  /** 1-based line in the file, when known. */
  readonly line: number | null;

  constructor(file: string, field: string, problem: string, line: number | null = null) {
    const where = line === null ? '' : ` (line ${line})`;
    super(field ? `${file}: field "${field}"${where}: ${problem}` : `${file}${where}: ${problem}`);
    this.name = 'DataFileError';
    this.file = file;
    this.field = field;
    this.problem = problem;
    this.line = line;
  }
}

/** `[1]` + `severity` → `[1].severity`; `where` + `[0]` → `where[0]`. */
export function joinField(prefix: string, field: string): string {
  if (!prefix) return field;
  if (!field) return prefix;
  return field.startsWith('[') ? `${prefix}${field}` : `${prefix}.${field}`;
}
