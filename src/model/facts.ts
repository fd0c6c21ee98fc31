/**
 * The fact model: the contract between parsers (which emit facts) and rules
 * (which read them). Field names follow ../shared/design/CONTRACT.md; fields a
 * source does not carry are `null`, never guessed.
 */

/** `0x` + 8 upper-case hex digits, e.g. `0xC004F074`. */
export type Hresult = string;

/** Where a fact came from, so every finding can show its evidence. */
export interface SourceRef {
  /** The file path as given on the command line or found under a given folder. */
  file: string;
  /** 1-based line of the event's start tag or of the text line. */
  line?: number;
  /** The event's EventRecordID. */
  recordId?: number;
}

export const LICENSE_STATES = [
  'unlicensed',
  'licensed',
  'oob-grace',
  'oot-grace',
  'nongenuine-grace',
  'notification',
  'extended-grace',
  'unknown',
] as const;
export type LicenseState = (typeof LICENSE_STATES)[number];

/** SoftwareLicensingProduct.LicenseStatus numbering, used by 12288/12290 and WMI. */
export function licenseStateFromCode(code: number | null | undefined): LicenseState | null {
  if (code === null || code === undefined || !Number.isInteger(code)) return null;
  return LICENSE_STATES[code] && code <= 6 ? LICENSE_STATES[code] : 'unknown';
}

interface FactBase {
  /** Machine short name (upper case as written by the source; compared case-insensitively). */
  machine: string;
  /** ISO 8601 UTC time of the evidence (event TimeCreated); null when the source has none. */
  time: string | null;
  source: SourceRef;
  /** Event provider and id, for facts that came from an event. */
  provider?: string;
  eventId?: number;
}

/** Event 12288: the client sent a request to a KMS host. */
export interface KmsRequestFact extends FactBase {
  kind: 'kms-request';
  hresult: Hresult | null;
  statusFlags: Hresult | null;
  statusFlagNames: string[];
  kmsHost: string | null;
  kmsPort: number | null;
  cmid: string | null;
  /** The client's own clock (UTC) as ISO, from the payload. */
  clientTime: string | null;
  licenseStatus: LicenseState | null;
  minutesToExpiry: number | null;
  activationId: string | null;
  /** N-policy: the count this product needs from the host (25 client OS, 5 server/Office). */
  minimumCount: number | null;
  /** When activation (or the grace period) runs out: the event time plus minutesToExpiry, ISO UTC. */
  expiresAt?: string | null;
}

/** Event 12289: the client processed the KMS host's response. */
export interface KmsResponseFact extends FactBase {
  kind: 'kms-response';
  hresult: Hresult | null;
  statusFlags: Hresult | null;
  statusFlagNames: string[];
  activated: boolean | null;
  currentCount: number | null;
  activationInterval: number | null;
  renewalInterval: number | null;
  clientTime: string | null;
}

/** Event 12290 in a KMS host's "Key Management Service" log. */
export interface KmsHostRequestFact extends FactBase {
  kind: 'kms-host-request';
  hresult: Hresult | null;
  minimumCount: number | null;
  client: string | null;
  cmid: string | null;
  clientTime: string | null;
  isVirtual: boolean | null;
  licenseStatus: LicenseState | null;
  minutesToExpiry: number | null;
  activationId: string | null;
}

/** Events 12293 (failed) / 12294 (succeeded): KMS host publishing its SRV record. */
export interface DnsPublishFact extends FactBase {
  kind: 'dns-publish';
  ok: boolean;
  hresult: Hresult | null;
  domain: string | null;
}

/** A failure code reported by an event (8198, 8200, 8208, 1014, …) or an `Error:` line. */
export interface ActivationErrorFact extends FactBase {
  kind: 'activation-error';
  hresult: Hresult;
  /** What reported it: `event 8198`, `slmgr /ato`, `ospp /dstatus`, … */
  context: string;
  /** The message text next to the code, when the source has one (never used for matching). */
  message: string | null;
  activationId: string | null;
  /** The product the attempt was for, when the evidence names it (slmgr `Activating <product> (…)`, ospp `LICENSE NAME:`). */
  product?: string | null;
}

/** A successful activation: slmgr "Product activated successfully", ospp "<Product activation successful>". */
export interface ActivationSuccessFact extends FactBase {
  kind: 'activation-success';
  context: string;
  product: string | null;
  activationId: string | null;
}

export interface KmsClientInfo {
  /** Host set with `slmgr /skms` (without the port). */
  registeredHost: string | null;
  registeredPort: number | null;
  /** Host found through the `_vlmcs._tcp` SRV record. */
  dnsHost: string | null;
  dnsPort: number | null;
  /** true when slmgr printed "DNS auto-discovery: KMS name not available". */
  dnsDiscoveryFailed: boolean;
  srvDomain: string | null;
  hostIp: string | null;
  hostExtendedPid: string | null;
  cmid: string | null;
  activationInterval: number | null;
  renewalInterval: number | null;
  hostCaching: boolean | null;
}

