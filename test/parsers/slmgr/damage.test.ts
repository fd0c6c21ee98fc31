/** Damage from real pastes (shared/reference/slmgr.md section 12), one case each. */
import { describe, expect, it } from '@jest/globals';
import { licenses, ofKind, parse, parseFixture } from './helpers.js';

describe('paste damage', () => {
  it('chat prefixes, Markdown fences, `> ` quotes, the WSH dialog title and a backticked error line', () => {
    const result = parseFixture('synthetic/en-damage-chat-quote-fence.txt');
    const [mak, oem] = licenses(result);
    expect(mak).toMatchObject({ channel: 'VOLUME_MAK', licenseStatus: 'notification', notificationReason: '0xC004F034', partialKey: null, keyInstalled: true, source: { line: 3 } });
    expect(oem).toMatchObject({ channel: 'OEM_DM', licenseStatus: 'licensed', partialKey: '3V66T', source: { line: 11 } });
    expect(ofKind(result, 'activation-error')).toEqual([
      expect.objectContaining({ hresult: '0xC004F050', source: { file: 'synthetic/en-damage-chat-quote-fence.txt', line: 15 } }),
    ]);
    expect(result.facts.map((f) => f.source.line)).toEqual([3, 11, 15]);
  });

  it('redacted values are null, never the mask', () => {
    const [license] = licenses(parseFixture('synthetic/en-redacted-values.txt'));
    expect(license).toMatchObject({
      activationId: null,
      extendedPid: null,
      partialKey: null,
      keyInstalled: true,
      minutesToExpiry: null,
      expiryKind: 'volume',
      trustedTime: null,
      trustedTimeText: null,
    });
    expect(license.kmsClient).toMatchObject({ cmid: null, registeredHost: null, registeredPort: 1688, hostIp: null, hostExtendedPid: null, activationInterval: 120 });
  });

  it('truncated mid-line (CRLF, no final newline): facts before the cut kept, block flagged', () => {
    const result = parseFixture('synthetic/en-truncated-midline.txt');
    const [license] = licenses(result);
    expect(license).toMatchObject({ truncated: true, activationId: 'e0c42288-980c-4788-a014-c080d2e1926e', keyChannel: 'Volume:GVLK', licenseStatus: null, partialKey: null, keyInstalled: null });
    expect(result.partial).toBe(true);
    expect(result.problems).toEqual([expect.objectContaining({ line: 10 })]);
  });

  it('truncated inside a GUID and inside an ospp status token', () => {
    const guid = parse('Name: Windows(R), Professional edition\nDescription: Windows(R) Operating System, RETAIL channel\nActivation ID: 2de67392-b7a7-46');
    expect(licenses(guid)[0]).toMatchObject({ truncated: true, activationId: null, channel: 'RETAIL' });
    const ospp = parse('LICENSE NAME: Office 16, Office16ProPlusVL_KMS_Client edition\nLICENSE DESCRIPTION: Office 16, VOLUME_KMSCLIENT channel\nLICENSE STATUS:  ---LICEN');
    expect(licenses(ospp)[0]).toMatchObject({ origin: 'ospp', truncated: true });
    expect(ospp.partial).toBe(true);
  });

  it('a complete paste is not flagged as truncated even without a final newline', () => {
    const result = parse('Name: Windows(R), Professional edition\nDescription: Windows(R) Operating System, RETAIL channel\nPartial Product Key: 3V66T\nLicense Status: Licensed');
    expect(licenses(result)[0].truncated).toBe(false);
    expect(result.partial).toBe(false);
  });

  it('full-width punctuation, VOLUME-KMSCLIENT with a hyphen and a Markdown-indented transcript', () => {
    const result = parse(
      '    名称: Windows(R), Enterprises edition\n    描述: Windows(R) Operating System, VOLUME-KMSCLIENT channel \n    部分产品密钥： J462D \n    许可证状态：已授权\n    批量激活过期：259197 分钟（180天）\n    信任时间：2020/2/27 11:48:43 \n',
    );
    expect(licenses(result)[0]).toMatchObject({ channel: 'VOLUME_KMSCLIENT', partialKey: 'J462D', licenseStatus: 'licensed', minutesToExpiry: 259197, trustedTime: '2020-02-27T11:48:43.000Z' });
  });

  it('prompt lines set the context of the error that follows', () => {
    const result = parse('[C:\\Windows\\system32]$ cscript ospp.vbs /act\nERROR CODE: 0xC004F074\nPS C:\\> slmgr /rearm\nError: 0xC004D307 The maximum allowed number of re-arms has been exceeded. You must re-install the OS before trying to re-arm again.\n');
    expect(ofKind(result, 'activation-error').map((f) => [f.hresult, f.context])).toEqual([
      ['0xC004F074', 'ospp /act'],
      ['0xC004D307', 'slmgr /rearm'],
    ]);
  });

  it('informational 0x4004… codes stay in the license and are not errors', () => {
    const result = parseFixture('synthetic/ospp-dstatusall-grace-and-error.txt');
    const [grace, licensed] = licenses(result);
    expect(grace).toMatchObject({ errorCode: '0xC004F074', licenseStatus: 'oob-grace', minutesToExpiry: 5760, expiryKind: 'grace' });
    expect(licensed).toMatchObject({ errorCode: '0x4004F040', licenseStatus: 'licensed', minutesToExpiry: 258071, expiryKind: 'volume' });
    expect(ofKind(result, 'activation-error').map((f) => f.hresult)).toEqual(['0xC004F074']);
    expect(parse('Activating Windows(R), Professional edition (2de67392-b7a7-462a-b1ca-108dd189f588) ...\nError: 0x4004F040 informational\n').facts).toEqual([]);
  });

  it('an `Error:` line without a code and third-party lookalikes (MAS / KMS_VL_ALL) do not invent facts', () => {
    expect(parse('Error: product key not found.\n').facts).toEqual([]);
    const mas = parse(
      'Name: Windows(R), Professional edition\nDescription: Windows(R) Operating System, VOLUME_KMSCLIENT channel\nPartial Product Key: T83GX\nLicense Status: Notification\nNotification Reason: 0xC004F034\nKey Management Service client information:\n    KMS host caching: Enabled\n',
    );
    expect(licenses(mas)[0]).toMatchObject({ notificationReason: '0xC004F034', kmsClient: { hostCaching: true, cmid: null } });
  });

  it('/dlv all: "This license is not in use." is a product with no key', () => {
    const [, notInUse] = licenses(parseFixture('synthetic/en-dlv-all-office-notinuse-skms.txt'));
    expect(notInUse).toMatchObject({ keyInstalled: false, partialKey: null, licenseStatus: 'unlicensed', rearmApp: 1000, rearmWindows: null });
  });

  it('/ato, /xpr and /dli in one cmd transcript', () => {
    const result = parseFixture('synthetic/en-transcript-ato-error-xpr-dli.txt');
    expect(result.facts.map((f) => f.kind)).toEqual(['activation-error', 'license', 'license', 'activation-success', 'license']);
    const [xprGrace, dli, xprVolume] = licenses(result);
    expect(xprGrace).toMatchObject({ licenseStatus: 'oob-grace', expiryText: '4/18/2026 11:02:40 AM', product: 'Windows(R), Enterprise edition' });
    expect(dli).toMatchObject({ licenseStatus: 'oob-grace', minutesToExpiry: 41760, kmsClient: null });
    expect(xprVolume).toMatchObject({ licenseStatus: 'licensed', expiryKind: 'volume' });
    expect(ofKind(result, 'activation-success')[0]).toMatchObject({ activationId: '73111121-5638-40f6-bc11-f1d7b0d64300', context: 'slmgr /ato' });
  });

  it('AD-based activation and AVMA blocks', () => {
    const [adba, avma] = licenses(parseFixture('synthetic/en-dlv-adba-avma.txt'));
    expect(adba.activationType).toBe('AD');
    expect(adba.adActivation).toEqual({
      objectName: 'WS2022-Standard',
      objectDn: 'CN=WS2022-Standard,CN=Activation Objects,CN=Microsoft SPP,CN=Services,CN=Configuration,DC=contoso,DC=com',
      extendedPid: '06401-00206-551-999999-03-1033-20348.0000-1102026',
      activationId: '39e69c41-42b2-4a0a-8aa8-b44b0b2d6bfa',
    });
    expect(avma).toMatchObject({ expiryKind: 'avma', minutesToExpiry: 10080, keyChannel: 'Volume:AVMA' });
    expect(avma.avma).toEqual({ guestIaid: '1b2c3d4e5f60718293a4b5c6d7e8f901', hostMachineName: 'HV-HOST01', activationTimeText: '4/30/2026 7:58:44 AM', hostDigitalPid2: null });
  });

  it('hostile input never throws', () => {
    const inputs = ['', '\u0000\u0001\u0002', 'x'.repeat(200000), ':\n:\n:', 'License Status:', 'Name:\n'.repeat(1000), '\ufeff'.repeat(10), '> > > >', '<!DOCTYPE x [<!ENTITY a "b">]>'];
    for (const input of inputs) {
      const result = parse(input);
      expect(Array.isArray(result.facts)).toBe(true);
    }
  });

  it('text that is not slmgr/ospp output gives no facts and a reason', () => {
    for (const relative of ['not-evidence/README.md', 'not-evidence/inventory.csv', 'not-evidence/app-log.txt']) {
      const result = parseFixture(relative);
      expect(result.facts).toEqual([]);
      expect(result.skippedReason).toMatch(/not slmgr or ospp/);
    }
  });

  it('every fact carries machine, file and a 1-based line, and no time of its own', () => {
    for (const fact of parseFixture('synthetic/en-transcript-ato-error-xpr-dli.txt').facts) {
      expect(fact).toMatchObject({ machine: 'PC01', time: null, source: { file: 'synthetic/en-transcript-ato-error-xpr-dli.txt' } });
      expect(fact.source.line).toBeGreaterThanOrEqual(1);
    }
  });
});

