/**
 * Every requirement a gold-image policy can state, one unit each (name,
 * description, check), in the order their findings are reported.
 */
import type { ActivationErrorFact, LicenseFact } from '../model/facts.js';
import type { RequirementName, Requirement, Violation } from './types.js';

const MAX_EVIDENCE = 20;
const SLMGR = 'cscript //nologo %windir%\\system32\\slmgr.vbs';
const SAVE_DLV = `${SLMGR} /dlv > slmgr-dlv.txt`;

function productName(fact: LicenseFact): string {
  return fact.product ?? fact.description ?? fact.activationId ?? 'a product';
}

function newest(times: (string | null)[]): string | null {
  return (
    times
      .filter((t): t is string => t !== null)
      .sort()
      .at(-1) ?? null
  );
}

type ViolationText = Omit<Violation, 'requirement' | 'evidence' | 'time'>;

function fromLicenses(requirement: RequirementName, facts: LicenseFact[], text: ViolationText): Violation {
  return { requirement, ...text, evidence: facts.slice(0, MAX_EVIDENCE).map((f) => f.source), time: newest(facts.map((f) => f.time)) };
}

const isMak = (f: LicenseFact): boolean => f.keyChannel?.toLowerCase() === 'volume:mak' || f.channel?.toUpperCase() === 'VOLUME_MAK';
const isKmsHostKey = (f: LicenseFact): boolean => f.keyChannel?.toLowerCase() === 'volume:csvlk' || /^VOLUME_KMS_/i.test(f.channel ?? '');

