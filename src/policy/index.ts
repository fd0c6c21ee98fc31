/**
 * Gold-image policies: what a machine's license evidence must show before an
 * image ships. A policy is YAML validated against schema/policy.schema.json;
 * every violated requirement becomes an error finding `policy/<requirement>`.
 */
import { readFileSync } from 'node:fs';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { parseDocument } from 'yaml';
import type { ActivationErrorFact, Fact, LicenseFact, SourceRef } from '../model/facts.js';
import type { Finding, MachineReport, Report } from '../model/report.js';
import { rebuildReport } from '../pipeline/assemble.js';
import { compileSchema } from '../report/schema.js';

export interface PolicyRequirements {
  /** At least one installed license block must be in the evidence. */
  licenseEvidence?: boolean;
  /** Allowed product channels (`VOLUME_KMSCLIENT`, `VOLUME_MAK`, …). */
  channel?: string[];
  /** Allowed product key channels (`Volume:GVLK`, `Volume:MAK`, …). */
  keyChannel?: string[];
  noMakKey?: boolean;
  noKmsHostKey?: boolean;
  /** No product may already be licensed (activated). */
  notActivated?: boolean;
  /** No KMS host set with `slmgr /skms`. */
  noRegisteredKmsHost?: boolean;
  minRearmCount?: number;
  noErrorEvents?: boolean;
  noErrorFindings?: boolean;
}

export type RequirementName = keyof PolicyRequirements;

export interface Policy {
  name: string;
  description?: string;
  /** Only license blocks whose product or description contains one of these (case-insensitive). */
  products?: string[];
  require: PolicyRequirements;
}

/** A policy file that cannot be used: names the file and the field. */
export class PolicyError extends Error {
  constructor(
    readonly file: string,
    readonly field: string | null,
    detail: string,
  ) {
    super(`${file}: ${field ? `${field}: ` : ''}${detail}`);
    this.name = 'PolicyError';
  }
}

let policyValidator: ValidateFunction | undefined;

function fieldOf(error: ErrorObject): string | null {
  const path = error.instancePath.split('/').filter(Boolean).join('.');
  const extra = (error.params as { additionalProperty?: string; missingProperty?: string }).additionalProperty ?? (error.params as { missingProperty?: string }).missingProperty;
  if (extra) return path ? `${path}.${extra}` : extra;
  return path || null;
}

function describeSchemaError(error: ErrorObject): string {
  if (error.keyword === 'additionalProperties') return 'unknown field (check the spelling against schema/policy.schema.json)';
  if (error.keyword === 'required') return 'is required';
  return error.message ?? error.keyword;
}

/** Parses and validates policy YAML; `file` is used in error messages only. */
export function parsePolicy(text: string, file: string): Policy {
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    const line = first.linePos?.[0]?.line;
    throw new PolicyError(file, null, `invalid YAML${line ? ` at line ${line}` : ''}: ${first.message.split('\n')[0]}`);
  }
  const value: unknown = doc.toJS();
  policyValidator ??= compileSchema('policy.schema.json');
  if (!policyValidator(value)) {
    const error = policyValidator.errors![0]!;
    throw new PolicyError(file, fieldOf(error), describeSchemaError(error));
  }
  return value as Policy;
}

export function loadPolicy(file: string): Policy {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new PolicyError(file, null, `cannot read the policy: ${(err as Error).message}`);
  }
  return parsePolicy(text, file);
}

const LICENSE_REQUIREMENTS: readonly RequirementName[] = [
  'licenseEvidence', 'channel', 'keyChannel', 'noMakKey', 'noKmsHostKey', 'notActivated', 'noRegisteredKmsHost', 'minRearmCount',
];
const MAX_EVIDENCE = 20;

function ruleId(requirement: RequirementName): string {
  return `policy/${requirement.replace(/[A-Z]/g, (ch) => `-${ch.toLowerCase()}`)}`;
}