describe('/ato and ospp /act in languages without a known word', () => {
  it('a `<name> (<ActivationID>) … ...` line in an unknown language still gives the activation ID to the error', () => {
    const result = parse('Windows(R), Enterprise edition (73111121-5638-40f6-bc11-f1d7b0d64300) aktiválása...\nHiba: 0xC004F074 A kulcskezelő szolgáltatás nem érhető el.\n');
    expect(ofKind(result, 'activation-error')[0]).toMatchObject({ hresult: '0xC004F074', activationId: '73111121-5638-40f6-bc11-f1d7b0d64300' });
  });

  it('an ospp /act failure without a prompt is reported as ospp /act, naming the product, and its block is that product\'s license identity', () => {
    const result = parse(
      '---Processing--------------------------\n---------------------------------------\nInstalled product key detected - attempting to activate the following product:\nSKU ID: 85dd8b5f-eaa4-4af3-a628-cce9e77c9a03\nLICENSE NAME: Office 19, Office19ProPlus2019VL_KMS_Client_AE edition\nLICENSE DESCRIPTION: Office 19, VOLUME_KMSCLIENT channel\nLast 5 characters of installed product key: 6MWKP\nERROR CODE: 0xC004F074\nERROR DESCRIPTION: The Software Licensing Service reported that the computer could not be activated.\n---------------------------------------\n---Exiting-----------------------------\n',
    );
    expect(result.facts).toEqual([
      expect.objectContaining({ kind: 'license', origin: 'ospp', product: 'Office 19, Office19ProPlus2019VL_KMS_Client_AE edition', channel: 'VOLUME_KMSCLIENT', partialKey: '6MWKP', activationId: '85dd8b5f-eaa4-4af3-a628-cce9e77c9a03', licenseStatus: null, errorCode: null }),
      expect.objectContaining({ kind: 'activation-error', hresult: '0xC004F074', context: 'ospp /act', activationId: '85dd8b5f-eaa4-4af3-a628-cce9e77c9a03', product: 'Office 19, Office19ProPlus2019VL_KMS_Client_AE edition', message: 'The Software Licensing Service reported that the computer could not be activated.' }),
    ]);
  });
});