/** One product block of slmgr /dli /dlv /xpr or ospp /dstatus. */
export interface LicenseFact extends FactBase {
  kind: 'license';
  /** slmgr, ospp, or event-8230 (the rules engine's state record). */
  origin: 'slmgr' | 'ospp' | 'event';
  product: string | null;
  description: string | null;
  /** Channel from the description (`VOLUME_KMSCLIENT`, `VOLUME_MAK`, `RETAIL`, `OEM_DM`, `TIMEBASED_EVAL`, …). */
  channel: string | null;
  /** `Product Key Channel:` (`Volume:GVLK`, `Volume:MAK`, `Volume:CSVLK`, `Retail`, `OEM:DM`, …). */
  keyChannel: string | null;
  activationId: string | null;
  applicationId: string | null;
  extendedPid: string | null;
  partialKey: string | null;
  /** false for "This license is not in use." */
  keyInstalled: boolean | null;
  licenseStatus: LicenseState | null;
  notificationReason: Hresult | null;
  minutesToExpiry: number | null;
  /** What kind of clock `minutesToExpiry` counts: volume, timebased, avma, grace. */
  expiryKind: 'volume' | 'timebased' | 'avma' | 'grace' | null;
  evaluationEndDate: string | null;
  rearmWindows: number | null;
  rearmSku: number | null;
  rearmApp: number | null;
  /** ISO UTC when the regional format could be read unambiguously. */
  trustedTime: string | null;
  /** The date as printed, kept when it could not be read safely. */
  trustedTimeText: string | null;
  activationType: string | null;
  kmsClient: KmsClientInfo | null;
  /** ospp `ERROR CODE:` or 8230 `LastConsumptionReason`. */
  errorCode: Hresult | null;
  serviceVersion: string | null;
  /** The block ended before its last expected line (a truncated paste). */
  truncated: boolean;
  /** slmgr /xpr: the expiry date as printed (`Volume activation will expire 4/16/2026 …`). */
  expiryText?: string | null;
  /** When activation or the grace period runs out, ISO UTC: 8230's grace end, slmgr's trusted time plus the minutes left, or /xpr's date. */
  expiresAt?: string | null;
  /** slmgr /dlv "AD Activation client information" (Active Directory-based activation). */
  adActivation?: AdActivationInfo | null;
  /** slmgr /dlv "Token-based Activation information". */
  tokenActivation?: TokenActivationInfo | null;
  /** slmgr /dlv "Automatic VM Activation client information" (AVMA guest). */
  avma?: AvmaInfo | null;
}

export interface AdActivationInfo {
  objectName: string | null;
  objectDn: string | null;
  extendedPid: string | null;
  activationId: string | null;
}

export interface TokenActivationInfo {
  licenseId: string | null;
  versionId: string | null;
  grantNumber: string | null;
  certificateThumbprint: string | null;
}

export interface AvmaInfo {
  guestIaid: string | null;
  hostMachineName: string | null;
  /** As printed (regional format); `Not Available` → null. */
  activationTimeText: string | null;
  hostDigitalPid2: string | null;
}

type LicenseFields = Omit<LicenseFact, 'kind' | 'machine' | 'time' | 'source' | 'provider' | 'eventId' | 'origin'>;

/** A license fact with every field unknown: parsers fill in what their source carries. */
export function unknownLicense(base: Pick<LicenseFact, 'machine' | 'time' | 'source' | 'origin'>, known: Partial<LicenseFields> = {}): LicenseFact {
  return {
    kind: 'license',
    ...base,
    product: null,
    description: null,
    channel: null,
    keyChannel: null,
    activationId: null,
    applicationId: null,
    extendedPid: null,
    partialKey: null,
    keyInstalled: null,
    licenseStatus: null,
    notificationReason: null,
    minutesToExpiry: null,
    expiryKind: null,
    evaluationEndDate: null,
    rearmWindows: null,
    rearmSku: null,
    rearmApp: null,
    trustedTime: null,
    trustedTimeText: null,
    activationType: null,
    kmsClient: null,
    errorCode: null,
    serviceVersion: null,
    truncated: false,
    ...known,
  };
}

export interface KmsHostRequestCounters {
  total: number | null;
  failed: number | null;
  unlicensed: number | null;
  licensed: number | null;
  initialGrace: number | null;
  expiredOrHwid: number | null;
  nonGenuineGrace: number | null;
  notification: number | null;
}

/** The KMS host block of slmgr /dlv on a host. */
export interface KmsHostFact extends FactBase {
  kind: 'kms-host';
  product: string | null;
  channel: string | null;
  currentCount: number | null;
  port: number | null;
  dnsPublishing: boolean | null;
  priority: 'normal' | 'low' | null;
  requests: KmsHostRequestCounters;
}

/** Event 1003: per-SKU licensing status check with its HRESULTs. */
export interface LicensingStatusFact extends FactBase {
  kind: 'licensing-status';
  applicationId: string | null;
  skus: { skuId: string; hresult: Hresult | null }[];
}

/** Event 12306: rearm succeeded. */
export interface RearmFact extends FactBase {
  kind: 'rearm';
  applicationId: string | null;
  skuId: string | null;
  remaining: number | null;
}

/** Event 1040: hardware changed since the previous boot. */
export interface HardwareChangeFact extends FactBase {
  kind: 'hardware-change';
  applicationId: string | null;
  skuId: string | null;
}

export type Fact =
  | KmsRequestFact
  | KmsResponseFact
  | KmsHostRequestFact
  | DnsPublishFact
  | ActivationErrorFact
  | ActivationSuccessFact
  | LicenseFact
  | KmsHostFact
  | LicensingStatusFact
  | RearmFact
  | HardwareChangeFact;

export type FactKind = Fact['kind'];

export const FACT_KINDS: readonly FactKind[] = [
  'kms-request',
  'kms-response',
  'kms-host-request',
  'dns-publish',
  'activation-error',
  'activation-success',
  'license',
  'kms-host',
  'licensing-status',
  'rearm',
  'hardware-change',
];
