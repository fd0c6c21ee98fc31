/**
 * The report model (CONTRACT.md), computed once: finding order, evidence order,
 * verdicts (with `unknown` when the evidence says nothing about activation), each
 * machine's status line, the summary counts and the top causes. scan, check and
 * merge all build their report here, and every format renders what is stored.
 */
import type { Fact, SourceRef } from '../model/facts.js';
import {
  SEVERITY_RANK,
  type FileReport,
  type FileStatus,
  type FleetInventory,
  type KmsHostUse,
  type Finding,
  type MachineReport,
  type MachineStatus,
  type OutsideWindow,
  type ProductStatus,
  type Report,
  type ReportSummary,
  type Severity,
  type Verdict,
} from '../model/report.js';
import { compareStrings } from '../input/discover.js';
import { TOOL_VERSION } from '../data/version.js';
import { identityConflicts, type MachineFacts } from './machines.js';
import { currentLanguage, formatInstant, isLanguage, t, withLanguage } from '../i18n/index.js';

/** A machine before the report model is applied: its facts and the findings found on it. */
export interface MachineDraft {
  name: string;
  files: string[];
  facts: Fact[];
  findings: Finding[];
  /** A note written before (a report built again keeps it). */
  note?: string;
  /** Every fact lay outside --since/--until: the note says so. */
  outsideWindow?: OutsideWindow;
}

const VERDICT_RANK: Record<Verdict, number> = { ok: 1, unknown: 2, warning: 3, failing: 4 };

export function verdictRank(verdict: Verdict): number {
  return VERDICT_RANK[verdict];
}

/**
 * THE finding order, in every format: open before recovered, worst first, newest
 * first, then by rule, code, title and first evidence so that ties are stable.
 */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    Number(a.recovered) - Number(b.recovered) ||
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    compareNewestFirst(a.time, b.time) ||
    compareStrings(a.ruleId, b.ruleId) ||
    compareStrings(a.code ?? '', b.code ?? '') ||
    compareStrings(a.title, b.title) ||
    compareStrings(evidenceKey(a), evidenceKey(b))
  );
}

/** Newest first, undated last. */
function compareNewestFirst(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return Date.parse(b) - Date.parse(a);
}

function evidenceKey(finding: Finding): string {
  const first = finding.evidence[0];
  if (!first) return '';
  const record = first.recordId == null ? '1' : `0${String(first.recordId).padStart(20, '0')}`;
  return `${first.file}:${record}:${String(first.line ?? '').padStart(9, '0')}`;
}

/**
 * Evidence in reading order: file, then event record id where there is one (so a
 * .evtx and its XML export, which lists newest first, agree), then line.
 */
function compareSourceRefs(a: SourceRef, b: SourceRef): number {
  return (
    compareStrings(a.file, b.file) ||
    Number(a.recordId == null) - Number(b.recordId == null) ||
    (a.recordId ?? 0) - (b.recordId ?? 0) ||
    (a.line ?? 0) - (b.line ?? 0)
  );
}

/**
 * `ok` needs evidence of the license state: a license block, a KMS request or
 * response (12288/12289), or a successful activation.
 */
function hasActivationEvidence(facts: readonly Fact[]): boolean {
  return facts.some((fact) => {
    switch (fact.kind) {
      case 'license':
        return fact.licenseStatus !== null && fact.licenseStatus !== 'unknown' && fact.keyInstalled !== false;
      case 'kms-request':
        return fact.licenseStatus !== null;
      case 'kms-response':
      case 'activation-success':
        return true;
      default:
        return false;
    }
  });
}

/** The worst open finding; with none, `ok` only when the evidence shows the license state. */
export function verdictOf(findings: readonly Finding[], facts: readonly Fact[]): Verdict {
  const open = findings.filter((finding) => !finding.recovered);
  if (open.some((finding) => finding.severity === 'error')) return 'failing';
  if (open.some((finding) => finding.severity === 'warning')) return 'warning';
  return hasActivationEvidence(facts) ? 'ok' : 'unknown';
}

/** How an `unknown` note counts what it saw: one plural message per kind of fact. */
const FACT_LABELS: Record<Fact['kind'], string> = {
  rearm: 'note.unknown.fact.rearm',
  'hardware-change': 'note.unknown.fact.hardwareChange',
  'licensing-status': 'note.unknown.fact.licensingStatus',
  'dns-publish': 'note.unknown.fact.dnsPublish',
  'kms-host-request': 'note.unknown.fact.kmsHostRequest',
  'kms-host': 'note.unknown.fact.kmsHost',
  'activation-error': 'note.unknown.fact.activationError',
  'activation-success': 'note.unknown.fact.activationSuccess',
  license: 'note.unknown.fact.license',
  'kms-request': 'note.unknown.fact.kmsRequest',
  'kms-response': 'note.unknown.fact.kmsResponse',
};

