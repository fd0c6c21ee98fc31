/**
 * Every requirement a gold-image policy can state, one unit each (name,
 * description, check), in the order their findings are reported.
 */
import type { ActivationErrorFact, LicenseFact } from '../model/facts.js';
import type { RequirementName, Requirement, Violation } from './types.js';
import { joinGroups, t } from '../i18n/index.js';

const MAX_EVIDENCE = 20;
const SLMGR = 'cscript //nologo %windir%\\system32\\slmgr.vbs';
const SAVE_DLV = `${SLMGR} /dlv > slmgr-dlv.txt`;

function productName(fact: LicenseFact): string {
  return fact.product ?? fact.description ?? fact.activationId ?? t('policy.aProduct');
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
function allowedValues(requirement: 'channel' | 'keyChannel', allowed: string[], licenses: LicenseFact[]): Violation | null {
  const known = licenses.filter((f) => f[requirement] !== null);
  const list = allowed.join(', ');
  const label = t(`policy.label.${requirement}`);
  if (known.length === 0) {
    return fromLicenses(requirement, licenses, {
      title: t('policy.unconfirmed.title', { label }),
      cause: t('policy.unconfirmed.cause', { label, list }),
      resolution: t('policy.unconfirmed.resolution'),
      nextCommand: SAVE_DLV,
    });
  }
  const wanted = new Set(allowed.map((a) => a.toLowerCase()));
  const wrong = known.filter((f) => !wanted.has(f[requirement]!.toLowerCase()));
  if (wrong.length === 0) return null;
  const shown = joinGroups(wrong.map((f) => t('policy.wrong.item', { product: productName(f), value: f[requirement]! })));
  return fromLicenses(requirement, wrong, {
    title: t('policy.wrong.title', { label, list }),
    cause: t('policy.wrong.cause', { shown, list }),
    resolution: t('policy.wrong.resolution', { label, list }),
    nextCommand: `${SLMGR} /ipk <product key>`,
  });
}

/** The violation when a requirement reads license blocks and the evidence has none. */
export function missingLicenseEvidence(products: string[] | undefined, files: readonly string[]): Violation {
  const scope = products ? t('policy.noLicense.scope', { products: products.join(t('policy.or')) }) : '';
  return {
    requirement: 'licenseEvidence',
    title: t('policy.noLicense.title'),
    cause: t('policy.noLicense.cause', { scope }),
    resolution: t('policy.noLicense.resolution'),
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
  check: (allowed, { licenses }) => allowedValues('channel', allowed, licenses),
};

const keyChannel: Requirement<'keyChannel'> = {
  name: 'keyChannel',
  description: 'Allowed product key channels, e.g. Volume:GVLK.',
  readsLicenses: true,
  check: (allowed, { licenses }) => allowedValues('keyChannel', allowed, licenses),
};

const noMakKey: Requirement<'noMakKey'> = {
  name: 'noMakKey',
  description: 'No product may carry a MAK (Volume:MAK or VOLUME_MAK).',
  readsLicenses: true,
  check(wanted, { licenses }) {
    const mak = licenses.filter(isMak);
    if (!wanted || mak.length === 0) return null;
    return fromLicenses('noMakKey', mak, {
      title: t('policy.mak.title'),
      cause: t('policy.mak.cause', { products: joinGroups(mak.map(productName)) }),
      resolution: t('policy.mak.resolution'),
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
      title: t('policy.kmsHostKey.title'),
      cause: t('policy.kmsHostKey.cause', { products: joinGroups(host.map((f) => `${productName(f)} (${f.keyChannel ?? f.channel})`)) }),
      resolution: t('policy.kmsHostKey.resolution'),
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
      title: t('policy.activated.title'),
      cause: t('policy.activated.cause', { products: joinGroups(licensed.map(productName)) }),
      resolution: t('policy.activated.resolution'),
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
      title: t('policy.registeredHost.title'),
      cause: t('policy.registeredHost.cause', { hosts: hosts.join(', ') }),
      resolution: t('policy.registeredHost.resolution'),
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
        title: t('policy.rearmUnconfirmed.title'),
        cause: t('policy.rearmUnconfirmed.cause', { min }),
        resolution: t('policy.rearmUnconfirmed.resolution'),
        nextCommand: SAVE_DLV,
      });
    }
    const low = known.filter((f) => Math.min(...counts(f)) < min);
    if (low.length === 0) return null;
    return fromLicenses('minRearmCount', low, {
      title: t('policy.rearmLow.title', { min }),
      cause: t('policy.rearmLow.cause', {
        items: joinGroups(low.map((f) => t('policy.rearmLow.item', { product: productName(f), count: Math.min(...counts(f)) }))),
        min,
      }),
      resolution: t('policy.rearmLow.resolution'),
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
      title: t('policy.errorEvents.title'),
      cause: t('policy.errorEvents.cause', { count: errors.length, codes: codes.join(', ') }),
      resolution: t('policy.errorEvents.resolution'),
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
      title: t('policy.errorFindings.title'),
      cause: joinGroups(open.map((f) => (f.code ? `${f.code} ${f.title}` : f.title))) + t('punctuation.fullStop'),
      resolution: t('policy.errorFindings.resolution'),
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
