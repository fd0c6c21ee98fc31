/** SARIF 2.1.0: one result per finding, rule metadata from the catalog, locations at the evidence. */
import { createHash } from 'node:crypto';
import type { Catalog, CatalogEntry } from '../catalog/catalog.js';
import type { SourceRef } from '../model/facts.js';
import type { Finding, Report, Severity } from '../model/report.js';
import { findingRows } from './common.js';

const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

type SarifLevel = 'error' | 'warning' | 'note';
const LEVELS: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', info: 'note' };

interface MultiformatMessage {
  text: string;
  markdown?: string;
}

interface SarifRule {
  id: string;
  name: string;
  shortDescription: MultiformatMessage;
  fullDescription: MultiformatMessage;
  help: MultiformatMessage;
  helpUri?: string;
  defaultConfiguration: { level: SarifLevel };
  properties: { tags: string[]; code?: string; symbolicName?: string };
}

interface SarifLocation {
  physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } };
  properties?: { recordId: number };
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations: SarifLocation[];
  partialFingerprints: Record<string, string>;
  properties: { machine: string | null; scope: 'machine' | 'fleet'; code: string | null; recovered: boolean; time: string | null; nextCommand: string | null };
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: {
    tool: { driver: { name: string; version: string; rules: SarifRule[] } };
    results: SarifResult[];
    columnKind: 'utf16CodeUnits';
  }[];
}

/**
 * A URI reference for an evidence path: relative paths stay relative (forward
 * slashes, each segment percent-encoded); absolute ones become file: URIs.
 */
export function evidenceUri(path: string): string {
  const slashed = path.replace(/\\/g, '/');
  const drive = /^([A-Za-z]):\//.exec(slashed);
  const segments = slashed.split('/').map((segment, i) => (i === 0 && drive ? segment : encodeURIComponent(segment)));
  const encoded = segments.join('/');
  if (drive) return `file:///${encoded}`;
  if (slashed.startsWith('//')) return `file:${encoded}`;
  if (slashed.startsWith('/')) return `file://${encoded}`;
  return encoded.replace(/^(\.\/)+/, '');
}

function location(ref: SourceRef): SarifLocation {
  const loc: SarifLocation = { physicalLocation: { artifactLocation: { uri: evidenceUri(ref.file) } } };
  if (ref.line !== undefined && ref.line >= 1) loc.physicalLocation.region = { startLine: ref.line };
  if (ref.recordId !== undefined) loc.properties = { recordId: ref.recordId };
  return loc;
}

function helpFromCatalog(entry: CatalogEntry): MultiformatMessage {
  const steps = entry.resolution.map((s) => (s.command ? `${s.step} Run: ${s.command}` : s.step));
  const markdown = entry.resolution.map((s, i) => `${i + 1}. ${s.step}${s.command ? `\n   \`${s.command}\`` : ''}`).join('\n');
  return { text: steps.join(' ') || entry.message, markdown: markdown || entry.message };
}

function buildRule(ruleId: string, finding: Finding, catalog: Catalog | undefined, ruleTitle: string | undefined): SarifRule {
  const entry = finding.code ? catalog?.get(finding.code) : undefined;
  const tags = ['activation', ...(finding.code ? [finding.code] : [])];
  if (!entry) {
    return {
      id: ruleId,
      name: ruleId,
      shortDescription: { text: ruleTitle ?? finding.title },
      fullDescription: { text: finding.code ? `${finding.code}: ${ruleTitle ?? finding.title}` : ruleTitle ?? finding.title },
      help: { text: finding.resolution || finding.title },
      defaultConfiguration: { level: LEVELS[finding.severity] },
      properties: { tags, ...(finding.code ? { code: finding.code } : {}) },
    };
  }
  const rule: SarifRule = {
    id: ruleId,
    name: ruleId,
    // The rule's own title (not a finding's, which quotes one machine's log); the catalog describes the code.
    shortDescription: { text: ruleTitle ?? finding.title },
    fullDescription: { text: [`${entry.code}${entry.name ? ` (${entry.name})` : ''}: ${entry.message}`, ...entry.causes].join(' ') },
    help: helpFromCatalog(entry),
    defaultConfiguration: { level: LEVELS[finding.severity] },
    properties: { tags, code: entry.code, ...(entry.name ? { symbolicName: entry.name } : {}) },
  };
  const helpUri = entry.sources.find((s) => /^https:\/\//.test(s));
  if (helpUri) rule.helpUri = helpUri;
  return rule;
}

function fingerprint(parts: (string | null)[]): string {
  return createHash('sha256').update(parts.map((p) => p ?? '').join('\u0000')).digest('hex').slice(0, 32);
}

/** `ruleTitles`: the rules' own titles by id; without them a rule is described by its first finding. */
function buildSarif(report: Report, catalog?: Catalog, ruleTitles?: ReadonlyMap<string, string>): SarifLog {
  const rows = findingRows(report);
  const rules: SarifRule[] = [];
  const ruleIndex = new Map<string, number>();
  for (const { finding } of [...rows].sort((a, b) => a.finding.ruleId.localeCompare(b.finding.ruleId, 'en'))) {
    if (ruleIndex.has(finding.ruleId)) continue;
    ruleIndex.set(finding.ruleId, rules.length);
    rules.push(buildRule(finding.ruleId, finding, catalog, ruleTitles?.get(finding.ruleId)));
  }
  // Code scanning wants a location on every result: a finding without evidence points at its machine's first file.
  const firstFile = new Map(report.machines.map((m) => [m.name, m.files[0]]));
  const locationsOf = (finding: Finding, machine: string | null): SarifLocation[] => {
    if (finding.evidence.length) return finding.evidence.map(location);
    const file = machine === null ? undefined : firstFile.get(machine);
    return file ? [location({ file })] : [];
  };
  const results: SarifResult[] = rows.map(({ scope, machine, finding }) => ({
    ruleId: finding.ruleId,
    ruleIndex: ruleIndex.get(finding.ruleId) ?? 0,
    level: finding.recovered ? 'note' : LEVELS[finding.severity],
    message: { text: `${machine ?? 'Fleet'}: ${finding.title}${finding.recovered ? ' (recovered)' : ''}. ${finding.cause}` },
    locations: locationsOf(finding, machine),
    partialFingerprints: { 'activationDoctor/v1': fingerprint([finding.ruleId, scope, machine, finding.code]) },
    properties: { machine, scope, code: finding.code, recovered: finding.recovered, time: finding.time, nextCommand: finding.nextCommand },
  }));
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [{ tool: { driver: { name: report.tool.name, version: report.tool.version, rules } }, results, columnKind: 'utf16CodeUnits' }],
  };
}

export function renderSarif(report: Report, catalog?: Catalog, ruleTitles?: ReadonlyMap<string, string>): string {
  return `${JSON.stringify(buildSarif(report, catalog, ruleTitles), null, 2)}\n`;
}