/** Checks a field against an allowed list; facts without the field do not count, but at least one must show it. */
function allowedValues(requirement: 'channel' | 'keyChannel', allowed: string[], licenses: LicenseFact[], label: string): Violation | null {
  const known = licenses.filter((f) => f[requirement] !== null);
  const list = allowed.join(', ');
  if (known.length === 0) {
    return fromLicenses(requirement, licenses, {
      title: `The ${label} cannot be confirmed`,
      cause: `No license block shows a ${label}; the policy requires ${list}.`,
      resolution: 'Save the full output of slmgr /dlv (it prints the channel) and check again.',
      nextCommand: SAVE_DLV,
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
    nextCommand: `${SLMGR} /ipk <product key>`,
  });
}

/** The violation when a requirement reads license blocks and the evidence has none. */
export function missingLicenseEvidence(products: string[] | undefined, files: readonly string[]): Violation {
  const scope = products ? ` for ${products.join(' or ')}` : '';
  return {
    requirement: 'licenseEvidence',
    title: 'No license evidence for the image',
    cause: `No installed license block${scope} was found, so the policy cannot be checked.`,
    resolution: 'Save slmgr /dlv (and ospp /dstatus for Office) from the image next to its event log.',
    nextCommand: SAVE_DLV,
    evidence: files.map((file) => ({ file })),
    time: null,
  };
}

const licenseEvidence: Requirement<'licenseEvidence'> = {
  name: 'licenseEvidence',
  description: 'At least one installed license block (slmgr /dlv, ospp /dstatus) must be present.',
  readsLicenses: true,
  // Checked before every requirement that reads licenses (missingLicenseEvidence): with licenses present it holds.
  check: () => null,
};

const channel: Requirement<'channel'> = {
  name: 'channel',
  description: 'Allowed product channels, e.g. VOLUME_KMSCLIENT.',
  readsLicenses: true,
  check: (allowed, { licenses }) => allowedValues('channel', allowed, licenses, 'product channel'),
};

const keyChannel: Requirement<'keyChannel'> = {
  name: 'keyChannel',
  description: 'Allowed product key channels, e.g. Volume:GVLK.',
  readsLicenses: true,
  check: (allowed, { licenses }) => allowedValues('keyChannel', allowed, licenses, 'key channel'),
};

const noMakKey: Requirement<'noMakKey'> = {
  name: 'noMakKey',
  description: 'No product may carry a MAK (Volume:MAK or VOLUME_MAK).',
  readsLicenses: true,
  check(wanted, { licenses }) {
    const mak = licenses.filter(isMak);
    if (!wanted || mak.length === 0) return null;
    return fromLicenses('noMakKey', mak, {
      title: 'A MAK is installed on the image',
      cause: `${mak.map(productName).join('; ')} carries a Multiple Activation Key; every clone would use up a MAK activation or fail to find KMS.`,
      resolution: "Install the edition's generic volume license key (GVLK) instead of the MAK.",
      nextCommand: `${SLMGR} /ipk <GVLK for this edition>`,
    });
  },
};

const noKmsHostKey: Requirement<'noKmsHostKey'> = {
  name: 'noKmsHostKey',
  description: 'No product may carry a KMS host key (Volume:CSVLK or a VOLUME_KMS_* channel).',
  readsLicenses: true,
  check(wanted, { licenses }) {
    const host = licenses.filter(isKmsHostKey);
    if (!wanted || host.length === 0) return null;
    return fromLicenses('noKmsHostKey', host, {
      title: 'A KMS host key is installed on the image',
      cause: `${host.map((f) => `${productName(f)} (${f.keyChannel ?? f.channel})`).join('; ')} carries a KMS host key (CSVLK); every clone would become a KMS host.`,
      resolution: 'Install the generic volume license key (GVLK) for a KMS client, or a MAK, instead of the host key.',
      nextCommand: `${SLMGR} /ipk <GVLK for this edition>`,
    });
  },
};

const notActivated: Requirement<'notActivated'> = {
  name: 'notActivated',
  description: 'No product may be licensed (activated) on the image.',
  readsLicenses: true,
  check(wanted, { licenses }) {
    const licensed = licenses.filter((f) => f.licenseStatus === 'licensed');
    if (!wanted || licensed.length === 0) return null;
    return fromLicenses('notActivated', licensed, {
      title: 'The image is already activated',
      cause: `${licensed.map(productName).join('; ')} is licensed on the image; the policy wants an image captured before activation.`,
      resolution: 'Capture the image before activating it, or generalise it with sysprep so clones activate on their own.',
      nextCommand: '%windir%\\system32\\sysprep\\sysprep.exe /generalize /oobe /shutdown',
    });
  },
};

const noRegisteredKmsHost: Requirement<'noRegisteredKmsHost'> = {
  name: 'noRegisteredKmsHost',
  description: 'No KMS host may be set with slmgr /skms (clones should use DNS discovery).',
  readsLicenses: true,
  check(wanted, { licenses }) {
    const pinned = licenses.filter((f) => f.kmsClient?.registeredHost);
    if (!wanted || pinned.length === 0) return null;
    const hosts = [...new Set(pinned.map((f) => `${f.kmsClient!.registeredHost}${f.kmsClient!.registeredPort ? `:${f.kmsClient!.registeredPort}` : ''}`))];
    return fromLicenses('noRegisteredKmsHost', pinned, {
      title: 'A KMS host is hard-coded on the image',
      cause: `slmgr /skms set ${hosts.join(', ')} on the image, so clones skip DNS discovery of _vlmcs._tcp.`,
      resolution: 'Clear the registered KMS host so clones find a host through DNS.',
      nextCommand: `${SLMGR} /ckms`,
    });
  },
};

const minRearmCount: Requirement<'minRearmCount'> = {
  name: 'minRearmCount',
  description: 'Remaining Windows and SKU rearm counts must be at least this.',
  readsLicenses: true,
  check(min, { licenses }) {
    const known = licenses.filter((f) => f.rearmWindows !== null || f.rearmSku !== null);
    const counts = (f: LicenseFact): number[] => [f.rearmWindows, f.rearmSku].filter((n): n is number => n !== null);
    if (known.length === 0) {
      return fromLicenses('minRearmCount', licenses, {
        title: 'The remaining rearm count cannot be confirmed',
        cause: `No license block shows a remaining rearm count; the policy requires at least ${min}.`,
        resolution: 'Save the full output of slmgr /dlv (it prints the rearm counts) and check again.',
        nextCommand: SAVE_DLV,
      });
    }
    const low = known.filter((f) => Math.min(...counts(f)) < min);
    if (low.length === 0) return null;
    return fromLicenses('minRearmCount', low, {
      title: `Fewer than ${min} rearm${min === 1 ? '' : 's'} left`,
      cause: `${low.map((f) => `${productName(f)} has ${Math.min(...counts(f))} rearm(s) left`).join('; ')}; the policy requires at least ${min}, and sysprep /generalize uses one.`,
      resolution: 'Rebuild the image from installation media; a used-up rearm count cannot be restored.',
      nextCommand: `${SLMGR} /dlv`,
    });
  },
};

const noErrorEvents: Requirement<'noErrorEvents'> = {
  name: 'noErrorEvents',
  description: 'No activation-error facts (event 8198 and kin, Error: lines).',
  readsLicenses: false,
  check(wanted, { facts }) {
    const errors = facts.filter((f): f is ActivationErrorFact => f.kind === 'activation-error');
    if (!wanted || errors.length === 0) return null;
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
  },
};

const noErrorFindings: Requirement<'noErrorFindings'> = {
  name: 'noErrorFindings',
  description: 'No open error findings from the rules.',
  readsLicenses: false,
  check(wanted, { findings }) {
    const open = findings.filter((f) => f.severity === 'error' && !f.recovered && !f.ruleId.startsWith('policy/'));
    if (!wanted || open.length === 0) return null;
    return {
      requirement: 'noErrorFindings',
      title: 'The image has open activation errors',
      cause: `${open.map((f) => (f.code ? `${f.code} ${f.title}` : f.title)).join('; ')}.`,
      resolution: 'Fix the errors reported for this machine before capturing the image.',
      nextCommand: open.find((f) => f.nextCommand)?.nextCommand ?? null,
      evidence: open.flatMap((f) => f.evidence).slice(0, MAX_EVIDENCE),
      time: newest(open.map((f) => f.time)),
    };
  },
};

/** Every requirement, in report order. */
export const REQUIREMENTS: readonly Requirement[] = [
  licenseEvidence,
  channel,
  keyChannel,
  noMakKey,
  noKmsHostKey,
  notActivated,
  noRegisteredKmsHost,
  minRearmCount,
  noErrorEvents,
  noErrorFindings,
] as unknown as readonly Requirement[];

/** `noMakKey` → `policy/no-mak-key`: the finding's rule id. */
export function requirementRuleId(name: RequirementName): string {
  return `policy/${name.replace(/[A-Z]/g, (ch) => `-${ch.toLowerCase()}`)}`;
}
