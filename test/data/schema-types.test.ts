/**
 * Each JSON schema in schema/ against the TypeScript type it describes, so the
 * two cannot drift: every property list below is checked by the compiler
 * against the type (allKeys: a key missing or extra fails `tsc`) and by this
 * test against the schema. Values produced by the code are validated against
 * the schemas elsewhere: the built-in catalog and policies by the build, every
 * scanned report in test/e2e and the fuzz checks, policy reports in test/policy.
 */
import { describe, expect, it } from '@jest/globals';
import type { CatalogEntry, ResolutionStep } from '../../src/catalog/catalog.js';
import { readSchema, schemaProblems, type SchemaName } from '../../src/data/schema.js';
import { FIELDS_BY_KIND } from '../../src/engine/fields.js';
import type { ExpectedFinding, JoinSource, RuleMessages, RuleSource } from '../../src/engine/types.js';
import type { FACT_KINDS, KmsClientInfo, KmsHostRequestCounters, SourceRef } from '../../src/model/facts.js';
import type { FileReport, Finding, MachineReport, Problem, Report, ReportSummary } from '../../src/model/report.js';
import { builtinPolicies } from '../../src/policy/index.js';
import type { Policy, PolicyRequirements } from '../../src/policy/types.js';
import { loadCatalog } from '../../src/catalog/catalog.js';

type Missing<T, L extends readonly PropertyKey[]> = Exclude<keyof T, L[number]>;

/** Every key of T, no more and no less, or the list does not compile. */
function allKeys<T>() {
  return <const L extends readonly (keyof T)[]>(list: L & ([Missing<T, L>] extends [never] ? unknown : { missing: Missing<T, L> })): string[] =>
    [...(list as readonly PropertyKey[])].map(String).sort();
}

interface ObjectSchema {
  properties?: Record<string, ObjectSchema>;
  items?: ObjectSchema;
  definitions?: Record<string, ObjectSchema>;
}

function propertiesOf(name: SchemaName, ...path: string[]): string[] {
  let node = readSchema(name) as unknown as ObjectSchema;
  for (const step of path) {
    const next = step === '[]' ? node.items : step.startsWith('#') ? node.definitions?.[step.slice(1)] : node.properties?.[step];
    if (!next) throw new Error(`schema/${name}.schema.json has no ${path.join(' → ')}`);
    node = next;
  }
  return Object.keys(node.properties ?? {}).sort();
}

describe('schema/rule.schema.json ↔ RuleSource (src/engine/types.ts)', () => {
  it('a rule', () => {
    expect(propertiesOf('rule', '#rule')).toEqual(
      allKeys<RuleSource>()([
        'id',
        'title',
        'description',
        'severity',
        'scope',
        'kinds',
        'where',
        'join',
        'groupBy',
        'aggregate',
        'having',
        'overall',
        'code',
        'codeFrom',
        'fallback',
        'supersedes',
        'recoverable',
        'recoveredBy',
        'attachToMachines',
        'subject',
        'messages',
        'tests',
      ]),
    );
  });
  it('its joins, recovery, messages and test cases', () => {
    expect(propertiesOf('rule', '#join')).toEqual(allKeys<JoinSource>()(['as', 'kinds', 'where', 'direction', 'withinMinutes', 'sameFields', 'undated']));
    expect(propertiesOf('rule', '#rule', 'recoveredBy')).toEqual(allKeys<NonNullable<RuleSource['recoveredBy']>>()(['kinds', 'where']));
    expect(propertiesOf('rule', '#rule', 'messages')).toEqual(
      allKeys<RuleMessages>()(['title', 'cause', 'resolution', 'nextCommand', 'recovered', 'group', 'runOnCommand', 'runOnMachines']),
    );
    expect(propertiesOf('rule', '#rule', 'tests')).toEqual(allKeys<RuleSource['tests']>()(['valid', 'invalid']));
    expect(propertiesOf('rule', '#validCase')).toEqual(allKeys<RuleSource['tests']['valid'][number]>()(['name', 'facts']));
    expect(propertiesOf('rule', '#invalidCase')).toEqual(allKeys<RuleSource['tests']['invalid'][number]>()(['name', 'facts', 'findings']));
    expect(propertiesOf('rule', '#invalidCase', 'findings', '[]')).toEqual(
      allKeys<ExpectedFinding>()([
        'machine',
        'code',
        'severity',
        'recovered',
        'titleIncludes',
        'causeIncludes',
        'resolutionIncludes',
        'nextCommand',
        'runOnCommand',
      ]),
    );
  });
});

