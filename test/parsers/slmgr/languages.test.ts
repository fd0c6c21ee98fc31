/**
 * Localized outputs. Only en and zh-CN labels are confirmed by real samples; the
 * de/fr/es/ru/ja/zh-TW fixtures use the unverified labels of labels.ts, and the Polish
 * one uses labels the parser does not know at all (value shapes and order only).
 */
import { describe, expect, it } from '@jest/globals';
import iconv from 'iconv-lite';
import { decodeText, detectTextEncoding } from '../../../src/input/codepage.js';
import { parseSlmgrText } from '../../../src/parsers/slmgr/index.js';
import { fixtureText, licenses, parse, parseFixture } from './helpers.js';

const KMS_CLIENT_FIXTURES: [string, { minutes: number; host: string; kind: 'dns' | 'registered'; trustedTime: string | null; status: string }][] = [
  ['synthetic/de-dlv-kmsclient-licensed.txt', { minutes: 259123, host: 'kms01.contoso.local', kind: 'registered', trustedTime: '2026-03-20T12:44:15.000Z', status: 'licensed' }],
  ['synthetic/es-dli-kmsclient-licensed.txt', { minutes: 172800, host: 'kms.ejemplo.es', kind: 'dns', trustedTime: null, status: 'licensed' }],
  ['synthetic/ja-dlv-kmsclient-licensed.txt', { minutes: 258900, host: 'kms.example.co.jp', kind: 'dns', trustedTime: '2026-03-20T09:41:07.000Z', status: 'licensed' }],
  ['synthetic/zh-TW-dlv-kmsclient-licensed.txt', { minutes: 259080, host: 'kms.example.com.tw', kind: 'registered', trustedTime: '2026-03-20T14:44:15.000Z', status: 'licensed' }],
  ['synthetic/pl-unknown-labels-shapes.txt', { minutes: 259000, host: 'kms.firma.pl', kind: 'dns', trustedTime: '2026-03-20T12:44:15.000Z', status: 'unread' }],
];

describe('localized KMS client outputs', () => {
  for (const [relative, expected] of KMS_CLIENT_FIXTURES) {
    it(relative, () => {
      const result = parseFixture(relative);
      const all = licenses(result);
      expect(all).toHaveLength(1);
      const [license] = all;
      expect(license).toMatchObject({
        channel: 'VOLUME_KMSCLIENT',
        minutesToExpiry: expected.minutes,
        expiryKind: 'volume',
        trustedTime: expected.trustedTime,
        keyInstalled: true,
        truncated: false,
      });
      expect(license.licenseStatus).toBe(expected.status === 'unread' ? null : expected.status);
      expect(license.partialKey).toMatch(/^[A-Z0-9]{5}$/);
      const client = license.kmsClient;
      expect(client?.cmid).toMatch(/^[0-9a-f-]{36}$/);
      expect(expected.kind === 'dns' ? client?.dnsHost : client?.registeredHost).toBe(expected.host);
      expect(expected.kind === 'dns' ? client?.dnsPort : client?.registeredPort).toBe(1688);
      expect(client?.activationInterval).toBe(120);
      expect(client?.renewalInterval).toBe(10080);
      expect(result.partial).toBe(false);
    });
  }

  it('fr: Notification with its reason, DNS auto-discovery failed, IP "non disponible", ambiguous date kept as text', () => {
    const result = parseFixture('synthetic/fr-dlv-kmsclient-notification.txt');
    const [license] = licenses(result);
    expect(license).toMatchObject({
      licenseStatus: 'notification',
      notificationReason: '0xC004F056',
      trustedTime: null,
      trustedTimeText: '05/03/2026 09:15:02',
      activationType: 'All',
    });
    expect(license.kmsClient).toMatchObject({ dnsDiscoveryFailed: true, hostIp: null, dnsHost: null, hostCaching: true });
    expect(result.problems).toEqual([expect.objectContaining({ line: 15 })]);
  });

  it('ru: initial grace with "мин. (дн.)" and no KMS block (slmgr asks for /ato instead)', () => {
    const [license] = licenses(parseFixture('synthetic/ru-dlv-oob-grace.txt'));
    expect(license).toMatchObject({
      licenseStatus: 'oob-grace',
      minutesToExpiry: 43200,
      expiryKind: 'grace',
      rearmWindows: 1000,
      rearmSku: 1001,
      kmsClient: null,
      trustedTime: '2026-03-20T08:05:11.000Z',
    });
  });

  it('zh-CN status and error words from the real samples', () => {
    const result = parse('名称: Windows(R), Professional edition\n描述: Windows(R) Operating System, RETAIL channel\n部分产品密钥: 3V66T\n许可证状态: 通知\n通知原因: 0xC004F034.\n错误：0xC004F050 产品密钥无效\n');
    const [license] = licenses(result);
    expect(license).toMatchObject({ licenseStatus: 'notification', notificationReason: '0xC004F034', channel: 'RETAIL' });
    expect(result.facts.find((f) => f.kind === 'activation-error')).toMatchObject({ hresult: '0xC004F050', message: '产品密钥无效' });
  });
});

