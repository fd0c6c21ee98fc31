/**
 * Golden tests: every real sample (fixtures/slmgr/en, zh-hans: copied byte for byte from
 * shared/samples/slmgr) and every synthetic fixture against its reviewed expected facts,
 * plus the facts that shared/samples/README.md lists for each real sample, asserted by hand.
 */
import { describe, expect, it } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, golden, licenses, ofKind, parseFixture } from './helpers.js';

const GOLDEN_DIRS = ['en', 'zh-hans', 'synthetic'];

describe('golden files', () => {
  for (const dir of GOLDEN_DIRS) {
    for (const name of readdirSync(join(FIXTURES, dir)).filter((n) => n.endsWith('.txt'))) {
      it(`${dir}/${name}`, () => {
        const relative = `${dir}/${name}`;
        const result = parseFixture(relative);
        expect(result.facts.length).toBeGreaterThan(0);
        expect({ facts: result.facts, problems: result.problems, partial: result.partial }).toEqual(golden(relative, result));
      });
    }
  }
});

describe('real samples: the facts the sample README lists', () => {
  it('en/010 Win7 eval /dli: initial grace, TIMEBASED_EVAL, 12960 minutes, JCDDG', () => {
    const [license] = licenses(parseFixture('en/010-slmgr-dli-win7-enterprise-eval-initial-grace.txt'));
    expect(license).toMatchObject({
      licenseStatus: 'oob-grace',
      channel: 'TIMEBASED_EVAL',
      minutesToExpiry: 12960,
      expiryKind: 'grace',
      partialKey: 'JCDDG',
      keyInstalled: true,
      source: { line: 1 },
    });
  });

  it('en/011 Server 2012 KMS client: DNS-discovered host, IP, host PID, CMID, type All', () => {
    const result = parseFixture('en/011-slmgr-dli-server2012-kmsclient-licensed-dns-discovered.txt');
    expect(result.facts).toHaveLength(1);
    const [license] = licenses(result);
    expect(license).toMatchObject({ licenseStatus: 'licensed', channel: 'VOLUME_KMSCLIENT', minutesToExpiry: 253564, expiryKind: 'volume', activationType: 'All', partialKey: 'MDVJX' });
    expect(license.kmsClient).toEqual({
      registeredHost: null,
      registeredPort: null,
      dnsHost: 'bisv229.corp.giag.net',
      dnsPort: 1688,
      dnsDiscoveryFailed: false,
      srvDomain: null,
      hostIp: '10.5.213.229',
      hostExtendedPid: '06401-00206-491-411285-03-1031-9600.0000-0802017',
      cmid: 'f9d4e20a-cb8f-4050-9c0c-56420455ada1',
      activationInterval: 120,
      renewalInterval: 10080,
      hostCaching: true,
    });
  });

  it('en/012 Server 2008 with the description wrapped at 80 columns (chan / nel)', () => {
    const [license] = licenses(parseFixture('en/012-slmgr-dli-server2008-kmsclient-licensed-wrapped-80col.txt'));
    expect(license.description).toBe('Windows Operating System - Windows Server(R), VOLUME_KMSCLIENT channel');
    expect(license).toMatchObject({ channel: 'VOLUME_KMSCLIENT', licenseStatus: 'licensed', minutesToExpiry: 251100 });
    expect(license.kmsClient).toMatchObject({ dnsHost: 'bisv229.corp.giag.net', dnsPort: 1688, hostIp: null });
  });

  it('en/014 Server 2012 R2 KMS host, double-spaced forum paste: count 0 and zero counters', () => {
    const result = parseFixture('en/014-slmgr-dlv-server2012r2-kmshost-csvlk-count0-forum-doublespaced.txt');
    const [license] = licenses(result);
    expect(license).toMatchObject({
      channel: 'VOLUME_KMS_2012-R2_WIN10',
      keyChannel: 'Volume:CSVLK',
      licenseStatus: 'licensed',
      rearmWindows: 1000,
      rearmSku: 1001,
      trustedTime: '2021-07-16T04:48:33.000Z',
      trustedTimeText: '7/16/2021 4:48:33 AM',
      activationId: null,
      extendedPid: null,
      partialKey: null,
    });
    const [host] = ofKind(result, 'kms-host');
    expect(host).toMatchObject({ currentCount: 0, port: 1688, dnsPublishing: true, priority: 'normal' });
    expect(Object.values(host.requests)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('en/019 Server 2025 eval: Retail:TB:Eval, 243800 minutes timebased, rearm 1/1', () => {
    const [license] = licenses(parseFixture('en/019-slmgr-dlv-server2025-datacenter-eval-retail-tb-eval-170d-rearm1.txt'));
    expect(license).toMatchObject({
      channel: 'TIMEBASED_EVAL',
      keyChannel: 'Retail:TB:Eval',
      minutesToExpiry: 243800,
      expiryKind: 'timebased',
      rearmWindows: 1,
      rearmSku: 1,
      partialKey: 'J2T92',
      serviceVersion: '10.0.26100.4652',
      activationId: '96794a98-097f-42fe-8f28-2c38ea115229',
      applicationId: '55c92734-d682-4d71-983e-d6ec3f16059f',
    });
  });

  it('en/020 Win7 KMS client from the Microsoft doc: non-default intervals 15 / 25', () => {
    const [license] = licenses(parseFixture('en/020-slmgr-dli-win7-enterprise-kmsclient-licensed-msdoc.txt'));
    expect(license).toMatchObject({ minutesToExpiry: 243720, channel: 'VOLUME_KMSCLIENT' });
    expect(license.kmsClient).toMatchObject({
      dnsHost: 'emeronb10-rc3.sppvltest.net',
      cmid: '2ffcfc30-6a6a-49ec-92b8-f6150c7df211',
      activationInterval: 15,
      renewalInterval: 25,
    });
  });

  it('en/021 Server 2008 R2 KMS host: count 2, 826 requests all licensed', () => {
    const result = parseFixture('en/021-slmgr-dli-server2008r2-kmshost-count2-826-requests-msdoc-blanklines.txt');
    const [host] = ofKind(result, 'kms-host');
    expect(host).toMatchObject({ currentCount: 2, port: 1688, dnsPublishing: true, priority: 'normal', channel: 'VOLUME_KMS_C' });
    expect(host.requests).toMatchObject({ total: 826, failed: 0, licensed: 826, unlicensed: 0 });
  });

  it('zh-hans/001 /ato in Chinese: 0xC004F074 with the activation ID of the 正在激活 line', () => {
    const result = parseFixture('zh-hans/001-slmgr-ato-ltsc-error-0xC004F074.txt');
    expect(result.facts).toHaveLength(1);
    expect(ofKind(result, 'activation-error')[0]).toMatchObject({
      hresult: '0xC004F074',
      context: 'slmgr /ato',
      activationId: '2d5a5a60-3040-48bf-beb0-fcd770c20ce0',
      source: { line: 2 },
    });
  });

  it('zh-hans/003 mixed ospp + retyped Chinese slmgr transcript', () => {
    const result = parseFixture('zh-hans/003-ltsc2019-ospp-dstatus-and-slmgr-dlv-kms-dns-licensed-retyped.txt');
    const [ospp, slmgr] = licenses(result);
    expect(ospp).toMatchObject({
      origin: 'ospp',
      licenseStatus: 'licensed',
      minutesToExpiry: 259200,
      partialKey: 'WFG99',
      evaluationEndDate: null,
      kmsClient: { dnsHost: 'kms.vircloud.net', dnsPort: 1688, activationInterval: 120, renewalInterval: 10080, hostCaching: true },
    });
    expect(slmgr).toMatchObject({
      origin: 'slmgr',
      licenseStatus: 'licensed',
      channel: 'VOLUME_KMSCLIENT',
      keyChannel: 'Volume:GVLK',
      minutesToExpiry: 259197,
      rearmWindows: 1001,
      rearmSku: 1001,
      trustedTime: '2020-02-27T11:48:43.000Z',
      partialKey: 'J462D',
      activationId: null,
      kmsClient: { dnsHost: 'kms.vircloud.net', dnsPort: 1688, hostIp: '192.168.100.1', cmid: null, activationInterval: 120, renewalInterval: 10080, hostCaching: true },
    });
    expect(ofKind(result, 'activation-success').map((f) => f.context)).toEqual(['ospp /act', 'slmgr /ato']);
    expect(ofKind(result, 'activation-error')).toHaveLength(0);
  });
});