function productName(fact: LicenseFact): string {
  return fact.product ?? fact.description ?? fact.activationId ?? 'a product';
}

/** Installed license blocks the policy is about. */
export function relevantLicenses(policy: Policy, facts: readonly Fact[]): LicenseFact[] {
  const words = policy.products?.map((p) => p.toLowerCase());
  return facts.filter((fact): fact is LicenseFact => {
    if (fact.kind !== 'license' || fact.keyInstalled === false) return false;
    if (!words) return true;
    const text = `${fact.product ?? ''} ${fact.description ?? ''}`.toLowerCase();
    return words.some((w) => text.includes(w));
  });
}

interface Violation {
  requirement: RequirementName;
  title: string;
  cause: string;
  resolution: string;
  nextCommand: string | null;
  evidence: SourceRef[];
  time: string | null;
}

const isMak = (f: LicenseFact): boolean => f.keyChannel?.toLowerCase() === 'volume:mak' || f.channel?.toUpperCase() === 'VOLUME_MAK';
const isKmsHostKey = (f: LicenseFact): boolean => f.keyChannel?.toLowerCase() === 'volume:csvlk' || /^VOLUME_KMS_/i.test(f.channel ?? '');

function newest(times: (string | null)[]): string | null {
  return times.filter((t): t is string => t !== null).sort().at(-1) ?? null;
}

function fromLicenses(requirement: RequirementName, facts: LicenseFact[], text: Omit<Violation, 'requirement' | 'evidence' | 'time'>): Violation {
  return { requirement, ...text, evidence: facts.slice(0, MAX_EVIDENCE).map((f) => f.source), time: newest(facts.map((f) => f.time)) };
}

/** Checks a field against an allowed list; facts without the field do not count, but at least one must show it. */
function allowedValues(requirement: 'channel' | 'keyChannel', allowed: string[], licenses: LicenseFact[], label: string, nextCommand: string): Violation | null {
  const known = licenses.filter((f) => f[requirement] !== null);
  const list = allowed.join(', ');
  if (known.length === 0) {
    return fromLicenses(requirement, licenses, {
      title: `The ${label} cannot be confirmed`,
      cause: `No license block shows a ${label}; the policy requires ${list}.`,
      resolution: 'Save the full output of slmgr /dlv (it prints the channel) and check again.',
      nextCommand: 'cscript //nologo %windir%\\system32\\slmgr.vbs /dlv > slmgr-dlv.txt',
    });
  }
  const wanted = new Set(allowed.map((a) => a.toLowerCase()));
  const wrong = known.filter((f) => !wanted.has(f[requirement]!.toLowerCase()));
  if (wrong.length === 0) return null;
  const shown = wrong.map((f) => `${productName(f)} has ${f[requirement]}`).join('; ');
  return fromLicenses(requirement, wrong, {
    title: `Wrong ${label}: ${list} required`,
    cause: `${shown}; the policy requires ${list}.`,
    resolution: `Install a key of the ${list} ${label} on the image before capturing it.`,
    nextCommand,
  });
}

