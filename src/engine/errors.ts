/** A rule file that cannot be used: names the file and the field at fault (the CLI exits 2). */
export class RuleLoadError extends Error {
  readonly file: string;
  readonly field: string;

  constructor(file: string, field: string, problem: string) {
    super(field ? `${file}: field "${field}": ${problem}` : `${file}: ${problem}`);
    this.name = 'RuleLoadError';
    this.file = file;
    this.field = field;
  }
}

/** Thrown while compiling a rule; the loader adds the file name. */
export class RuleFieldError extends Error {
  readonly field: string;

  constructor(field: string, problem: string) {
    super(problem);
    this.name = 'RuleFieldError';
    this.field = field;
  }
}
