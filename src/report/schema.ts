/** Validation of a report against schema/report.schema.json (the public JSON contract). */
import { schemaProblems } from '../data/schema.js';

/** Problems that make `value` not a valid report, as `field "machines[0].verdict": must be …` (empty when valid). */
export function validateReport(value: unknown): string[] {
  return schemaProblems('report', value).map(({ field, problem }) => (field ? `field "${field}": ${problem}` : problem));
}