function licenseViolations(req: PolicyRequirements, licenses: LicenseFact[]): Violation[] {
  const out: (Violation | null)[] = [];
  if (req.channel) out.push(allowedValues('channel', req.channel, licenses, 'product channel', 'cscript //nologo %windir%\\system32\\slmgr.vbs /ipk <product key>'));
  if (req.keyChannel) out.push(allowedValues('keyChannel', req.keyChannel, licenses, 'key channel', 'cscript //nologo %windir%\\system32\\slmgr.vbs /ipk <product key>'));
  const mak = licenses.filter(isMak);
  if (req.noMakKey && mak.length) {
    out.push(fromLicenses('noMakKey', mak, {
      title: 'A MAK is installed on the image',
      cause: `${mak.map(productName).join('; ')} carries a Multiple Activation Key; every clone would use up a MAK activation or fail to find KMS.`,
      resolution: 'Install the edition\'s generic volume license key (GVLK) instead of the MAK.',
      nextCommand: 'cscript //nologo %windir%\\system32\\slmgr.vbs /ipk <GVLK for this edition>',
    }));
  }
  const host = licenses.filter(isKmsHostKey);
  if (req.noKmsHostKey && host.length) {
    out.push(fromLicenses('noKmsHostKey', host, {
      title: 'A KMS host key is installed on the image',
      cause: `${host.map((f) => `${productName(f)} (${f.keyChannel ?? f.channel})`).join('; ')} carries a KMS host key (CSVLK); every clone would become a KMS host.`,
      resolution: 'Install the generic volume license key (GVLK) for a KMS client, or a MAK, instead of the host key.',
      nextCommand: 'cscript //nologo %windir%\\system32\\slmgr.vbs /ipk <GVLK for this edition>',
    }));
  }
  const licensed = licenses.filter((f) => f.licenseStatus === 'licensed');
  if (req.notActivated && licensed.length) {
    out.push(fromLicenses('notActivated', licensed, {
      title: 'The image is already activated',
      cause: `${licensed.map(productName).join('; ')} is licensed on the image; the policy wants an image captured before activation.`,
      resolution: 'Capture the image before activating it, or generalise it with sysprep so clones activate on their own.',
      nextCommand: '%windir%\\system32\\sysprep\\sysprep.exe /generalize /oobe /shutdown',
    }));
  }
  const pinned = licenses.filter((f) => f.kmsClient?.registeredHost);
  if (req.noRegisteredKmsHost && pinned.length) {
    const hosts = [...new Set(pinned.map((f) => `${f.kmsClient!.registeredHost}${f.kmsClient!.registeredPort ? `:${f.kmsClient!.registeredPort}` : ''}`))];
    out.push(fromLicenses('noRegisteredKmsHost', pinned, {
      title: 'A KMS host is hard-coded on the image',
      cause: `slmgr /skms set ${hosts.join(', ')} on the image, so clones skip DNS discovery of _vlmcs._tcp.`,
      resolution: 'Clear the registered KMS host so clones find a host through DNS.',
      nextCommand: 'cscript //nologo %windir%\\system32\\slmgr.vbs /ckms',
    }));
  }
  if (req.minRearmCount !== undefined) out.push(rearmViolation(req.minRearmCount, licenses));
  return out.filter((v): v is Violation => v !== null);
}

function rearmViolation(min: number, licenses: LicenseFact[]): Violation | null {
  const known = licenses.filter((f) => f.rearmWindows !== null || f.rearmSku !== null);
  const counts = (f: LicenseFact): number[] => [f.rearmWindows, f.rearmSku].filter((n): n is number => n !== null);
  if (known.length === 0) {
    return fromLicenses('minRearmCount', licenses, {
      title: 'The remaining rearm count cannot be confirmed',
      cause: `No license block shows a remaining rearm count; the policy requires at least ${min}.`,
      resolution: 'Save the full output of slmgr /dlv (it prints the rearm counts) and check again.',
      nextCommand: 'cscript //nologo %windir%\\system32\\slmgr.vbs /dlv > slmgr-dlv.txt',
    });
  }
  const low = known.filter((f) => Math.min(...counts(f)) < min);
  if (low.length === 0) return null;
  return fromLicenses('minRearmCount', low, {
    title: `Fewer than ${min} rearm${min === 1 ? '' : 's'} left`,
    cause: `${low.map((f) => `${productName(f)} has ${Math.min(...counts(f))} rearm(s) left`).join('; ')}; the policy requires at least ${min}, and sysprep /generalize uses one.`,
    resolution: 'Rebuild the image from installation media; a used-up rearm count cannot be restored.',
    nextCommand: 'cscript //nologo %windir%\\system32\\slmgr.vbs /dlv',
  });
}

