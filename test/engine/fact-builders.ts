/**
 * Complete facts as the parsers emit them (every field present, null when the
 * source does not carry it), so scenario tests look like real machines.
 */
import type {
  ActivationErrorFact,
  ActivationSuccessFact,
  DnsPublishFact,
  KmsClientInfo,
  KmsHostFact,
  KmsHostRequestFact,
  KmsRequestFact,
  KmsResponseFact,
  LicenseFact,
  SourceRef,
} from '../../src/model/facts.js';

type Base = { machine: string; time?: string | null; source?: SourceRef };
let record = 40_000;

function base(input: Base, file: string, eventId?: number) {
  const source = input.source ?? (eventId ? { file, recordId: ++record } : { file, line: ++record % 1000 });
  return {
    machine: input.machine,
    time: input.time ?? null,
    source,
    ...(eventId ? { provider: 'Microsoft-Windows-Security-SPP', eventId } : {}),
  };
}

export function kmsRequest(input: Base & Partial<KmsRequestFact>): KmsRequestFact {
  return {
    hresult: '0x00000000', statusFlags: '0x00000000', statusFlagNames: [], kmsHost: null, kmsPort: 1688, cmid: null,
    clientTime: input.time ?? null, licenseStatus: 'licensed', minutesToExpiry: 259200, activationId: null, minimumCount: 25,
    ...input,
    ...base(input, `fleet/${input.machine}/Application.xml`, 12288),
    kind: 'kms-request',
  };
}

export function kmsResponse(input: Base & Partial<KmsResponseFact>): KmsResponseFact {
  return {
    hresult: '0x00000000', statusFlags: '0x00000000', statusFlagNames: [], activated: true, currentCount: 50,
    activationInterval: 120, renewalInterval: 10080, clientTime: input.time ?? null,
    ...input,
    ...base(input, `fleet/${input.machine}/Application.xml`, 12289),
    kind: 'kms-response',
  };
}

export function kmsHostRequest(input: Base & Partial<KmsHostRequestFact>): KmsHostRequestFact {
  return {
    hresult: '0x00000000', minimumCount: 25, client: null, cmid: null, clientTime: input.time ?? null, isVirtual: false,
    licenseStatus: 'oob-grace', minutesToExpiry: 43200, activationId: null,
    ...input,
    ...base(input, `fleet/${input.machine}/KeyManagementService.xml`, 12290),
    kind: 'kms-host-request',
  };
}

export function dnsPublish(input: Base & Partial<DnsPublishFact>): DnsPublishFact {
  return { ok: true, hresult: null, domain: 'corp.example', ...input, ...base(input, `fleet/${input.machine}/Application.xml`, input.ok === false ? 12293 : 12294), kind: 'dns-publish' };
}

export function activationError(input: Base & Partial<ActivationErrorFact>): ActivationErrorFact {
  const fromEvent = input.context?.startsWith('event ');
  return {
    hresult: '0xC004F074', context: 'slmgr /ato', message: null, activationId: null,
    ...input,
    ...base(input, fromEvent ? `fleet/${input.machine}/Application.xml` : `fleet/${input.machine}/slmgr-ato.txt`, fromEvent ? Number(input.context?.slice(6)) : undefined),
    kind: 'activation-error',
  };
}

export function activationSuccess(input: Base & Partial<ActivationSuccessFact>): ActivationSuccessFact {
  return { context: 'slmgr /ato', product: null, activationId: null, ...input, ...base(input, `fleet/${input.machine}/slmgr-ato.txt`), kind: 'activation-success' };
}

export function kmsClientInfo(input: Partial<KmsClientInfo>): KmsClientInfo {
  return {
    registeredHost: null, registeredPort: null, dnsHost: null, dnsPort: null, dnsDiscoveryFailed: false, srvDomain: null,
    hostIp: null, hostExtendedPid: null, cmid: null, activationInterval: 120, renewalInterval: 10080, hostCaching: true,
    ...input,
  };
}

export function license(input: Base & Partial<LicenseFact>): LicenseFact {
  return {
    origin: 'slmgr', product: 'Windows(R), Enterprise edition', description: 'Windows(R) Operating System, VOLUME_KMSCLIENT channel',
    channel: 'VOLUME_KMSCLIENT', keyChannel: 'Volume:GVLK', activationId: null, applicationId: '55c92734-d682-4d71-983e-d6ec3f16059f',
    extendedPid: null, partialKey: null, keyInstalled: true, licenseStatus: 'licensed', notificationReason: null,
    minutesToExpiry: 259199, expiryKind: 'volume', evaluationEndDate: null, rearmWindows: 1001, rearmSku: 1001, rearmApp: null,
    trustedTime: null, trustedTimeText: null, activationType: 'All', kmsClient: null, errorCode: null, serviceVersion: null,
    truncated: false,
    ...input,
    ...base(input, `fleet/${input.machine}/slmgr-dlv.txt`),
    kind: 'license',
  };
}

export function kmsHost(input: Base & Partial<KmsHostFact>): KmsHostFact {
  return {
    product: 'Windows(R), ServerStandard edition', channel: 'VOLUME_KMS_C', currentCount: 50, port: 1688, dnsPublishing: true,
    priority: 'normal',
    requests: { total: 0, failed: 0, unlicensed: 0, licensed: 0, initialGrace: 0, expiredOrHwid: 0, nonGenuineGrace: 0, notification: 0 },
    ...input,
    ...base(input, `fleet/${input.machine}/slmgr-dlv.txt`),
    kind: 'kms-host',
  };
}
