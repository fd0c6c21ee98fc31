/**
 * The .evtx benchmark corpus, generated into bench/.data/evtx/ (not committed):
 * the sample logs of fixtures/evtx decompressed, and two 64 MiB+ logs built
 * from their chunks behind a new file header (chunks are self-contained, so
 * these are valid logs every reader accepts):
 *   mix.evtx - every valid chunk of the samples evtxexport reads to the end
 *              (not the CAPI2 and forwarded-event logs it aborts on), round robin
 *   app.evtx - the Windows 11 Application log's chunks only (72% SPP)
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { crc32 } from '../src/parsers/events/evtx/crc32.js';
import { DATA_DIR } from './generate.js';
import { PACKAGE_ROOT } from '../src/data/paths.js';

const HEADER = 4096;
const CHUNK = 65536;
const TARGET_BYTES = 64 * 1024 * 1024;
export const EVTX_DIR = join(DATA_DIR, 'evtx');
export const SAMPLES_DIR = join(EVTX_DIR, 'samples');

/** Valid logs that evtxexport 20181227 stops reading (an entity reference, a forwarded record): left out of mix.evtx so every tool reads all of it. */
const EVTXEXPORT_ABORTS = /CAPI2%4Operational\.evtx$|MSExchange_Management_wec\.evtx$/;

export interface EvtxCorpus {
  samples: string[];
  mix: string;
  app: string;
}

function fixtureFiles(): string[] {
  const root = join(PACKAGE_ROOT, 'fixtures', 'evtx');
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((dir) => readdirSync(join(root, dir.name)).filter((name) => name.endsWith('.evtx.gz')).map((name) => join(root, dir.name, name)))
    .sort();
}

function validChunks(bytes: Buffer): Buffer[] {
  const chunks: Buffer[] = [];
  for (let at = HEADER; at + CHUNK <= bytes.length; at += CHUNK) {
    if (bytes.toString('latin1', at, at + 8) === 'ElfChnk\0') chunks.push(bytes.subarray(at, at + CHUNK));
  }
  return chunks;
}

function buildLog(path: string, header: Buffer, pool: Buffer[]): void {
  const count = Math.ceil((TARGET_BYTES - HEADER) / CHUNK) + 1;
  const out = Buffer.alloc(HEADER + count * CHUNK);
  header.copy(out, 0, 0, HEADER);
  for (let i = 0; i < count; i++) pool[i % pool.length]!.copy(out, HEADER + i * CHUNK);
  out.writeBigUInt64LE(0n, 8);
  out.writeBigUInt64LE(BigInt(count - 1), 16);
  out.writeUInt16LE(Math.min(count, 0xffff), 42);
  out.writeUInt32LE(0, 120); // clean, not full
  out.writeUInt32LE(crc32(out, [[0, 120]]), 124);
  writeFileSync(path, out);
}

export function ensureEvtxCorpus(): EvtxCorpus {
  mkdirSync(SAMPLES_DIR, { recursive: true });
  const decompressed = fixtureFiles().map((gz) => {
    const name = gz.split(/[\\/]/).slice(-2).join('__').replace(/\.gz$/, '');
    const path = join(SAMPLES_DIR, name);
    if (!existsSync(path)) writeFileSync(path, gunzipSync(readFileSync(gz)));
    return path;
  });
  const mix = join(EVTX_DIR, 'mix.evtx');
  const app = join(EVTX_DIR, 'app.evtx');
  const application = decompressed.find((path) => path.endsWith('ts-evtx__Application.evtx'))!;
  if (!existsSync(mix) || statSync(mix).size < TARGET_BYTES) {
    const pools = decompressed.filter((path) => !EVTXEXPORT_ABORTS.test(path)).map((path) => validChunks(readFileSync(path)));
    const roundRobin: Buffer[] = [];
    for (let i = 0; pools.some((pool) => i < pool.length); i++) for (const pool of pools) if (i < pool.length) roundRobin.push(pool[i]!);
    buildLog(mix, readFileSync(application), roundRobin);
  }
  if (!existsSync(app) || statSync(app).size < TARGET_BYTES) {
    const bytes = readFileSync(application);
    buildLog(app, bytes, validChunks(bytes));
  }
  return { samples: decompressed, mix, app };
}