describe('Office KMS host on Windows 8-era slmgr', () => {
  it('stores "Remaining Windows rearm count" under the Windows rearm count (the field its label names), also in an Office block, and reads its KMS host block', () => {
    const result = parse(
      'Name: Office 15, OfficeKMSHostVL_KMS_Host edition\nDescription: Office 15, VOLUME_KMS channel\nPartial Product Key: 9MNYT\nLicense Status: Licensed\nRemaining Windows rearm count: 1000\nRemaining SKU rearm count: 1000\nTrusted time: 10/26/2016 9:58:33 AM\n\nKey Management Service is enabled on this machine\n    Current count: 0\n    Listening on Port: 1688\n    DNS publishing disabled\n    KMS priority: Low\n',
    );
    expect(licenses(result)[0]).toMatchObject({ rearmApp: null, rearmWindows: 1000, rearmSku: 1000, trustedTime: '2016-10-26T09:58:33.000Z' });
    expect(ofKind(result, 'kms-host')[0]).toMatchObject({ product: 'Office 15, OfficeKMSHostVL_KMS_Host edition', channel: 'VOLUME_KMS', currentCount: 0, dnsPublishing: false, priority: 'low' });
  });
});

describe('wrapping in a CJK console', () => {
  it('joins a Chinese error message wrapped at 80 columns (40 wide characters)', () => {
    const line = '错误: 0xC004F074 软件授权服务报告无法激活计算机。无法联系任何密钥管理服务(KMS)。有关其他信息，请参阅应用程序事件日志。';
    const wrapped: string[] = [];
    let current = '';
    let columns = 0;
    for (const char of line) {
      const width = /[\u2e80-\ua4cf\uff00-\uff60]/.test(char) ? 2 : 1;
      if (columns + width > 80) {
        wrapped.push(current);
        current = '';
        columns = 0;
      }
      current += char;
      columns += width;
    }
    wrapped.push(current);
    expect(wrapped.length).toBeGreaterThan(1);
    const [error] = ofKind(parse(wrapped.join('\n') + '\n'), 'activation-error');
    expect(error.message).toBe('软件授权服务报告无法激活计算机。无法联系任何密钥管理服务(KMS)。有关其他信息，请参阅应用程序事件日志。');
  });
});

