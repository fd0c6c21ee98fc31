/**
 * One measured run (spawned by run.ts so peak RSS is per run):
 *   node dist/bench/events.js <events|saxes> <file> <utf-8|utf-16le>
 * Prints one JSON line: bytes, seconds, events seen, activation facts/events, peak RSS.
 */
import { statSync } from 'node:fs';
import { open as openFile } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { SaxesParser } from 'saxes';
import { readChunks } from '../src/input/chunks.js';
import { readEventXml } from '../src/parsers/events/index.js';

export interface RunResult {
  reader: string;
  file: string;
  bytes: number;
  seconds: number;
  /** user + system CPU time of the process during the run (GC threads included, Node startup not). */
  cpuSeconds: number;
  /** Activation facts (events reader) or SPP-family events (saxes reader). */
  kept: number;
  /** Every <Event> in the file (counted by the saxes reader only; 0 otherwise). */
  events: number;
  maxRssMB: number;
}

const ACTIVATION_PROVIDERS = new Set([
  'Microsoft-Windows-Security-SPP',
  'Microsoft-Windows-Security-Licensing-SLC',
  'Office Software Protection Platform Service',
]);

/** Both readers get the file the way a scan reads it: 1 MiB chunks of one reused buffer. */
async function* open(file: string): AsyncGenerator<Buffer> {
  const handle = await openFile(file, 'r');
  try {
    yield* readChunks(handle);
  } finally {
    await handle.close();
  }
}

async function runEvents(file: string, encoding: 'utf-8' | 'utf-16le'): Promise<Counts> {
  const result = await readEventXml(open(file), encoding, { file, defaultMachine: 'BENCH' });
  return { kept: result.facts.length, events: 0 };
}

interface Counts {
  kept: number;
  events: number;
}

/** Reference: saxes streaming over the whole file, keeping the Data of activation events. */
async function runSaxes(file: string, encoding: 'utf-8' | 'utf-16le'): Promise<Counts> {
  const parser = new SaxesParser({ fragment: true });
  const decoder = new StringDecoder(encoding === 'utf-8' ? 'utf8' : 'utf16le');
  let kept = 0;
  let events = 0;
  let provider = '';
  let inData = false;
  let data: string[] = [];
  parser.on('opentag', (tag) => {
    if (tag.name === 'Provider') provider = String(tag.attributes['Name'] ?? '');
    else if (tag.name === 'Data') {
      inData = true;
      data.push('');
    }
  });
  parser.on('text', (text) => {
    if (inData && ACTIVATION_PROVIDERS.has(provider)) data[data.length - 1] += text;
  });
  parser.on('closetag', (tag) => {
    if (tag.name === 'Data') inData = false;
    else if (tag.name === 'Event') {
      events++;
      if (ACTIVATION_PROVIDERS.has(provider)) kept++;
      provider = '';
      data = [];
    }
  });
  let first = true;
  for await (const chunk of open(file)) {
    let text = decoder.write(chunk);
    if (first) {
      text = text.replace(/^\uFEFF/, '');
      first = false;
    }
    parser.write(text);
  }
  parser.write(decoder.end());
  parser.close();
  return { kept, events };
}

async function main(): Promise<void> {
  const [reader, file, encoding] = process.argv.slice(2) as [string, string, 'utf-8' | 'utf-16le'];
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  const { kept, events } = reader === 'saxes' ? await runSaxes(file, encoding) : await runEvents(file, encoding);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  const usage = process.resourceUsage();
  const result: RunResult = {
    reader,
    file,
    bytes: statSync(file).size,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    kept,
    events,
    maxRssMB: usage.maxRSS / 1024,
  };
  process.stdout.write(JSON.stringify(result) + '\n');
}

await main();