describe('schema/catalog-entry.schema.json ↔ CatalogEntry', () => {
  it('an entry', () => {
    expect(propertiesOf('catalog-entry')).toEqual(
      allKeys<CatalogEntry>()(['code', 'name', 'message', 'title', 'appliesTo', 'coverage', 'causes', 'resolution', 'related', 'facts', 'events', 'sources']),
    );
  });
  it('a resolution step', () => {
    expect(propertiesOf('catalog-entry', 'resolution', '[]')).toEqual(allKeys<ResolutionStep>()(['step', 'command']));
  });
  it('accepts every built-in entry', () => {
    for (const entry of loadCatalog().values()) expect(schemaProblems('catalog-entry', entry)).toEqual([]);
  });
});

describe('schema/policy.schema.json ↔ Policy', () => {
  it('a policy and its requirements', () => {
    expect(propertiesOf('policy')).toEqual(allKeys<Policy>()(['name', 'description', 'products', 'require']));
    expect(propertiesOf('policy', 'require')).toEqual(
      allKeys<PolicyRequirements>()([
        'licenseEvidence',
        'channel',
        'keyChannel',
        'noMakKey',
        'noKmsHostKey',
        'notActivated',
        'noRegisteredKmsHost',
        'minRearmCount',
        'noErrorEvents',
        'noErrorFindings',
      ]),
    );
  });
  it('accepts every built-in policy', () => {
    for (const { policy } of builtinPolicies()) expect(schemaProblems('policy', policy)).toEqual([]);
  });
});

describe('schema/report.schema.json ↔ Report (src/model/report.ts, facts.ts)', () => {
  it('the report and its summary', () => {
    expect(propertiesOf('report')).toEqual(allKeys<Report>()(['schemaVersion', 'tool', 'lang', 'files', 'machines', 'fleetFindings', 'summary', 'inventory']));
    expect(propertiesOf('report', 'tool')).toEqual(allKeys<Report['tool']>()(['name', 'version']));
    expect(propertiesOf('report', 'summary')).toEqual(
      allKeys<ReportSummary>()(['files', 'machines', 'errors', 'warnings', 'infos', 'recovered', 'filesByStatus', 'machinesByVerdict']),
    );
  });
  it('files, machines, findings, evidence', () => {
    expect(propertiesOf('report', '#fileReport')).toEqual(
      allKeys<FileReport>()(['path', 'kind', 'encoding', 'status', 'machine', 'size', 'facts', 'problems']),
    );
    expect(propertiesOf('report', '#problem')).toEqual(allKeys<Problem>()(['code', 'message', 'line', 'byte']));
    expect(propertiesOf('report', '#machineReport')).toEqual(
      allKeys<MachineReport>()(['name', 'verdict', 'status', 'note', 'outsideWindow', 'files', 'facts', 'findings']),
    );
    expect(propertiesOf('report', '#finding')).toEqual(
      allKeys<Finding>()([
        'ruleId',
        'severity',
        'code',
        'title',
        'cause',
        'resolution',
        'nextCommand',
        'time',
        'recovered',
        'evidence',
        'moreEvidence',
        'machines',
        'runOn',
      ]),
    );
    expect(propertiesOf('report', '#sourceRef')).toEqual(allKeys<SourceRef>()(['file', 'line', 'recordId']));
  });
  it('the nested parts of facts', () => {
    expect(propertiesOf('report', '#kmsClientInfo')).toEqual(
      allKeys<KmsClientInfo>()([
        'registeredHost',
        'registeredPort',
        'dnsHost',
        'dnsPort',
        'dnsDiscoveryFailed',
        'srvDomain',
        'hostIp',
        'hostExtendedPid',
        'cmid',
        'activationInterval',
        'renewalInterval',
        'hostCaching',
      ]),
    );
    expect(propertiesOf('report', '#kmsHostRequestCounters')).toEqual(
      allKeys<KmsHostRequestCounters>()(['total', 'failed', 'unlicensed', 'licensed', 'initialGrace', 'expiredOrHwid', 'nonGenuineGrace', 'notification']),
    );
  });
  it.each(Object.keys(FIELDS_BY_KIND) as (typeof FACT_KINDS)[number][])('fact %s: the fields rules read (FIELDS_BY_KIND, checked against facts.ts)', (kind) => {
    expect(propertiesOf('report', `#fact-${kind}`)).toEqual([...FIELDS_BY_KIND[kind]].sort());
  });
});
