/**
 * Event text and event JSON read into the same facts as the XML of the same events
 * (fixtures/events/text/same-events.xml holds them as Windows writes them).
 */
import { beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { Fact } from '../../../src/model/facts.js';
import { readEventText, looksLikeEventText } from '../../../src/parsers/events/text/index.js';
import { readEventXml } from '../../../src/parsers/events/index.js';
import { sniff } from '../../../src/input/sniff.js';
import { chunked, fixture, fixtureBytes } from './helpers.js';

const ctx = (file: string) => ({ file, defaultMachine: 'DEFAULT' });

async function textFacts(name: string): Promise<Fact[]> {
  const result = await readEventText(readFileSync(fixture(`text/${name}`), 'utf8'), ctx(name));
  expect(result.skippedReason).toBeUndefined();
  return result.facts;
}

let xmlByRecord: Map<number, Fact>;

beforeAll(async () => {
  const result = await readEventXml(chunked(fixtureBytes('text/same-events.xml')), 'utf-8', ctx('same-events.xml'));
  xmlByRecord = new Map(result.facts.map((fact) => [fact.source.recordId!, fact]));
});

type Shown = { time: boolean; id: boolean; provider: boolean; machine: boolean };

/** The XML fact of a record, reduced to what the text shape shows (what it does not show is absent or the default). */
function expectedFrom(recordId: number, shown: Shown): Record<string, unknown> {
  const {
    source: _source,
    message: _message,
    time,
    eventId,
    provider,
    machine,
    expiresAt,
    ...rest
  } = xmlByRecord.get(recordId) as Fact & { message?: string; expiresAt?: string };
  return {
    ...rest,
    ...(shown.time && expiresAt !== undefined ? { expiresAt } : {}),
    ...(shown.id ? { eventId } : {}),
    ...(shown.provider ? { provider } : {}),
    machine: shown.machine ? machine : 'DEFAULT',
    ...(shown.time ? { time } : {}),
  };
}

function comparable(fact: Fact, shown: Shown): Record<string, unknown> {
  const { source: _source, message: _message, time, expiresAt, ...rest } = fact as Fact & { message?: string; expiresAt?: string };
  // expiresAt is the event time plus the minutes left: compared where the time is.
  return { ...rest, ...(shown.time ? { time } : {}), ...(shown.time && expiresAt !== undefined ? { expiresAt } : {}) };
}

/** Fixture → the records it holds (in fact order) and what its shape shows. Local display times are not UTC: compared only where the shape writes UTC. */
const CASES: [string, number[], Shown][] = [
  ['event-viewer-copy-details-8198-12288.txt', [1002, 1001], { time: false, id: true, provider: true, machine: true }],
  ['event-viewer-copy-details-de.txt', [1001, 1002], { time: false, id: true, provider: true, machine: true }],
  ['event-viewer-copy-details-kms-host.txt', [1004, 1005], { time: false, id: true, provider: true, machine: true }],
  ['event-viewer-general-tab.txt', [1001, 1003, 1006], { time: false, id: false, provider: false, machine: false }],
  ['info-lines.txt', [1001, 1004, 1003], { time: false, id: false, provider: false, machine: false }],
  ['wevtutil-qe-f-text.txt', [1007, 1001, 1002, 1009], { time: false, id: true, provider: true, machine: true }],
  ['get-winevent-format-list.txt', [1001, 1002, 1008], { time: false, id: true, provider: true, machine: false }],
  ['get-eventlog-format-list.txt', [1001, 1002, 1003], { time: false, id: true, provider: true, machine: false }],
  ['event-viewer-saved-events.txt', [1001, 1002, 1003], { time: false, id: true, provider: true, machine: false }],
  ['event-viewer-saved-events.csv', [1001, 1002, 1003], { time: false, id: true, provider: true, machine: false }],
  ['event-viewer-xml-view-markdown.md', [1002], { time: true, id: true, provider: true, machine: true }],
  ['ja-general-8198-backslashes.md', [1002], { time: false, id: false, provider: false, machine: false }],
  ['splunk-wineventlog.txt', [1001, 1002, 1003], { time: false, id: true, provider: true, machine: true }],
  ['logmonitor.jsonl', [1001, 1002], { time: false, id: true, provider: false, machine: false }],
  ['logmonitor-default.txt', [1001, 1002], { time: false, id: true, provider: false, machine: false }],
  ['winlogbeat.ndjson', [1001, 1002, 1007], { time: false, id: true, provider: true, machine: true }],
  ['wazuh-alerts.json', [1002, 1001], { time: true, id: true, provider: true, machine: true }],
  ['evtx-dump.json', [1001, 1002, 1004], { time: true, id: true, provider: true, machine: true }],
];

describe('event text gives the facts of the same events as XML', () => {
  it.each(CASES)('%s', async (name, records, shown) => {
    const facts = await textFacts(name);
    const withoutIds = (fact: Fact): Record<string, unknown> => {
      const value = comparable(fact, shown);
      if (fact.kind === 'activation-error' && !shown.id) delete value['context'];
      return value;
    };
    const expected = records.map((id) => {
      const value = expectedFrom(id, shown);
      if (value['kind'] === 'activation-error' && !shown.id) delete value['context'];
      return value;
    });
    expect(facts.map(withoutIds)).toEqual(expected);
  });

  it('times written in UTC are the XML times (to the millisecond the shape keeps)', async () => {
    const facts = await textFacts('winlogbeat.ndjson');
    expect(facts.map((f) => f.time)).toEqual(['2026-10-20T08:00:05.123Z', '2026-10-20T08:00:06.200Z', '2026-10-20T08:00:04.000Z']);
    const copied = await textFacts('event-viewer-copy-details-8198-12288.txt');
    // Event Viewer shows local wall-clock time without a zone: kept as written, like slmgr's dates.
    expect(copied[1]!.time).toBe('2026-10-20T08:00:05.000Z');
  });
});

describe('what the text does not show stays absent', () => {
  it('no event id, provider or machine is made up for a General-tab paste', async () => {
    const [request, response, ruleEngine] = await textFacts('event-viewer-general-tab.txt');
    for (const fact of [request!, response!, ruleEngine!]) {
      expect(fact).not.toHaveProperty('eventId');
      expect(fact).not.toHaveProperty('provider');
      expect(fact.machine).toBe('DEFAULT');
      expect(fact.time).toBeNull();
    }
    expect(ruleEngine).toMatchObject({ kind: 'activation-error', hresult: '0xC004F074', context: 'activation event (id not shown)' });
  });

  it('Log Monitor shows no provider: the facts carry the id but no provider', async () => {
    const facts = await textFacts('logmonitor.jsonl');
    expect(facts[0]).toMatchObject({ kind: 'kms-request', eventId: 12288 });
    expect(facts[0]).not.toHaveProperty('provider');
  });

  it('hr=0x… alone without an id is an activation failure of unknown id, not a guessed 8198', async () => {
    const result = await readEventText('Acquisition failed.\nhr=0xC004F074\n', ctx('paste.txt'));
    expect(result.facts).toEqual([
      expect.objectContaining({ kind: 'activation-error', hresult: '0xC004F074', activationId: null, context: 'activation event (id not shown)' }),
    ]);
    expect(result.facts[0]).not.toHaveProperty('eventId');
  });
});

describe('structure, not words', () => {
  it('the Info list in its 10-field, 9-field (KMS host, no spaces) and 8-field shapes', async () => {
    const [request, hostRequest, response] = await textFacts('info-lines.txt');
    expect(request).toMatchObject({
      kind: 'kms-request',
      kmsHost: 'kms01.contoso.com',
      kmsPort: 1688,
      minutesToExpiry: 2880,
      licenseStatus: 'licensed',
      minimumCount: 25,
    });
    expect(hostRequest).toMatchObject({ kind: 'kms-host-request', hresult: '0xC004F06C', minimumCount: 25, client: 'PC01.contoso.com' });
    expect(response).toMatchObject({ kind: 'kms-response', activated: true, currentCount: 50 });
  });

  it('Get-EventLog: the id from InstanceId, the record id from Index, the provider from the event source name', async () => {
    const facts = await textFacts('get-eventlog-format-list.txt');
    expect(facts.map((f) => [f.kind, f.eventId, f.provider, f.source.recordId])).toEqual([
      ['kms-request', 12288, 'Microsoft-Windows-Security-SPP', 1001],
      ['activation-error', 8198, 'Microsoft-Windows-Security-SPP', 1002],
      ['kms-response', 12289, 'Microsoft-Windows-Security-SPP', 1003],
    ]);
  });

  it.each([
    ['Russian', 'Не удалось опубликовать службу управления ключами (KMS) в DNS в домене «contoso.com».\nСведения:\n0x80072338'],
    ['Chinese, full-width colon', '在“contoso.com”域中将密钥管理服务(KMS)发布到 DNS 失败。\n信息：\n0x80072338'],
  ])('12293 in %s: the code after the quoted domain', async (_language, text) => {
    const result = await readEventText(text, ctx('kms.txt'));
    expect(result.facts).toEqual([expect.objectContaining({ kind: 'dns-publish', ok: false, hresult: '0x80072338', domain: 'contoso.com' })]);
  });

  it('a GUID cut by an 80-column console in Format-List is joined', async () => {
    const [request] = await textFacts('get-winevent-format-list.txt');
    expect(request).toMatchObject({ cmid: '36f27b39-4f5c-4c8f-a7e0-1bf6a5a0ab31', activationId: '2ffd8952-423e-4903-b993-72a1aa44cf82' });
  });

  it('other providers’ events and activation events this tool does not read are not evidence', async () => {
    const result = await readEventText(readFileSync(fixture('text/not-evidence-application-error.txt'), 'utf8'), ctx('x.txt'));
    expect(result.facts).toEqual([]);
    expect(result.skippedReason).toMatch(/no activation event/);
  });

  it('text without an activation structure is not event text (a README, slmgr output)', () => {
    expect(looksLikeEventText('Activation failed, see the log.\nError: 0xC004F074\n')).toBe(false);
    expect(looksLikeEventText(readFileSync(fixture('../slmgr/en/011-slmgr-dli-server2012-kmsclient-licensed-dns-discovered.txt'), 'utf8'))).toBe(false);
    expect(looksLikeEventText('Name: x\nCount: 12288\nDate: 2026-10-20\n')).toBe(false);
  });

  it('a forum paste that keeps only Source and Event ID above the message', async () => {
    const text =
      'Hi all, our clients log this every day:\n\nSource: Security-SPP\nEvent ID: 8198\nLicense Activation (slui.exe) failed with the following error code:\nhr=0xC004F074\nCommand-line arguments:\nRuleId=31e71c49-8da7-4a2f-ad92-45d98a1c79ba;Action=AutoActivate;AppId=55c92734-d682-4d71-983e-d6ec3f16059f;SkuId=2ffd8952-423e-4903-b993-72a1aa44cf82;NotificationInterval=1440;Trigger=TimerEvent\n\nAny idea?\n';
    const result = await readEventText(text, ctx('forum.txt'));
    expect(result.facts).toEqual([
      expect.objectContaining({
        kind: 'activation-error',
        eventId: 8198,
        provider: 'Microsoft-Windows-Security-SPP',
        hresult: '0xC004F074',
        activationId: '2ffd8952-423e-4903-b993-72a1aa44cf82',
        source: { file: 'forum.txt', line: 3 },
      }),
    ]);
  });

  it('a header whose line breaks a forum lost: provider and id still read from where the text shows them', async () => {
    const text =
      'Log Name: Application Source: Microsoft-Windows-Security-SPP Date: 10/20/2026 8:00:06 AM Event ID: 8198 Task Category: None Level: Error Keywords: Classic User: N/A Computer: PC01 Description: License Activation (slui.exe) failed with the following error code: hr=0xC004F074 Command-line arguments: RuleId=31e71c49-8da7-4a2f-ad92-45d98a1c79ba;Action=AutoActivate;AppId=55c92734-d682-4d71-983e-d6ec3f16059f;SkuId=2ffd8952-423e-4903-b993-72a1aa44cf82;NotificationInterval=1440;Trigger=TimerEvent\n';
    const result = await readEventText(text, ctx('forum-one-line.txt'));
    expect(result.facts).toEqual([
      expect.objectContaining({
        kind: 'activation-error',
        eventId: 8198,
        provider: 'Microsoft-Windows-Security-SPP',
        hresult: '0xC004F074',
        context: 'event 8198 (license activation failed)',
      }),
    ]);
  });

  it('a licensing code under an activation provider is evidence whatever the message says', async () => {
    const text =
      'Log Name:      Application\nSource:        Microsoft-Windows-Security-SPP\nDate:          10/20/2026 8:00:06 AM\nEvent ID:      8200\nTask Category: None\nLevel:         Error\nKeywords:      Classic\nUser:          N/A\nComputer:      PC07\nDescription:\nÉchec de l’acquisition de licence. 0xC004C003\n';
    const result = await readEventText(text, ctx('fr.txt'));
    expect(result.facts).toEqual([expect.objectContaining({ kind: 'activation-error', eventId: 8200, hresult: '0xC004C003', machine: 'PC07' })]);
  });
});

describe('a ticket with slmgr output beside the events', () => {
  it('reads both: the slmgr license block and the pasted event', async () => {
    const facts = await textFacts('ticket-slmgr-dli-and-event-8198.txt');
    expect(facts.map((f) => [f.kind, f.source.line])).toEqual([
      ['license', 4],
      ['activation-error', 23],
    ]);
    expect(facts[0]).toMatchObject({ origin: 'slmgr', channel: 'VOLUME_KMSCLIENT', licenseStatus: 'licensed', machine: 'DEFAULT' });
    expect(facts[1]).toMatchObject({ eventId: 8198, hresult: '0xC004F074', machine: 'PC01' });
  });

  it('event text alone leaves nothing for the slmgr reader (no stray facts from headers or messages)', async () => {
    for (const [name] of CASES) {
      const facts = await textFacts(name);
      expect(facts.filter((f) => f.kind === 'license' && (f as { origin?: string }).origin !== 'event')).toEqual([]);
    }
  });
});

describe('sniffing', () => {
  it.each(CASES.map(([name]) => name))('%s is event text', (name) => {
    expect(sniff(fixtureBytes(`text/${name}`)).kind).toBe('event-text');
  });

  it('UTF-16 with a BOM (PowerShell 5 Out-File) is event text too', () => {
    const text = readFileSync(fixture('text/get-winevent-format-list.txt'), 'utf8');
    expect(sniff(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))).toEqual({ kind: 'event-text', encoding: 'utf-16le' });
  });
});

describe('hostile text stays linear and never throws', () => {
  it.each([
    ['a label followed by 160 KB of spaces', 'hr=0x80004005 AppId' + ' '.repeat(160_000) + 'x'],
    ['AppId and SkuId each followed by 160 KB of spaces', '0xC004F074 AppId' + ' '.repeat(160_000) + 'x SkuId' + ' '.repeat(160_000)],
    ['LicenseState= then 30 000 AppId=', 'LicenseState=' + 'AppId='.repeat(30_000)],
    ['300 000 Format-List Id lines (more than a spread argument list takes)', 'Id : 1\n'.repeat(300_000)],
    ['an unclosed JSON object', '{'.repeat(160_000)],
    ['an unclosed CSV quote', 'Level,Date and Time,Source,Event ID,Task Category\n' + '"'.repeat(160_000)],
  ])('%s', async (_name, text) => {
    const result = await readEventText(text, ctx('hostile.txt'));
    expect(Array.isArray(result.facts)).toBe(true);
  });
});
