/**
 * Deterministic generated fleets: one folder per machine holding an Application
 * log export (event XML, UTF-8 or UTF-16LE with a BOM, like fixtures/fleet) and/or
 * saved `slmgr /dlv` text. Every `cloneEvery`-th machine is a clone of the one
 * before it (same CMID), so the fleet rule for duplicate CMIDs has work to do.
 *
 *   node dist/bench/fleet.js <dir> <machines> [files-per-machine 1|2]
 */
import { seededRandom } from './random.js';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface FleetShape {
  machines: number;
  /** 1: one file per machine (70% event XML, 30% slmgr text); 2: both. */
  filesPerMachine: 1 | 2;
  /** Machine i shares the CMID of machine i-1 when i % cloneEvery === 0. */
  cloneEvery: number;
  /** Noise (non-activation) events per event file, before the activation ones. */
  noiseEvents: number;
  seed: number;
}

export const DEFAULT_SHAPE: FleetShape = { machines: 5000, filesPerMachine: 1, cloneEvery: 50, noiseEvents: 12, seed: 20261122 };


function hex(rand: () => number, digits: number): string {
  let out = '';
  while (out.length < digits) out += Math.floor(rand() * 0x100000000).toString(16).padStart(8, '0');
  return out.slice(0, digits);
}

function guid(rand: () => number): string {
  const h = hex(rand, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function machineName(index: number): string {
  return `WS${String(index).padStart(5, '0')}`;
}

const SYSTEM_TAIL = "<Version>0</Version><Level>4</Level><Task>0</Task><Opcode>0</Opcode><Keywords>0x80000000000000</Keywords>";
const NOISE_PROVIDERS = ['MsiInstaller', 'Application Error', 'ESENT', 'VSS', 'Microsoft-Windows-Security-SPP-UX-Notifications'];

function event(provider: string, id: number, time: Date, record: number, computer: string, data: string[]): string {
  const spp = provider === 'Microsoft-Windows-Security-SPP';
  const providerTag = spp
    ? `<Provider Name='${provider}' Guid='{E23B33B0-C8C9-472C-A5F9-F2BDFEA0F156}' EventSourceName='Software Protection Platform Service'/>`
    : `<Provider Name='${provider}'/>`;
  return (
    `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>${providerTag}` +
    `<EventID Qualifiers='16384'>${id}</EventID>${SYSTEM_TAIL}<TimeCreated SystemTime='${time.toISOString().slice(0, 19)}.0000000Z'/>` +
    `<EventRecordID>${record}</EventRecordID><Correlation/><Execution ProcessID='0' ThreadID='0'/><Channel>Application</Channel>` +
    `<Computer>${computer}.corp.contoso.com</Computer><Security/></System><EventData>${data.map((d) => `<Data>${d}</Data>`).join('')}</EventData></Event>\r\n`
  );
}

function clientTime(time: Date): string {
  return time.toISOString().slice(0, 16).replace('T', ' ').replace(/-/g, '/');
}

interface MachinePlan {
  name: string;
  cmid: string;
  failing: boolean;
  start: Date;
}

function eventFile(plan: MachinePlan, rand: () => number, shape: FleetShape): string {
  let record = 40000 + Math.floor(rand() * 10000);
  let time = plan.start.getTime();
  const events: string[] = [];
  for (let i = 0; i < shape.noiseEvents; i++) {
    time += Math.floor(rand() * 3_600_000);
    const provider = NOISE_PROVIDERS[Math.floor(rand() * NOISE_PROVIDERS.length)]!;
    const text = `C:\\Program Files\\Vendor ${Math.floor(rand() * 1000)}\\app.exe &amp; helper; fault 0x${hex(rand, 8)} ${'x'.repeat(200 + Math.floor(rand() * 800))}`;
    events.push(event(provider, 1000 + Math.floor(rand() * 100), new Date(time), record++, plan.name, [text, guid(rand)]));
  }
  const attempts = 1 + Math.floor(rand() * 3);
  for (let i = 0; i < attempts; i++) {
    time += 7_200_000;
    const at = new Date(time);
    const hr = plan.failing ? '0xC004F074' : '0x00000000';
    events.push(
      event('Microsoft-Windows-Security-SPP', 12288, at, record++, plan.name, [
        `${hr}, 0x00000000, kms01.corp.contoso.com:1688, ${plan.cmid}, ${clientTime(at)}, 0, 2, 43200, 2de67392-b7a7-462a-b1ca-108dd189f588, 25`,
      ]),
    );
    if (!plan.failing) {
      const reply = new Date(time + 1000);
      events.push(
        event('Microsoft-Windows-Security-SPP', 12289, reply, record++, plan.name, [
          `0x00000000, 0x00000000, 1, 0, 52, 120, 10080, ${clientTime(reply)}`,
        ]),
      );
    }
  }
  return events.join('');
}

function slmgrFile(plan: MachinePlan): string {
  const status = plan.failing
    ? 'License Status: Notification\r\nNotification Reason: 0xC004F074.\r\n'
    : 'License Status: Licensed\r\nVolume activation expiration: 259100 minute(s) (180 day(s))\r\n';
  return (
    'Software licensing service version: 10.0.19041.3803\r\n\r\n' +
    'Name: Windows(R), Enterprise edition\r\nDescription: Windows(R) Operating System, VOLUME_KMSCLIENT channel\r\n' +
    'Activation ID: 73111121-5638-40f6-bc11-f1d7b0d64300\r\nApplication ID: 55c92734-d682-4d71-983e-d6ec3f16059f\r\n' +
    'Product Key Channel: Volume:GVLK\r\nPartial Product Key: WFG6P\r\n' +
    status +
    'Remaining Windows rearm count: 1001\r\nTrusted time: 11/20/2026 9:14:02 AM\r\nConfigured Activation Type: All\r\n\r\n' +
    'Most recent activation information:\r\nKey Management Service client information\r\n' +
    `    Client Machine ID (CMID): ${plan.cmid}\r\n    KMS machine name from DNS: kms01.corp.contoso.com:1688\r\n` +
    '    Activation interval: 120 minutes\r\n    Renewal interval: 10080 minutes\r\n'
  );
}

function encodeXml(text: string, utf16: boolean): Buffer {
  return utf16 ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]) : Buffer.from(text, 'utf8');
}

