/** The shape of a gold-image policy (schema/policy.schema.json) and of its requirement units. */
import type { Fact, LicenseFact, SourceRef } from '../model/facts.js';
import type { Finding } from '../model/report.js';

export interface PolicyRequirements {
  licenseEvidence?: boolean;
  channel?: string[];
  keyChannel?: string[];
  noMakKey?: boolean;
  noKmsHostKey?: boolean;
  notActivated?: boolean;
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

/** What one machine's evidence offers a requirement. */
interface MachineEvidence {
  /** The installed license blocks the policy is about (its `products`). */
  licenses: LicenseFact[];
  facts: readonly Fact[];
  findings: readonly Finding[];
}

/** One violated requirement, before it becomes a finding. */
export interface Violation {
  requirement: RequirementName;
  title: string;
  cause: string;
  resolution: string;
  nextCommand: string | null;
  evidence: SourceRef[];
  time: string | null;
}

/** A requirement: its name in `require:`, what it asks (for docs/policies.md) and its check. */
export interface Requirement<K extends RequirementName = RequirementName> {
  name: K;
  description: string;
  /** Whether it reads license blocks: without any, the policy reports missing license evidence instead. */
  readsLicenses: boolean;
  check(value: NonNullable<PolicyRequirements[K]>, evidence: MachineEvidence): Violation | null;
}
