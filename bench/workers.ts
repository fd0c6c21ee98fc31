/**
 * Experiment: does reading files in worker threads pay? Measures the read phase
 * only (discover + readFileEvidence for every file), one child process per run:
 *   node dist/bench/workers.js <dir> main <jobs>       p-limit on the main thread
 *   node dist/bench/workers.js <dir> workers <threads> a tiny pool of worker threads
 * Prints one JSON line: seconds, CPU seconds, facts, peak RSS.
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import pLimit from 'p-limit';
import { discover, type DiscoveredFile } from '../src/input/discover.js';
import { readFileEvidence, type FileEvidence } from '../src/input/read.js';

/** A batch ends at 64 files or 8 MB, so a few big files still spread over the threads. */
const BATCH_FILES = 64;
const BATCH_BYTES = 8 * 1024 * 1024;
const PER_THREAD_CONCURRENCY = 4;

interface Batch {
  id: number;
  files: DiscoveredFile[];
}

async function readBatch(files: DiscoveredFile[], concurrency: number): Promise<FileEvidence[]> {
  const limit = pLimit(concurrency);
  return Promise.all(files.map((file) => limit(() => readFileEvidence(file))));
}

async function onMainThread(files: DiscoveredFile[], jobs: number): Promise<FileEvidence[]> {
  return readBatch(files, jobs);
}

/** Batches go to whichever worker is free; results come back in input order. */
async function inWorkers(files: DiscoveredFile[], threads: number): Promise<FileEvidence[]> {
  const batches: Batch[] = [];
  let current: DiscoveredFile[] = [];
  let bytes = 0;
  for (const file of files) {
    current.push(file);
    bytes += file.size;
    if (current.length >= BATCH_FILES || bytes >= BATCH_BYTES) {
      batches.push({ id: batches.length, files: current });
      current = [];
      bytes = 0;
    }
  }
  if (current.length) batches.push({ id: batches.length, files: current });
  const results: FileEvidence[][] = new Array(batches.length);
  let next = 0;
  const self = fileURLToPath(import.meta.url);
  await Promise.all(
    Array.from({ length: threads }, () =>
      new Promise<void>((resolve, reject) => {
        const worker = new Worker(self, { workerData: { worker: true } });
        const send = () => {
          const batch = batches[next++];
          if (batch) worker.postMessage(batch);
          else void worker.terminate().then(() => resolve());
        };
        worker.on('message', (message: { id: number; evidence: FileEvidence[] }) => {
          results[message.id] = message.evidence;
          send();
        });
        worker.on('error', reject);
        worker.once('online', send);
      }),
    ),
  );
  return results.flat();
}

async function main(): Promise<void> {
  const [dir, mode, count] = process.argv.slice(2) as [string, 'main' | 'workers', string];
  const started = process.hrtime.bigint();
  const { files } = await discover([dir]);
  const evidence = mode === 'workers' ? await inWorkers(files, Number(count)) : await onMainThread(files, Number(count));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const usage = process.resourceUsage();
  const facts = evidence.reduce((sum, item) => sum + item.facts.length, 0);
  process.stdout.write(
    JSON.stringify({ mode, count: Number(count), files: files.length, facts, seconds, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6, maxRssMB: usage.maxRSS / 1024 }) + '\n',
  );
}

if (isMainThread) await main();
else if ((workerData as { worker?: boolean })?.worker) {
  parentPort!.on('message', (batch: Batch) => {
    void readBatch(batch.files, PER_THREAD_CONCURRENCY).then((evidence) => parentPort!.postMessage({ id: batch.id, evidence }));
  });
}