function errorEventViolation(facts: readonly Fact[]): Violation | null {
  const errors = facts.filter((f): f is ActivationErrorFact => f.kind === 'activation-error');
  if (errors.length === 0) return null;
  const codes = [...new Set(errors.map((f) => f.hresult))];
  return {
    requirement: 'noErrorEvents',
    title: 'Activation errors were logged on the image',
    cause: `${errors.length} activation error(s) were logged (${codes.join(', ')}); the policy requires none.`,
    resolution: 'Find out why activation failed (see the other findings), fix it, clear the log and capture again.',
    nextCommand: `activation-doctor explain ${codes[0]}`,
    evidence: errors.slice(0, MAX_EVIDENCE).map((f) => f.source),
    time: newest(errors.map((f) => f.time)),
  };
}

function errorFindingViolation(findings: readonly Finding[]): Violation | null {
  const open = findings.filter((f) => f.severity === 'error' && !f.recovered && !f.ruleId.startsWith('policy/'));
  if (open.length === 0) return null;
  return {
    requirement: 'noErrorFindings',
    title: 'The image has open activation errors',
    cause: `${open.map((f) => (f.code ? `${f.code} ${f.title}` : f.title)).join('; ')}.`,
    resolution: 'Fix the errors reported for this machine before capturing the image.',
    nextCommand: open.find((f) => f.nextCommand)?.nextCommand ?? null,
    evidence: open.flatMap((f) => f.evidence).slice(0, MAX_EVIDENCE),
    time: newest(open.map((f) => f.time)),
  };
}

function toFinding(policy: Policy, machine: MachineReport, v: Violation): Finding {
  return {
    ruleId: ruleId(v.requirement),
    severity: 'error',
    code: null,
    title: v.title,
    cause: `${machine.name}: ${v.cause} (policy ${policy.name})`,
    resolution: v.resolution,
    nextCommand: v.nextCommand,
    time: v.time,
    recovered: false,
    evidence: v.evidence,
  };
}

/** The violated requirements of one machine. */
export function checkMachine(policy: Policy, machine: MachineReport): Finding[] {
  const req = policy.require;
  const licenses = relevantLicenses(policy, machine.facts);
  const violations: (Violation | null)[] = [];
  const wantsLicenses = LICENSE_REQUIREMENTS.some((name) => req[name] !== undefined && req[name] !== false);
  if (wantsLicenses && licenses.length === 0) {
    const scope = policy.products ? ` for ${policy.products.join(' or ')}` : '';
    violations.push({
      requirement: 'licenseEvidence',
      title: 'No license evidence for the image',
      cause: `No installed license block${scope} was found, so the policy cannot be checked.`,
      resolution: 'Save slmgr /dlv (and ospp /dstatus for Office) from the image next to its event log.',
      nextCommand: 'cscript //nologo %windir%\\system32\\slmgr.vbs /dlv > slmgr-dlv.txt',
      evidence: machine.files.map((file) => ({ file })),
      time: null,
    });
  } else {
    violations.push(...licenseViolations(req, licenses));
  }
  if (req.noErrorEvents) violations.push(errorEventViolation(machine.facts));
  if (req.noErrorFindings) violations.push(errorFindingViolation(machine.findings));
  return violations.filter((v): v is Violation => v !== null).map((v) => toFinding(policy, machine, v));
}

/** Every violated requirement on every machine, machine by machine (each cause starts with the machine name). */
export function checkPolicy(policy: Policy, machines: MachineReport[]): Finding[] {
  return machines.flatMap((machine) => checkMachine(policy, machine));
}

/** The report with policy findings added to each machine; order, verdicts and summary come from the report model again. */
export function applyPolicy(policy: Policy, report: Report): Report {
  const machines = report.machines.map((machine) => ({ ...machine, findings: [...machine.findings, ...checkMachine(policy, machine)] }));
  return rebuildReport(report, machines);
}
