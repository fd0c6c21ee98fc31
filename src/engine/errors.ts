/** Thrown while compiling a rule; the loader turns it into a DataFileError with the file (and line). */
export class RuleFieldError extends Error {
  readonly field: string;

  constructor(field: string, problem: string) {
    super(problem);
    this.name = 'RuleFieldError';
    this.field = field;
  }
}
