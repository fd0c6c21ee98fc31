/**
 * Deterministic benchmark inputs: root-less event streams pretty-printed like
 * evtxexport output (~1.2 KB per event), about 1% activation (SPP) events,
 * the rest Application-log noise from other providers (including the SPP-UX
 * decoy whose name starts like the SPP provider's).
 */
import { seededRandom } from './random.js';
import { createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

export const DATA_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bench', '.data');

export interface BenchInput {
  name: string;
  path: string;
  encoding: 'utf-8' | 'utf-16le';
  targetBytes: number;
}

const MB = 1024 * 1024;

export const INPUTS: BenchInput[] = [
  { name: '50 MB UTF-8', path: join(DATA_DIR, 'events-50mb.xml'), encoding: 'utf-8', targetBytes: 50 * MB },
  { name: '50 MB UTF-16LE (100 MB on disk)', path: join(DATA_DIR, 'events-50mb-utf16le.xml'), encoding: 'utf-16le', targetBytes: 50 * MB },
  { name: '500 MB UTF-8', path: join(DATA_DIR, 'events-500mb.xml'), encoding: 'utf-8', targetBytes: 500 * MB },
];


interface NoiseProvider {
  name: string;
  guid: string | null;
  ids: number[];
}

const NOISE: NoiseProvider[] = [
  { name: 'MsiInstaller', guid: null, ids: [1033, 1040, 1042, 11707] },
  { name: 'Application Error', guid: null, ids: [1000] },
  { name: 'Microsoft-Windows-RestartManager', guid: '{0888E5EF-9B98-4695-979D-E92CE4247224}', ids: [10000, 10001] },
  { name: 'ESENT', guid: null, ids: [916, 326, 327] },
  { name: 'Microsoft-Windows-Security-SPP-UX-Notifications', guid: '{C4EFC9BB-2570-4821-8923-1BAD317D2D4B}', ids: [100] },
  { name: 'VSS', guid: null, ids: [8224] },
  { name: 'Microsoft-Windows-Winlogon', guid: '{DBE9B383-7CF3-4331-91CC-A3CB16A3B538}', ids: [6000, 6003] },
];

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function systemTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}000000Z`;
}

function hexWords(rand: () => number, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += Math.floor(rand() * 0x100000000).toString(16).toUpperCase().padStart(8, '0');
  return out;
}

function guid(rand: () => number): string {
  const h = hexWords(rand, 4).toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function eventXml(provider: string, guidAttr: string | null, id: number, qualifiers: number | null, time: number, record: number, computer: string, data: string[], binary: string | null): string {
  const providerLine = guidAttr
    ? `    <Provider Name="${provider}" Guid="${guidAttr}"/>`
    : `    <Provider Name="${provider}"/>`;
  const idLine = qualifiers === null ? `    <EventID>${id}</EventID>` : `    <EventID Qualifiers="${qualifiers}">${id}</EventID>`;
  const dataLines = data.map((d) => `    <Data>${d}</Data>\n`).join('');
  return (
    '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">\n  <System>\n' +
    `${providerLine}\n${idLine}\n    <Version>0</Version>\n    <Level>4</Level>\n    <Task>0</Task>\n    <Opcode>0</Opcode>\n` +
    `    <Keywords>0x0080000000000000</Keywords>\n    <TimeCreated SystemTime="${systemTime(time)}"/>\n` +
    `    <EventRecordID>${record}</EventRecordID>\n    <Correlation/>\n    <Execution ProcessID="0" ThreadID="0"/>\n` +
    `    <Channel>Application</Channel>\n    <Computer>${computer}</Computer>\n    <Security/>\n  </System>\n` +
    `  <EventData>\n${dataLines}${binary ? `    <Binary>${binary}</Binary>\n` : ''}  </EventData>\n</Event>\n`
  );
}

const SPP = 'Microsoft-Windows-Security-SPP';
const SPP_GUID = '{E23B33B0-C8C9-472C-A5F9-F2BDFEA0F156}" EventSourceName="Software Protection Platform Service';

function activationEvent(rand: () => number, time: number, record: number, computer: string): string {
  const pick = rand();
  const clientTime = new Date(time).toISOString().slice(0, 16).replace('T', ' ').replace(/-/g, '/');
  if (pick < 0.25) {
    const hr = rand() < 0.3 ? '0xC004F074' : '0x00000000';
    const info = `${hr}, 0x00000000, kms01.corp.example:1688, ${guid(rand)}, ${clientTime}, 0, 5, 0, ef6cfc9f-8c5d-44ac-9aad-de6a2ea0ae03, 5`;
    return eventXml(SPP, SPP_GUID, 12288, 16384, time, record, computer, [info], hexWords(rand, 64));
  }
  if (pick < 0.5) {
    const info = `0x00000000, 0x00000000, 1, 0, ${Math.floor(rand() * 60)}, 120, 10080, ${clientTime}`;
    return eventXml(SPP, SPP_GUID, 12289, 16384, time, record, computer, [info], hexWords(rand, 64));
  }
  if (pick < 0.6) {
    const state = `Security-SPP-Action-StateData (REG_SZ) =AppId=55c92734-d682-4d71-983e-d6ec3f16059f;LastConsumptionReason=0xc004f056;LastNotificationId=VolumeUnlicensed;LicenseState=SL_LICENSING_STATUS_NOTIFICATION;PartialProductKey=6VM33;ProductKeyType=Volume:GVLK;SkuId=${guid(rand)}`;
    return eventXml(SPP, SPP_GUID, 8230, 16384, time, record, computer, [state], null);
  }
  if (pick < 0.7) {
    return eventXml(SPP, SPP_GUID, 8198, 49152, time, record, computer, ['hr=0xC004F074', `RuleId=${guid(rand)};Action=AutoActivate;AppId=55c92734-d682-4d71-983e-d6ec3f16059f;SkuId=${guid(rand)};NotificationInterval=1440;Trigger=TimerEvent`], null);
  }
  return eventXml(SPP, SPP_GUID, 16384, 16384, time, record, computer, [systemTime(time + 86_400_000).slice(0, 19) + 'Z', 'RulesEngine'], null);
}

function noiseEvent(rand: () => number, time: number, record: number, computer: string): string {
  const provider = NOISE[Math.floor(rand() * NOISE.length)]!;
  const id = provider.ids[Math.floor(rand() * provider.ids.length)]!;
  const text = `C:\\Program Files\\Vendor ${Math.floor(rand() * 1000)}\\app.exe &amp; helper; module fault 0x${hexWords(rand, 1)}`;
  const data = [text, `${Math.floor(rand() * 100000)}`, guid(rand), 'x'.repeat(120 + Math.floor(rand() * 240))];
  return eventXml(provider.name, provider.guid, id, provider.guid ? null : 0, time, record, computer, data, rand() < 0.5 ? hexWords(rand, 24) : null);
}

/** Writes one input (UTF-8 events; the UTF-16LE input gets a BOM and the same text). */
export async function generate(input: BenchInput): Promise<void> {
  mkdirSync(dirname(input.path), { recursive: true });
  const out = createWriteStream(input.path);
  const rand = seededRandom(20260101);
  if (input.encoding === 'utf-16le') out.write(Buffer.from([0xff, 0xfe]));
  let written = 0;
  let record = 1;
  let time = Date.UTC(2025, 0, 1);
  let batch: string[] = [];
  while (written < input.targetBytes) {
    time += Math.floor(rand() * 60_000);
    const computer = `PC${pad(Math.floor(rand() * 40), 3)}.corp.example`;
    const xml = rand() < 0.01 ? activationEvent(rand, time, record, computer) : noiseEvent(rand, time, record, computer);
    record++;
    batch.push(xml);
    written += xml.length;
    if (batch.length >= 512) {
      const bytes = Buffer.from(batch.join(''), input.encoding === 'utf-16le' ? 'utf16le' : 'utf8');
      batch = [];
      if (!out.write(bytes)) await once(out, 'drain');
    }
  }
  out.write(Buffer.from(batch.join(''), input.encoding === 'utf-16le' ? 'utf16le' : 'utf8'));
  out.end();
  await once(out, 'finish');
}

export async function ensureInputs(inputs: BenchInput[]): Promise<void> {
  for (const input of inputs) {
    if (existsSync(input.path) && statSync(input.path).size >= input.targetBytes) continue;
    process.stdout.write(`generating ${input.path} …\n`);
    await generate(input);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const quick = process.argv.includes('--quick');
  await ensureInputs(quick ? INPUTS.filter((i) => i.targetBytes <= 50 * MB) : INPUTS);
}