/** The status commands an `unknown` note asks for, as code: values, never translated. */
const SLMGR_STATUS = '`cscript slmgr.vbs /dlv`';
const OSPP_STATUS = '`cscript ospp.vbs /dstatus`';

/** What an `unknown` machine's evidence held, and what to collect to decide. */
function unknownNote(facts: readonly Fact[]): string {
  const counts = new Map<Fact['kind'], number>();
  for (const fact of facts) counts.set(fact.kind, (counts.get(fact.kind) ?? 0) + 1);
  const seen = [...counts.entries()].map(([kind, count]) => t(FACT_LABELS[kind], { count })).join(t('punctuation.listSeparator'));
  const office = facts.some((fact) => fact.provider?.startsWith('Office') || (fact.kind === 'license' && fact.origin === 'ospp'));
  const commands = { slmgr: SLMGR_STATUS, ospp: OSPP_STATUS };
  const collect = office ? t('note.unknown.collectOffice', commands) : t('note.unknown.collectWindows', commands);
  return seen ? t('note.unknown.seen', { seen, collect }) : t('note.unknown.nothingRead', { collect });
}

/** What a time window left out of a machine: its facts, the window, when its evidence runs. */
export function outsideWindow(facts: readonly Fact[], window: { since?: string; until?: string }): OutsideWindow {
  const times = facts.map((fact) => fact.time).filter((time): time is string => time !== null).sort();
  return {
    ...(window.since ? { since: window.since } : {}),
    ...(window.until ? { until: window.until } : {}),
    facts: facts.length,
    ...(times.length ? { first: times[0]!, last: times[times.length - 1]! } : {}),
  };
}

function outsideWindowNote(left: OutsideWindow): string {
  const range = left.first && left.last ? t('note.window.range', { first: formatInstant(left.first), last: formatInstant(left.last) }) : '';
  const since = left.since ? `--since ${left.since}` : '';
  const until = left.until ? `--until ${left.until}` : '';
  const bounds = since && until ? t('note.window.both', { since, until }) : since || until;
  return t('note.window.outside', { count: left.facts, bounds, range });
}

/** What `slmgr /dlv` shows first, per product: name, license state, time left, KMS host. */
function machineStatus(facts: readonly Fact[]): MachineStatus {
  const byProduct = new Map<string, ProductStatus>();
  for (const fact of facts) {
    if (fact.kind !== 'license' || fact.keyInstalled === false || fact.licenseStatus === null) continue;
    const key = (fact.activationId ?? fact.product ?? fact.description ?? '').toLowerCase();
    const kms = fact.kmsClient;
    const port = kms?.registeredHost ? kms.registeredPort : kms?.dnsPort;
    const host = kms?.registeredHost ?? kms?.dnsHost ?? null;
    const status: ProductStatus = {
      product: fact.product ?? fact.description ?? null,
      office: isOfficeLicense(fact),
      licenseStatus: fact.licenseStatus,
      minutesToExpiry: fact.minutesToExpiry,
      kmsHost: host ? (port ? `${host}:${port}` : host) : null,
      source: fact.source,
    };
    const known = byProduct.get(key);
    if (!known || isNewer(fact, known)) byProduct.set(key, status);
  }
  const status: MachineStatus = { products: byProduct.size > 0 ? [...byProduct.values()] : eventStatus(facts) };
  const host = facts.filter((fact) => fact.kind === 'kms-host').at(-1);
  if (host && host.kind === 'kms-host') status.kmsService = { currentCount: host.currentCount, port: host.port };
  return status;
}

