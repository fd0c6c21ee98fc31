/**
 * Types shared by the pipeline stages and the JSON report (CONTRACT.md).
 */
import type { Fact, LicenseState, SourceRef } from './facts.js';

export type FileKind =
  | 'event-xml'
  | 'slmgr'
  | 'ospp'
  | 'evtx'
  | 'clixml'
  | 'event-text'
  | 'empty'
  | 'binary'
  | 'unknown';

export type TextEncoding =
  | 'utf-8'
  | 'utf-16le'
  | 'utf-16be'
  | 'cp437'
  | 'cp850'
  | 'cp852'
  | 'cp866'
  | 'cp932'
  | 'cp936'
  | 'cp950'
  | 'windows-1252'
  | 'binary';

export type FileStatus = 'parsed' | 'partial' | 'skipped' | 'error';

/**
 * Stable codes for problems on files (publint's model): scripts match the code,
 * people read the message. Codes are only ever added.
 */
export const FILE_PROBLEM_CODES = [
  'empty-file',
  'binary-content',
  'gzip-compressed',
  'not-evidence',
  'own-report',
  'evtx-not-read',
  'file-too-large',
  'text-limit-reached',
  'file-timeout',
  'unreadable',
  'not-a-regular-file',
  'folder-unlistable',
  'doctype-refused',
  'event-too-large',
  'event-unreadable',
  'truncated',
  'odd-utf16-length',
  'encoding-changed',
  'read-stopped',
  'regional-time',
  'unsupported-value',
  'future-time',
  'duplicate-events',
  'facts-collapsed',
  'more-problems',
  'problem',
] as const;
export type FileProblemCode = (typeof FILE_PROBLEM_CODES)[number];

export interface Problem {
  /** Stable machine-readable code; every problem in a report carries one (`problem` when nothing more specific applies). */
  code?: FileProblemCode;
  message: string;
  line?: number;
  byte?: number;
}

/** What every stage after discovery knows about one input file. */
export interface FileReport {
  path: string;
  kind: FileKind;
  encoding: TextEncoding | null;
  status: FileStatus;
  /** Machine the file's facts were filed under (first one for multi-machine event exports). */
  machine: string | null;
  size: number;
  facts: number;
  problems: Problem[];
}

export type Severity = 'error' | 'warning' | 'info';
export const SEVERITY_RANK: Record<Severity, number> = { info: 1, warning: 2, error: 3 };

export interface Finding {
  ruleId: string;
  severity: Severity;
  /** Catalog entry this finding points to, when it has one. */
  code: string | null;
  title: string;
  /** The cause in one or two plain sentences, with the facts quoted. */
  cause: string;
  /** What to do, in words. */
  resolution: string;
  /** The first command to run. */
  nextCommand: string | null;
  /** Time of the newest evidence. */
  time: string | null;
  /** A recovered failure: shown as information, not counted as open. */
  recovered: boolean;
  evidence: SourceRef[];
  /** How many more evidence references there were beyond those listed (the list is capped). */
  moreEvidence?: number;
  /** Fleet findings: the machines involved (sorted, capped at 100). */
  machines?: string[];
  /**
   * The finding is about other machines (a KMS host sees cloned clients): the
   * command is meant for them, never for the machine the finding is listed under,
   * so it is here and not in `nextCommand`.
   */
  runOn?: { machines: string[]; command: string };
}

/** `unknown`: no open problem, but no evidence of the license state either (CONTRACT.md, Verdicts). */
export type Verdict = 'ok' | 'warning' | 'failing' | 'unknown';

/** One product's line of what `slmgr /dlv` shows first. */
export interface ProductStatus {
  product: string | null;
  /** The evidence is Office's (ospp, Office application id or provider): managed with ospp.vbs. */
  office: boolean;
  licenseStatus: LicenseState | null;
  minutesToExpiry: number | null;
  /** `host:port` the client uses (set with /skms or found in DNS), when the evidence names one. */
  kmsHost: string | null;
  source: SourceRef;
}

export interface MachineStatus {
  products: ProductStatus[];
  /** The machine is a KMS host: its count of clients and its port (slmgr /dlv host block). */
  kmsService?: { currentCount: number | null; port: number | null };
}

/** What a time window left out of a machine: the window, how many facts, and when they run. */
export interface OutsideWindow {
  since?: string;
  until?: string;
  facts: number;
  first?: string;
  last?: string;
}

export interface MachineReport {
  name: string;
  verdict: Verdict;
  /** What the evidence says about activation, first thing shown for every machine. */
  status: MachineStatus;
  /** Why the verdict is `unknown`: what was seen and what to collect. */
  note?: string;
  /** Every fact of this machine lay outside --since/--until (the note says so): kept so that merge can say it again, in its language. */
  outsideWindow?: OutsideWindow;
  /** Files that contributed facts to this machine. */
  files: string[];
  facts: Fact[];
  findings: Finding[];
}

export interface ReportSummary {
  files: number;
  machines: number;
  errors: number;
  warnings: number;
  /** Open notes (information findings). */
  infos: number;
  /** Failures that a later success closed. */
  recovered: number;
  filesByStatus: Record<FileStatus, number>;
  machinesByVerdict: Record<Verdict, number>;
}

export interface Report {
  schemaVersion: 1;
  tool: { name: 'activation-doctor'; version: string };
  /** Language of the report's human-readable text (`en`, `de`, `ru`, `zh-CN`, `zh-TW`, `ja`, or the pseudo-language `qps`). */
  lang?: string;
  files: FileReport[];
  machines: MachineReport[];
  /** Findings across machines (duplicate CMID, split hosts); evidence names the machines. */
  fleetFindings: Finding[];
  summary: ReportSummary;
  /** What the fleet uses, for information (not findings): the KMS hosts clients asked. */
  inventory?: FleetInventory;
}

export interface KmsHostUse {
  /** Short host name, upper case. */
  host: string;
  requests: number;
  failed: number;
  /** The machines that asked it (sorted, capped at 100). */
  machines: string[];
  clients: number;
}

export interface FleetInventory {
  kmsHosts: KmsHostUse[];
}

/** Result of parsing one file: facts plus what went wrong. */
export interface ParseResult {
  facts: Fact[];
  problems: Problem[];
  /** true when the file ended early (truncation) but earlier content was used. */
  partial: boolean;
  /** Set when the parser decided the file is not evidence after all. */
  skippedReason?: string;
  skippedCode?: FileProblemCode;
}

/** What a parser is told about the file it reads. */
export interface ParseContext {
  /** Path as shown in evidence. */
  file: string;
  /** Machine for facts whose source names none (text files, events without <Computer>). */
  defaultMachine: string;
  /** Epoch ms after which a parser that runs without yielding stops and marks the file partial (--file-timeout). */
  deadline?: number;
}
