import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { OutputError, writeReportFile, writeReportStream } from '../../src/report/output.js';
import { currentLanguage, setLanguage } from '../../src/i18n/index.js';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'ad-output-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function* failingAfter(pieces: number): Generator<string> {
  for (let i = 0; i < pieces; i++) yield 'x'.repeat(512 * 1024);
  throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
}

describe('writeReportFile (issue 20 case 13)', () => {
  it('a write that fails half-way leaves the previous report as it was, and no temporary file', async () => {
    const dir = join(root, 'fail');
    mkdirSync(dir);
    const target = join(dir, 'report.json');
    writeFileSync(target, 'previous report');
    await expect(writeReportFile(target, failingAfter(5))).rejects.toThrow(/no space left on the device.*previous file is unchanged/);
    expect(readFileSync(target, 'utf8')).toBe('previous report');
    expect(readdirSync(dir)).toEqual(['report.json']);
  });

  it('says so in the language in force (the CLI sets it once)', async () => {
    const dir = join(root, 'fail-de');
    mkdirSync(dir);
    const target = join(dir, 'report.json');
    writeFileSync(target, 'previous report');
    const previous = currentLanguage();
    setLanguage('de');
    try {
      await expect(writeReportFile(target, failingAfter(1))).rejects.toThrow(
        `--output ${target}: Der Bericht konnte nicht geschrieben werden (kein Speicherplatz mehr auf dem Gerät); die bisherige Datei ist unverändert`,
      );
    } finally {
      setLanguage(previous);
    }
  });

  it('a complete write replaces the report whole', async () => {
    const dir = join(root, 'ok');
    mkdirSync(dir);
    const target = join(dir, 'report.json');
    writeFileSync(target, 'previous report');
    await writeReportFile(target, ['{', '"a": 1', '}\n']);
    expect(readFileSync(target, 'utf8')).toBe('{"a": 1}\n');
    expect(readdirSync(dir)).toEqual(['report.json']);
  });

  it('refuses a folder as the target, naming it', async () => {
    await expect(writeReportFile(root, ['x'])).rejects.toThrow(OutputError);
    await expect(writeReportFile(root, ['x'])).rejects.toThrow(/is a folder: give a file name/);
  });
});

describe('writeReportStream (issue 20 case 12)', () => {
  it('stops quietly when the reader has gone (EPIPE) and says so', async () => {
    const stream = new PassThrough({ highWaterMark: 16 });
    let written = 0;
    stream.on('data', () => {
      written++;
      if (written === 1) stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    });
    const pieces = Array.from({ length: 8 }, () => 'y'.repeat(2 << 20));
    await expect(writeReportStream(stream, pieces)).resolves.toBe(false);
  });

  it('passes other stream errors on', async () => {
    const stream = new PassThrough({ highWaterMark: 16 });
    stream.on('data', () => stream.emit('error', Object.assign(new Error('EIO'), { code: 'EIO' })));
    await expect(writeReportStream(stream, ['z'.repeat(2 << 20), 'z'.repeat(2 << 20)])).rejects.toThrow('EIO');
  });
});