/** Without a license block: the newest 12288 (state, time left, host) and whether a response or a success followed. */
function eventStatus(facts: readonly Fact[]): ProductStatus[] {
  let request: Extract<Fact, { kind: 'kms-request' }> | null = null;
  let activated = false;
  for (const fact of facts) {
    if (fact.kind === 'kms-request' && fact.licenseStatus !== null && (!request || (fact.time ?? '') >= (request.time ?? ''))) request = fact;
    if ((fact.kind === 'kms-response' && fact.activated) || fact.kind === 'activation-success') activated = true;
  }
  if (!request) {
    const success = facts.find((fact) => fact.kind === 'activation-success');
    return success && success.kind === 'activation-success'
      ? [{ product: success.product, office: false, licenseStatus: 'licensed', minutesToExpiry: null, kmsHost: null, source: success.source }]
      : [];
  }
  const host = request.kmsHost ? (request.kmsPort ? `${request.kmsHost}:${request.kmsPort}` : request.kmsHost) : null;
  return [{
    product: null,
    office: request.provider?.startsWith('Office') ?? false,
    licenseStatus: activated ? 'licensed' : request.licenseStatus,
    minutesToExpiry: activated ? null : request.minutesToExpiry,
    kmsHost: host,
    source: request.source,
  }];
}

const OFFICE_APPLICATION_ID = '0ff1ce15-a989-479d-af46-f275c6370663';

function isOfficeLicense(fact: Extract<Fact, { kind: 'license' }>): boolean {
  return fact.origin === 'ospp' || fact.applicationId?.toLowerCase() === OFFICE_APPLICATION_ID || /\boffice\b/i.test(fact.product ?? fact.description ?? '');
}

function isNewer(fact: Fact, known: ProductStatus): boolean {
  return fact.time !== null && (known.source.file !== fact.source.file || (fact.source.line ?? 0) > (known.source.line ?? 0));
}

/** Pair each machine's facts with its evaluation by name (case-insensitive), never by position. */
export function machineDrafts(
  machines: readonly MachineFacts[],
  evaluation: { machines: { name: string; findings: Finding[] }[] },
): MachineDraft[] {
  const evaluated = new Map(evaluation.machines.map((machine) => [machine.name.toUpperCase(), machine]));
  return machines.map((machine) => ({
    name: machine.name,
    files: machine.files,
    facts: machine.facts,
    findings: [...(evaluated.get(machine.name.toUpperCase())?.findings ?? []), ...identityConflicts(machine)],
  }));
}

/** A machine in the report model: findings and evidence in THE order, its verdict, status and note. */
function assembleMachine(draft: MachineDraft): MachineReport {
  const findings = draft.findings.map(withSortedEvidence).sort(compareFindings);
  const verdict = verdictOf(findings, draft.facts);
  const machine: MachineReport = {
    name: draft.name,
    verdict,
    status: machineStatus(draft.facts),
    files: draft.files,
    facts: draft.facts,
    findings,
  };
  const note = draft.note ?? (draft.outsideWindow ? outsideWindowNote(draft.outsideWindow) : verdict === 'unknown' ? unknownNote(draft.facts) : undefined);
  if (note) machine.note = note;
  if (draft.outsideWindow) machine.outsideWindow = draft.outsideWindow;
  return machine;
}

function withSortedEvidence(finding: Finding): Finding {
  return { ...finding, evidence: [...finding.evidence].sort(compareSourceRefs) };
}

export function buildReport(
  files: FileReport[],
  machines: readonly MachineDraft[],
  fleetFindings: Finding[],
  inventory?: Report['inventory'],
  lang: string = currentLanguage(),
): Report {
  const sortedFiles = [...files].sort((a, b) => compareStrings(a.path, b.path));
  // the notes are written in the report's language, whatever the language in force
  const assembled = withLanguage(isLanguage(lang) ? lang : undefined, () => machines.map(assembleMachine));
  const fleet = fleetFindings.map(withSortedEvidence).sort(compareFindings);
  const report: Report = {
    schemaVersion: 1,
    tool: { name: 'activation-doctor', version: TOOL_VERSION },
    lang,
    files: sortedFiles,
    machines: assembled,
    fleetFindings: fleet,
    summary: summarize(sortedFiles, assembled, fleet),
  };
  if (inventory && inventory.kmsHosts.length > 0) report.inventory = inventory;
  return report;
}

/** The report again after findings were added (policy checks): order, verdicts and summary from the same code. */
export function rebuildReport(report: Report, machines: readonly MachineDraft[]): Report {
  return buildReport(report.files, machines, report.fleetFindings, report.inventory, report.lang);
}

