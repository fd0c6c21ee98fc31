/**
 * Helpers shared by the output formats: a flat view of findings, evidence as
 * text (with long runs collapsed for people), a machine's status line, and
 * plurals. Order, verdicts and counts are NOT decided here: the report model
 * (pipeline/assemble.ts) stores them and the formats render what is stored.
 */
import type { LicenseState, SourceRef } from '../model/facts.js';
import type { Finding, MachineReport, ProductStatus, Report, Verdict } from '../model/report.js';

export { countOpen, topCauses, verdictRank } from '../pipeline/assemble.js';
import { countOpen } from '../pipeline/assemble.js';
import { joinGroups, joinList, t, withLabel } from '../i18n/index.js';

/** One finding with the machine it belongs to (`null` for fleet findings). */
export interface FindingRow {
  scope: 'machine' | 'fleet';
  machine: string | null;
  verdict: Verdict | null;
  finding: Finding;
}

/** Machines and their findings in report order, then the fleet findings. */
export function findingRows(report: Report): FindingRow[] {
  const rows: FindingRow[] = [];
  for (const machine of report.machines) {
    for (const finding of machine.findings) rows.push({ scope: 'machine', machine: machine.name, verdict: machine.verdict, finding });
  }
  for (const finding of report.fleetFindings) rows.push({ scope: 'fleet', machine: null, verdict: null, finding });
  return rows;
}

/** `file:line (record 40012)`, `file (record 7)` or `file`. */
export function formatEvidence(ref: SourceRef): string {
  const place = ref.line !== undefined ? `${ref.file}:${ref.line}` : ref.file;
  return ref.recordId !== undefined ? t('evidence.withRecord', { place, recordId: String(ref.recordId) }) : place;
}

/** Runs this long or longer are shown as one line in human formats. */
const RUN_MIN = 3;

/**
 * Evidence for people: the stored order (file, then line or record), with runs of
 * consecutive records or lines of one file collapsed:
 * `Key.xml:1–9 (9 events, records 40025–40033)`. Machine formats list every reference.
 */
export function evidenceLines(refs: readonly SourceRef[], more = 0): string[] {
  const lines: string[] = [];
  let i = 0;
  while (i < refs.length) {
    let j = i + 1;
    while (j < refs.length && follows(refs[j - 1]!, refs[j]!)) j++;
    const run = refs.slice(i, j);
    if (run.length >= RUN_MIN) lines.push(describeRun(run));
    else lines.push(...run.map(formatEvidence));
    i = j;
  }
  if (more > 0) lines.push(t('evidence.andMore', { more }));
  return lines;
}

function follows(previous: SourceRef, next: SourceRef): boolean {
  if (previous.file !== next.file) return false;
  if (previous.recordId !== undefined && next.recordId !== undefined) return next.recordId === previous.recordId + 1;
  return previous.recordId === undefined && next.recordId === undefined && previous.line !== undefined && next.line === previous.line + 1;
}

function describeRun(run: readonly SourceRef[]): string {
  const first = run[0]!;
  const last = run[run.length - 1]!;
  const lines = first.line !== undefined && last.line !== undefined ? `:${first.line}–${last.line}` : '';
  const place = `${first.file}${lines}`;
  if (first.recordId !== undefined) return t('evidence.runOfEvents', { place, count: run.length, first: String(first.recordId), last: String(last.recordId) });
  return t('evidence.runOfLines', { place, count: run.length });
}

/** One product: `Windows(R), Enterprise edition: licensed, 175 days left, KMS kms01.corp.contoso.com:1688`. */
function formatProductStatus(status: ProductStatus): string {
  const parts = [status.licenseStatus ? licenseStateLabel(status.licenseStatus) : t('status.stateUnknown')];
  if (status.minutesToExpiry !== null && status.minutesToExpiry > 0) parts.push(t('status.daysLeft', { count: Math.floor(status.minutesToExpiry / 1440) }));
  if (status.kmsHost) parts.push(`KMS ${status.kmsHost}`);
  // a 12288 from the Windows provider may be Office 2013+ (it uses the Windows SPP): the product is not guessed
  return withLabel(status.product ?? (status.office ? 'Office' : t('status.productNotNamed')), joinList(parts));
}

/** A license state as a person reads it in the language in force (`licensed` → `lizenziert`). */
export function licenseStateLabel(state: LicenseState): string {
  return t(`licenseState.${state}`);
}

/** `2 errors`, `1 warning`, `3 notes`: the open findings by severity, the counts that are not zero. */
export function openCountParts(findings: readonly Finding[]): string[] {
  const counts = countOpen(findings);
  return [
    counts.error ? t('count.errors', { count: counts.error }) : '',
    counts.warning ? t('count.warnings', { count: counts.warning }) : '',
    counts.info ? t('count.notes', { count: counts.info }) : '',
  ].filter(Boolean);
}

/** What the evidence says about the machine's activation, in one line. */
export function statusLine(machine: MachineReport): string {
  const products = machine.status?.products ?? [];
  const service = machine.status?.kmsService;
  const host = service
    ? t('status.kmsService', {
        count: service.currentCount === null || service.currentCount === undefined ? t('value.unknown') : String(service.currentCount),
        port: service.port ? t('status.port', { port: String(service.port) }) : '',
      })
    : '';
  if (products.length === 0) return t('status.noLicenseState', { host });
  return joinGroups(products.map(formatProductStatus)) + host;
}

/** `PC09, PC10, PC11 +4 more` */
export function namesWithMore(names: readonly string[], shown = 3): string {
  const head = names.slice(0, shown).join(', ');
  return names.length > shown ? t('names.more', { head, more: names.length - shown }) : head;
}

/** The summary's machines by verdict, worst first (`unknown` before `ok`). */
export function verdictCounts(report: Report): [string, number][] {
  const entries = Object.entries(report.summary.machinesByVerdict);
  const place = (verdict: string): number => (verdict === 'failing' ? 0 : verdict === 'warning' ? 1 : verdict === 'ok' ? 3 : 2);
  return entries.sort((a, b) => place(a[0]) - place(b[0]));
}