/** Writes the fleet under `dir` (replacing it). Returns the number of files and bytes written. */
export function generateFleet(dir: string, shape: FleetShape): { files: number; bytes: number } {
  rmSync(dir, { recursive: true, force: true });
  const rand = seededRandom(shape.seed);
  let files = 0;
  let bytes = 0;
  let previousCmid = guid(rand);
  for (let index = 1; index <= shape.machines; index++) {
    const cmid = index % shape.cloneEvery === 0 ? previousCmid : guid(rand);
    previousCmid = cmid;
    const plan: MachinePlan = {
      name: machineName(index),
      cmid,
      failing: rand() < 0.2,
      start: new Date(Date.UTC(2026, 10, 1) + Math.floor(rand() * 14 * 86_400_000)),
    };
    const folder = join(dir, plan.name);
    mkdirSync(folder, { recursive: true });
    const wantsEvents = shape.filesPerMachine === 2 || rand() < 0.7;
    const wantsText = shape.filesPerMachine === 2 || !wantsEvents;
    if (wantsEvents) {
      const content = encodeXml(eventFile(plan, rand, shape), rand() < 0.3);
      writeFileSync(join(folder, 'Application.xml'), content);
      files++;
      bytes += content.length;
    }
    if (wantsText) {
      const content = Buffer.from(slmgrFile(plan), 'utf8');
      writeFileSync(join(folder, 'slmgr-dlv.txt'), content);
      files++;
      bytes += content.length;
    }
  }
  return { files, bytes };
}

/** Generates once; a marker file records the shape so a changed shape regenerates. */
export function ensureFleet(dir: string, shape: FleetShape): { files: number; bytes: number } {
  const marker = `${dir}.shape.json`; // beside the fleet, so the scan never sees it
  const wanted = JSON.stringify(shape);
  if (existsSync(marker)) {
    const saved = JSON.parse(readFileSync(marker, 'utf8')) as { shape: string; files: number; bytes: number };
    if (saved.shape === wanted) return { files: saved.files, bytes: saved.bytes };
  }
  process.stdout.write(`generating ${dir} (${shape.machines} machines) …\n`);
  const written = generateFleet(dir, shape);
  writeFileSync(marker, JSON.stringify({ shape: wanted, ...written }));
  return written;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [dir, machines, perMachine] = process.argv.slice(2);
  if (!dir || !machines) throw new Error('usage: fleet.js <dir> <machines> [files-per-machine 1|2]');
  const shape: FleetShape = { ...DEFAULT_SHAPE, machines: Number(machines), filesPerMachine: perMachine === '2' ? 2 : 1 };
  console.log(generateFleet(dir, shape));
}