describe('wrap repair is bounded', () => {
  it('joins at most a few 79-column lines into one logical line, so long runs stay linear', async () => {
    const { splitLines } = await import('../../../src/parsers/slmgr/lines.js');
    const text = ['License Status: Licensed', ...Array.from({ length: 200 }, () => 'a'.repeat(79))].join('\n');
    const lines = splitLines(text);
    expect(Math.max(...lines.map((line) => line.joined ?? 0))).toBeLessThanOrEqual(4);
    expect(lines.length).toBeGreaterThan(30);
  });
});

describe('fragments (issue 16)', () => {
  it('the Windows Script Host banner and one Error line are evidence, whatever the code', () => {
    const result = parse('Microsoft (R) Windows Script Host Version 5.812\nCopyright (C) Microsoft Corporation. All rights reserved.\n\nError: 0x80070005 Access denied: the requested action requires elevated privileges\n');
    expect(result.skippedReason).toBeUndefined();
    expect(ofKind(result, 'activation-error')).toEqual([expect.objectContaining({ hresult: '0x80070005', source: { file: 'paste.txt', line: 4 } })]);
  });

  it('the banner and the Error line joined into one line by a paste', () => {
    const result = parse('Microsoft (R) Windows Script Host Version 5.812Copyright (C) Microsoft Corporation. All rights reserved.Error: 0xC004F074 The Software Licensing Service reported that the computer could not be activated.');
    expect(ofKind(result, 'activation-error')).toEqual([expect.objectContaining({ hresult: '0xC004F074', message: 'The Software Licensing Service reported that the computer could not be activated.' })]);
  });

  it.each([
    ['full-width colon', '错误：0xC004F074 软件授权服务报告无法激活计算机。'],
    ['spaces lost', 'Error:0xC004F074 The Software Licensing Service reported that the computer could not be activated.'],
    ['backticks', '`Fehler: 0xC004F074 Vom Softwarelizenzierungsdienst wurde gemeldet, dass der Computer nicht aktiviert werden konnte.`'],
    ['Japanese', 'エラー: 0xC004F074 ソフトウェア ライセンス サービスは、コンピューターのライセンス認証を実行できなかったことを報告しました。'],
  ])('a one-line localized Error paste (%s) is evidence', (_name, text) => {
    expect(ofKind(parse(text), 'activation-error')).toEqual([expect.objectContaining({ hresult: '0xC004F074' })]);
  });

  it.each([
    ['English', 'Activating Windows(R), ServerStandard edition (b3ca044e-a358-4d68-9883-aaa2941aca99) ...\nError: 0xC004F074 The Software Licensing Service reported that the computer could not be activated.\n', 'Windows(R), ServerStandard edition', 'b3ca044e-a358-4d68-9883-aaa2941aca99'],
    ['German', 'Aktivieren von Windows(R), Professional edition (2de67392-b7a7-462a-b1ca-108dd189f588)...\nFehler: 0x8007232B DNS-Name ist nicht vorhanden.\n', 'Windows(R), Professional edition', '2de67392-b7a7-462a-b1ca-108dd189f588'],
    ['an unknown language', 'Windows(R), Professional edition (2de67392-b7a7-462a-b1ca-108dd189f588) のライセンス認証を行っています...\nエラー: 0x8007232B DNS 名が存在しません。\n', 'Windows(R), Professional edition', '2de67392-b7a7-462a-b1ca-108dd189f588'],
  ])('the Activating line names the failing product and its activation id (%s)', (_name, text, product, activationId) => {
    expect(ofKind(parse(text), 'activation-error')).toEqual([expect.objectContaining({ product, activationId, context: 'slmgr /ato' })]);
  });

  it('ospp /act: each product block is that product\'s identity, and each result names its product', () => {
    const result = parseFixture('synthetic/ospp-act-two-products-one-fails.txt');
    expect(ofKind(result, 'activation-error').map((f) => [f.product, f.activationId])).toEqual([
      ['Office 16, Office16ProPlusVL_KMS_Client edition', 'd450596f-894d-49e0-966a-fd39ed4c4c64'],
      ['Office 16, Office16VisioProVL_KMS_Client edition', '6bf301c1-b94a-43e9-ba31-d494598c47fb'],
    ]);
    expect(ofKind(result, 'activation-success')).toEqual([expect.objectContaining({ product: 'Office 16, Office16ProjectProVL_MAK edition', context: 'ospp /act' })]);
    expect(licenses(result).map((l) => [l.channel, l.partialKey, l.licenseStatus])).toEqual([
      ['VOLUME_KMSCLIENT', 'WFG99', null],
      ['VOLUME_KMSCLIENT', 'PD3PC', null],
      ['VOLUME_MAK', '7KXQC', null],
    ]);
  });
});