function summarize(files: readonly FileReport[], machines: readonly MachineReport[], fleetFindings: readonly Finding[]): ReportSummary {
  const filesByStatus: Record<FileStatus, number> = { parsed: 0, partial: 0, skipped: 0, error: 0 };
  for (const file of files) filesByStatus[file.status]++;
  const machinesByVerdict: Record<Verdict, number> = { ok: 0, warning: 0, failing: 0, unknown: 0 };
  for (const machine of machines) machinesByVerdict[machine.verdict]++;
  const all = machines.flatMap((machine) => machine.findings).concat(fleetFindings);
  const open = countOpen(all);
  return {
    files: files.length,
    machines: machines.length,
    errors: open.error,
    warnings: open.warning,
    infos: open.info,
    recovered: all.filter((finding) => finding.recovered).length,
    filesByStatus,
    machinesByVerdict,
  };
}

/** Open findings by severity (recovered ones are not open). */
export function countOpen(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) if (!finding.recovered) counts[finding.severity]++;
  return counts;
}

interface CauseGroup {
  ruleId: string;
  code: string | null;
  /** The rule's own title (not one machine's rendering of it). */
  title: string;
  severity: Severity;
  /** Every machine the cause touches, sorted. */
  machines: string[];
}

/**
 * Open error and warning causes, grouped by rule and code, errors first, then by
 * how many machines each touches. Fleet findings count the machines they name.
 */
export function topCauses(report: Report, ruleTitles?: ReadonlyMap<string, string>): CauseGroup[] {
  const causes = new Map<string, CauseGroup & { names: Set<string> }>();
  const add = (finding: Finding, owner: string): void => {
    if (finding.recovered || finding.severity === 'info') return;
    const key = `${finding.ruleId}\u0000${finding.code ?? ''}`;
    let cause = causes.get(key);
    if (!cause) {
      const title = ruleTitles?.get(finding.ruleId) ?? finding.title;
      cause = { ruleId: finding.ruleId, code: finding.code, title, severity: finding.severity, machines: [], names: new Set() };
      causes.set(key, cause);
    }
    if (SEVERITY_RANK[finding.severity] > SEVERITY_RANK[cause.severity]) cause.severity = finding.severity;
    cause.names.add(owner);
  };
  for (const machine of report.machines) for (const finding of machine.findings) add(finding, machine.name);
  const machineOfFile = new Map<string, string>();
  for (const machine of report.machines) for (const file of machine.files) machineOfFile.set(file, machine.name);
  for (const finding of report.fleetFindings) {
    // reports written before fleet findings named their machines: the machines whose files are the evidence
    // a fleet finding about a host (its failure rate) touches the host, not the clients that asked it
    const names = finding.runOn?.machines ?? finding.machines ?? finding.evidence.map((ref) => machineOfFile.get(ref.file)).filter((name): name is string => name !== undefined);
    for (const name of new Set(names)) add(finding, name);
  }
  return [...causes.values()]
    .map(({ names, ...cause }) => ({ ...cause, machines: [...names].sort(compareStrings) }))
    .sort(
      (a, b) =>
        SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
        b.machines.length - a.machines.length ||
        compareStrings(a.ruleId, b.ruleId) ||
        compareStrings(a.code ?? '', b.code ?? ''),
    );
}

const INVENTORY_MACHINE_CAP = 100;

/** `kms01.corp.example` → `KMS01`; an IP address stays whole. */
function hostShortName(host: string): string {
  const bare = /^[^:]+:\d+$/.test(host) ? host.replace(/:\d+$/, '') : host;
  return /^[\d.]+$/.test(bare) || bare.includes(':') ? bare : bare.split('.')[0]!.toUpperCase();
}

/** The KMS hosts clients asked (12288 events), with requests, failures and the machines that asked. */
export function fleetInventory(machines: readonly { name: string; facts: readonly Fact[] }[]): FleetInventory {
  const hosts = new Map<string, { requests: number; failed: number; machines: Set<string> }>();
  for (const machine of machines) {
    for (const fact of machine.facts) {
      if (fact.kind !== 'kms-request' || !fact.kmsHost) continue;
      const host = hostShortName(fact.kmsHost);
      const entry = hosts.get(host) ?? { requests: 0, failed: 0, machines: new Set<string>() };
      entry.requests++;
      if (fact.hresult !== null && Number.parseInt(fact.hresult, 16) >= 0x80000000) entry.failed++;
      entry.machines.add(machine.name);
      hosts.set(host, entry);
    }
  }
  const kmsHosts: KmsHostUse[] = [...hosts.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([host, entry]) => {
      const names = [...entry.machines].sort(compareStrings);
      return { host, requests: entry.requests, failed: entry.failed, clients: names.length, machines: names.slice(0, INVENTORY_MACHINE_CAP) };
    });
  return { kmsHosts };
}
