/**
 * Gold-image policies: what a machine's license evidence must show before an
 * image ships. A policy is YAML validated against schema/policy.schema.json;
 * every violated requirement (src/policy/requirements.ts) becomes an error
 * finding `policy/<requirement>`.
 */
import { isLanguage, t, withLanguage } from '../i18n/index.js';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { builtinData, builtinPath, storedPath } from '../data/builtin.js';
import { DataFileError } from '../data/errors.js';
import { dataFiles, readDataFile } from '../data/load.js';
import { POLICIES_DIR } from '../data/paths.js';
import { assertSchema } from '../data/schema.js';
import { parseYaml, type YamlData } from '../data/yaml.js';
import type { Fact, LicenseFact } from '../model/facts.js';
import type { Finding, MachineReport, Report } from '../model/report.js';
import { rebuildReport } from '../pipeline/assemble.js';
import { missingLicenseEvidence, REQUIREMENTS, requirementRuleId } from './requirements.js';
import type { Policy, Violation } from './types.js';

export type { Policy } from './types.js';

/** Parses and validates policy YAML; `file` is used in error messages only. */
export function parsePolicy(text: string, file: string): Policy {
  return validPolicy(parseYaml(text, file), file);
}

/**
 * A policy file, or a built-in policy by name (`kms-client-image`) when no such file exists.
 * A built-in policy, by name or by its path under policies/, comes validated from the build.
 */
export function loadPolicy(fileOrName: string): Policy {
  const shipped = builtinData()?.policies.find(({ file }) => resolve(builtinPath(file)) === resolve(fileOrName));
  if (shipped) return shipped.policy;
  if (!existsSync(fileOrName) && /^[a-z0-9][a-z0-9-]*$/.test(fileOrName)) {
    const builtins = builtinPolicies();
    const builtin = builtins.find(({ policy }) => policy.name === fileOrName);
    if (builtin) return builtin.policy;
    const names = builtins.map(({ policy }) => policy.name).join(', ');
    throw new DataFileError(fileOrName, '', t('dataFile.noSuchPolicy', { names }));
  }
  return readPolicyFile(fileOrName);
}

/** The shipped policies (policies/*.yaml), with their paths relative to the package. */
export function builtinPolicies(): { file: string; policy: Policy }[] {
  const builtin = builtinData();
  return builtin ? builtin.policies : readPolicyDir();
}

/** Every policy of policies/, validated (the build stores them). */
export function readPolicyDir(): { file: string; policy: Policy }[] {
  return dataFiles(POLICIES_DIR, /\.ya?ml$/i, 'policies').map((file) => ({ file: storedPath(file), policy: readPolicyFile(file) }));
}

function readPolicyFile(file: string): Policy {
  return validPolicy(readDataFile(file), file);
}

function validPolicy(source: YamlData, file: string): Policy {
  assertSchema('policy', source.value, file, source);
  return source.value as Policy;
}

/** Installed license blocks the policy is about. */
function relevantLicenses(policy: Policy, facts: readonly Fact[]): LicenseFact[] {
  const words = policy.products?.map((p) => p.toLowerCase());
  return facts.filter((fact): fact is LicenseFact => {
    if (fact.kind !== 'license' || fact.keyInstalled === false) return false;
    if (!words) return true;
    const text = `${fact.product ?? ''} ${fact.description ?? ''}`.toLowerCase();
    return words.some((w) => text.includes(w));
  });
}

function toFinding(policy: Policy, machine: MachineReport, v: Violation): Finding {
  return {
    ruleId: requirementRuleId(v.requirement),
    severity: 'error',
    code: null,
    title: v.title,
    cause: t('policy.findingCause', { machine: machine.name, cause: v.cause, policy: policy.name }),
    resolution: v.resolution,
    nextCommand: v.nextCommand,
    time: v.time,
    recovered: false,
    evidence: v.evidence,
  };
}

/** The violated requirements of one machine. */
function checkMachine(policy: Policy, machine: MachineReport): Finding[] {
  const evidence = { licenses: relevantLicenses(policy, machine.facts), facts: machine.facts, findings: machine.findings };
  const stated = REQUIREMENTS.filter((requirement) => {
    const value = policy.require[requirement.name];
    return value !== undefined && value !== false;
  });
  const licensesMissing = evidence.licenses.length === 0 && stated.some((requirement) => requirement.readsLicenses);
  const violations: Violation[] = licensesMissing ? [missingLicenseEvidence(policy.products, machine.files)] : [];
  for (const requirement of stated) {
    if (licensesMissing && requirement.readsLicenses) continue;
    const violation = requirement.check(policy.require[requirement.name] as never, evidence);
    if (violation) violations.push(violation);
  }
  return violations.map((v) => toFinding(policy, machine, v));
}

/** Every violated requirement on every machine, machine by machine (each cause starts with the machine name). */
export function checkPolicy(policy: Policy, machines: MachineReport[]): Finding[] {
  return machines.flatMap((machine) => checkMachine(policy, machine));
}

/** The report with policy findings added to each machine; order, verdicts and summary come from the report model again. */
export function applyPolicy(policy: Policy, report: Report): Report {
  // the policy's findings are written in the report's language, like the rest of it
  const lang = report.lang !== undefined && isLanguage(report.lang) ? report.lang : undefined;
  const machines = withLanguage(lang, () =>
    report.machines.map((machine) => ({ ...machine, findings: [...machine.findings, ...checkMachine(policy, machine)] })),
  );
  return rebuildReport(report, machines);
}
