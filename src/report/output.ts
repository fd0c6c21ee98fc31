/**
 * Writing a rendered report to its destination, piece by piece, with bounded
 * memory: to a file atomically (a full disk never leaves half a report where
 * the previous one was), or to stdout, where a reader that went away (`| head`)
 * ends the writing quietly.
 */
import { open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { t } from '../i18n/index.js';

/** Pieces are gathered up to this size before one write. */
const BATCH_CHARS = 1 << 20;

function* batches(pieces: Iterable<string>): Generator<string> {
  let batch = '';
  for (const piece of pieces) {
    batch += piece;
    if (batch.length >= BATCH_CHARS) {
      yield batch;
      batch = '';
    }
  }
  if (batch) yield batch;
}

export class OutputError extends Error {}

/** Writes to a temporary file beside `path`, then renames it over `path`: readers see the old report or the whole new one. */
export async function writeReportFile(path: string, pieces: Iterable<string>): Promise<void> {
  const info = await stat(path).catch(() => null);
  if (info?.isDirectory()) throw new OutputError(t('cli.error.outputIsFolder', { output: path, example: join(path, 'report.json') }));
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  let handle;
  try {
    handle = await open(temporary, 'wx');
  } catch (error) {
    throw new OutputError(t('note.output.cannotCreate', { output: path, temporary, problem: describe(error) }));
  }
  try {
    for (const batch of batches(pieces)) await handle.write(batch);
    await handle.sync();
    await handle.close();
    handle = null;
    await rename(temporary, path);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await rm(temporary, { force: true }).catch(() => undefined);
    const left = info ? t('note.output.previousUnchanged') : t('note.output.noFileLeft');
    throw new OutputError(t('note.output.notWritten', { output: path, problem: describe(error), left }));
  }
}

/**
 * Writes to a stream, waiting for it to drain between batches. Returns false
 * when the reader closed it (EPIPE): the rest is dropped without a word.
 */
export async function writeReportStream(stream: NodeJS.WritableStream, pieces: Iterable<string>): Promise<boolean> {
  let closed = false;
  let failure: unknown = null;
  const onError = (error: NodeJS.ErrnoException): void => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') closed = true;
    else failure = error;
  };
  stream.on('error', onError);
  try {
    for (const batch of batches(pieces)) {
      if (closed || failure) break;
      if (!stream.write(batch)) await drained(stream);
    }
    // a pipe reports EPIPE after the write call returned: give it the chance to arrive
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    if (!closed && !failure) stream.off('error', onError);
  }
  if (failure) throw failure;
  return !closed;
}

/** Resolves on drain, close or error, and leaves no listener behind (one per batch would pile up). */
function drained(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      stream.off('drain', done);
      stream.off('close', done);
      stream.off('error', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
    stream.on('error', done);
  });
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC') return t('note.output.noSpace');
  if (code === 'EDQUOT') return t('note.output.quota');
  if (code === 'EACCES' || code === 'EPERM') return t('note.output.permission');
  if (code === 'EROFS') return t('note.output.readOnly');
  return error instanceof Error ? error.message : String(error);
}