describe('encodings end to end: bytes → detect → decode → same facts as the UTF-8 text', () => {
  const cases: [string, string][] = [
    ['synthetic/de-dlv-kmsclient-licensed.txt', 'cp850'],
    ['synthetic/fr-dlv-kmsclient-notification.txt', 'cp437'],
    ['synthetic/es-dli-kmsclient-licensed.txt', 'cp850'],
    ['synthetic/ru-dlv-oob-grace.txt', 'cp866'],
    ['synthetic/ja-dlv-kmsclient-licensed.txt', 'cp932'],
    ['zh-hans/003-ltsc2019-ospp-dstatus-and-slmgr-dlv-kms-dns-licensed-retyped.txt', 'gbk'],
    ['synthetic/zh-TW-dlv-kmsclient-licensed.txt', 'big5'],
  ];
  for (const [relative, codec] of cases) {
    it(`${relative} in ${codec}`, () => {
      const text = fixtureText(relative);
      const bytes = iconv.encode(text, codec);
      const decoded = decodeText(bytes, detectTextEncoding(bytes));
      const ctx = { file: relative, defaultMachine: 'PC01' };
      expect(parseSlmgrText(decoded, ctx).facts).toEqual(parseSlmgrText(text, ctx).facts);
    });
  }

  it('UTF-16LE with and without BOM (what `cscript slmgr.vbs /dlv > out.txt` gives under /U)', () => {
    const text = fixtureText('synthetic/de-dlv-kmsclient-licensed.txt').replace(/\n/g, '\r\n');
    const ctx = { file: 'out.txt', defaultMachine: 'PC01' };
    const expected = parseSlmgrText(text, ctx).facts;
    expect(expected.length).toBeGreaterThan(0);
    const body = Buffer.from(text, 'utf16le');
    expect(parseSlmgrText(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), body]), 'utf-16le'), ctx).facts).toEqual(expected);
    expect(parseSlmgrText(decodeText(body, 'utf-16le'), ctx).facts).toEqual(expected);
  });
});

describe('labels checked against shared/reference/slmgr-labels.md', () => {
  it('Japanese /dlv labels read from a real screenshot (I)', () => {
    const result = parse(
      'ソフトウェア ライセンス サービス バージョン: 10.0.19041.6093\n\n名前: Windows(R), Enterprise edition\n説明: Windows(R) Operating System, VOLUME_MAK channel\nライセンス認証 ID: 2ffd8952-423e-4903-b993-72a1aa44cf82\nアプリケーション ID: 55c92734-d682-4d71-983e-d6ec3f16059f\n拡張 PID: 03612-03385-000-000000-03-1041-19041.0000-1952025\nプロダクト キー チャネル: Volume:MAK\nインストール ID: 123456789012345678901234567890123456789012345678901234567890123\n使用ライセンス URL: https://activation-v2.sls.microsoft.com/SLActivateProduct/SLActivateProduct.asmx?configextension=Retail\n検証 URL: https://validation-v2.sls.microsoft.com/SLWGA/slwga.asmx\nプロダクト キーの一部: XXXXX\nライセンスの状態: ライセンスされています\n残りの Windows 猶予期限リセット可能回数: 1001\n残りの SKU 猶予期限リセット可能回数: 1001\n信頼された時間: 2025/07/14 11:41:07\n',
    );
    expect(licenses(result)[0]).toMatchObject({ serviceVersion: '10.0.19041.6093', keyChannel: 'Volume:MAK', licenseStatus: 'licensed', rearmWindows: 1001, rearmSku: 1001, trustedTime: '2025-07-14T11:41:07.000Z' });
  });

  it('German prints one rearm label for the Windows and the SKU count (S): the second is the SKU count', () => {
    const result = parse('Name: Windows(R), Professional edition\nBeschreibung: Windows(R) Operating System, RETAIL channel\nTeil-Product Key: 3V66T\nLizenzstatus: Lizenziert\nVerbleibende Windows Rearm-Anzahl: 1001\nVerbleibende Windows Rearm-Anzahl: 1000\n');
    expect(licenses(result)[0]).toMatchObject({ licenseStatus: 'licensed', rearmWindows: 1001, rearmSku: 1000 });
  });

  it('Traditional Chinese resource strings (S+): KMS client block, intervals, and /xpr', () => {
    const result = parse(
      '名稱: Windows(R), Enterprise edition\n描述: Windows(R) Operating System, VOLUME_KMSCLIENT channel\n部分產品金鑰: NPPR9\n授權狀態: 已授權\n大量啟用到期: 259200 分鐘(180 天)\n\n最新啟用資訊:\n金鑰管理服務用戶端資訊\n    用戶端電腦識別碼 (CMID): 2ffcfc30-3b8a-4d33-8c9c-9d1c5ad5f7a1\n    來自 DNS 的 KMS 電腦名稱: kms.contoso.com:1688\n    KMS 電腦 IP 位址: 10.0.0.5\n    KMS 電腦擴充的 PID: 06401-00206-271-111111-03-1028-9600.0000-3622014\n    啟用時間間隔: 120 分鐘\n    續約間隔: 10080 分鐘\n\n大量啟用將於 2026/6/1 上午 10:00:00 到期\n',
    );
    const [license] = licenses(result);
    expect(license!.kmsClient).toMatchObject({ dnsHost: 'kms.contoso.com', hostIp: '10.0.0.5', hostExtendedPid: '06401-00206-271-111111-03-1028-9600.0000-3622014', activationInterval: 120, renewalInterval: 10080 });
    expect(licenses(result)[1]).toMatchObject({ licenseStatus: 'licensed', expiryKind: 'volume', expiryText: '2026/6/1 上午 10:00:00' });
  });
});

describe('label confidence', () => {
  it('every language in the label tables says where its words come from (a confidence code first)', async () => {
    const { LANGUAGE_CONFIDENCE } = await import('../../../src/parsers/slmgr/labels.js');
    for (const [language, note] of Object.entries(LANGUAGE_CONFIDENCE)) {
      expect([language, /^(R|I|S\+?|Q|U)\b/.test(note)]).toEqual([language, true]);
    }
  });
});