describe('when activation runs out (expiresAt)', () => {
  it('is the trusted time plus the minutes left', () => {
    const [license] = licenses(parse('Name: Windows(R), Enterprise edition\nDescription: Windows(R) Operating System, VOLUME_KMSCLIENT channel\nPartial Product Key: NPPR9\nLicense Status: Licensed\nVolume activation expiration: 2880 minute(s) (2 day(s))\nTrusted time: 2026-10-24 08:00:00\n'));
    expect(license).toMatchObject({ minutesToExpiry: 2880, trustedTime: '2026-10-24T08:00:00.000Z', expiresAt: '2026-10-26T08:00:00.000Z' });
  });

  it('is the date /xpr printed when there is no trusted time', () => {
    const [license] = licenses(parse('Windows(R), Enterprise edition:\n    Volume activation will expire 10/26/2026 8:00:00 AM\n'));
    expect(license).toMatchObject({ licenseStatus: 'licensed', expiresAt: '2026-10-26T08:00:00.000Z' });
  });

  it('is absent when neither is known (no guess)', () => {
    const [license] = licenses(parse('Name: Windows(R), Enterprise edition\nLicense Status: Licensed\nVolume activation expiration: 2880 minute(s) (2 day(s))\n'));
    expect(license).not.toHaveProperty('expiresAt');
  });
});
