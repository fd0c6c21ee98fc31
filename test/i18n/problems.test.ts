/**
 * Messages about input files in the chosen language: `--lang qps` over inputs
 * that produce many kinds of problems leaves no English word in them (JSON,
 * text format, the `events` command's stderr); German runs give German
 * messages; the library's scan() writes them in its `lang`.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { loadCatalog } from '../../src/catalog/catalog.js';
import { loadRules } from '../../src/engine/index.js';
import { RULES_DIR, PACKAGE_ROOT } from '../../src/data/paths.js';
import type { FileProblemCode, Report } from '../../src/model/report.js';
import { scan } from '../../src/pipeline/scan.js';
import { EVTX_ADVICE } from '../../src/parsers/events/index.js';
import { t, withLanguage } from '../../src/i18n/index.js';
import { runCli } from '../helpers/cli.js';

const NS = 'http://schemas.microsoft.com/win/2004/08/events/event';
const SPP = `<Provider Name="Microsoft-Windows-Security-SPP" Guid="{E23B33B0-C8C9-472C-A5F9-F2BDFEA0F156}"/>`;
const HEADER = 4096;
const CHUNK = 65536;

function sppEvent(computer: string, recordId: number, time = '2026-11-19T08:00:00.0000000Z'): string {
  const data = '0xC004F074, 0x00000000, kms:1688, 0a0a0a0a-0000-4000-8000-000000000000, 2026/11/19 08:00, 0, 2, 100, 2de67392-b7a7-462a-b1ca-108dd189f588, 25';
  return `<Event xmlns="${NS}"><System>${SPP}<EventID Qualifiers="16384">12288</EventID><Level>4</Level><TimeCreated SystemTime="${time}"/><EventRecordID>${recordId}</EventRecordID><Channel>Application</Channel><Computer>${computer}</Computer></System><EventData><Data>${data}</Data></EventData></Event>`;
}

function evtx(relative: string): Buffer {
  return gunzipSync(readFileSync(join(PACKAGE_ROOT, 'fixtures', 'evtx', `${relative}.gz`)));
}

const SLMGR = readFileSync(join(PACKAGE_ROOT, 'fixtures', 'slmgr', 'en', '020-slmgr-dli-win7-enterprise-kmsclient-licensed-msdoc.txt'), 'utf8');

/** One folder per machine, each holding a file that goes wrong in its own way. */
function hostileFleet(root: string): void {
  const put = (machine: string, name: string, content: string | Buffer): void => {
    mkdirSync(join(root, machine), { recursive: true });
    writeFileSync(join(root, machine, name), content);
  };
  put('EMPTY', 'Application.xml', '');
  let seed = 7;
  const garbage = Buffer.alloc(8192);
  for (let i = 0; i < garbage.length; i++) garbage[i] = (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff;
  put('GARBAGE', 'Application.xml', garbage);
  put('GZIP', 'Application.xml.gz', gzipSync(sppEvent('GZIP', 1)));
  put('OWN', 'report.json', '{"schemaVersion": 1, "tool": {"name": "activation-doctor", "version": "0.1.0"}}\n');
  put('NOTEVIDENCE', 'notes.txt', 'Called the user, rebooted, will check tomorrow.\n');
  for (const fixture of ['billion-laughs', 'external-entity-etc-passwd', 'undeclared-entity-in-event']) {
    put('HOSTILE', `${fixture}.xml`, readFileSync(join(PACKAGE_ROOT, 'fixtures', 'events', 'hostile', `${fixture}.xml`)));
  }
  put('CLIXML', 'depth1.xml', readFileSync(join(PACKAGE_ROOT, 'fixtures', 'events', 'clixml', 'convertto-xml-depth1.xml')));
  put(
    'DEEP',
    'Application.xml',
    `<Event xmlns="${NS}"><System>${SPP}<EventID>12288</EventID></System><EventData>${'<a>'.repeat(100)}${'</a>'.repeat(100)}</EventData></Event>\n`,
  );
  put('BADCHAR', 'Application.xml', `<Event xmlns="${NS}"><System>${SPP}<EventID>12288</EventID></System><EventData><Data>&#1;</Data></EventData></Event>\n`);
  put('BROKEN', 'Application.xml', `<Events>${sppEvent('BROKEN', 1)}<Event xmlns="${NS}"><System>${SPP}<EventID>12288</EventID></Sys></System></Event>\n`);
  put('CUT', 'Application.xml', `<Events>\n${sppEvent('CUT', 1)}\n${sppEvent('CUT', 2).slice(0, 300)}`);
  put('NOROOTEND', 'Application.xml', `<Events>\n${sppEvent('NOROOTEND', 1)}\n`);
  put('WIDE', 'Application.xml', `<Events>${sppEvent('WIDE', 1).replace('0xC004F074', '0x1C004F0740')}</Events>\n`);
  put('FUTURE', 'Application.xml', `<Events>${sppEvent('FUTURE', 1, '2099-01-01T00:00:00.0000000Z')}</Events>\n`);
  put('TWICE', 'Application.xml', `<Events>${sppEvent('TWICE', 1)}${sppEvent('TWICE', 1)}</Events>\n`);
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${sppEvent('HALF16', 3)}\n`.repeat(4), 'utf16le')]);
  put('HALF16', 'Application.xml', utf16.subarray(0, Math.floor(utf16.length / 2) | 1));
  put('EVTXMAGIC', 'Application.evtx', evtx('omerbenamram/sample_with_a_bad_chunk_magic.evtx'));
  put('EVTXZERO', 'Application.evtx', evtx('omerbenamram/sample-with-zero-data-size-event.evtx'));
  put('EVTXCUT', 'Application.evtx', evtx('ts-evtx/Application.evtx').subarray(0, HEADER + 2 * CHUNK + 1000));
  put('EVTXHEAD', 'Application.evtx', evtx('ts-evtx/Application.evtx').subarray(0, 1000));
  const badHeader = Buffer.from(evtx('ts-evtx/Application.evtx').subarray(0, HEADER + CHUNK));
  badHeader.writeUInt16LE(1, 42);
  put('EVTXHEADER', 'Application.evtx', badHeader);
  put('SLMGRCUT', 'slmgr.txt', SLMGR.slice(0, SLMGR.indexOf('License Status') + 'Licen'.length));
  put('SLMGRWIDE', 'slmgr.txt', `${SLMGR}\nError: 0x1C004F0740\n`);
  put('SLMGRTIME', 'slmgr.txt', SLMGR.replace('Partial Product Key', 'Trusted time: 03/04/2026 10:00:00\nPartial Product Key'));
  put('SLMGRNONE', 'slmgr.txt', 'Name: something\nDescription: nothing here\n');
}

const WORD = /[A-Za-z][A-Za-z]{2,}/g;

/**
 * English words left in a problem message. Not words of ours: quoted text (another
 * program's words, or the evidence's), commands in backticks, entity names, the
 * codes and file kinds the message quotes.
 */
function englishIn(message: string): string[] {
  const stripped = message
    .replace(/"[^"]*"/g, ' ')
    .replace(/`[^`]*`/g, ' ')
    .replace(/&\w+;/g, ' ')
    .replace(/\b0x[0-9a-f]+\b/gi, ' ')
    .replace(/\b(?:ConvertTo-Xml|Export-Clixml|json|slmgr)\b/g, ' ');
  return stripped.match(WORD) ?? [];
}

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'ad-problems-'));
  hostileFleet(root);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

function scanJson(lang: string, extra: string[] = []): Report {
  const run = runCli(['scan', root, '--lang', lang, '--format', 'json', '--quiet', '--jobs', '2', ...extra]);
  return JSON.parse(run.stdout) as Report;
}

describe('--lang qps over hostile inputs: problem messages carry no English', () => {
  let report: Report;
  beforeAll(() => {
    report = scanJson('qps');
  });

  it('the inputs give many kinds of problems', () => {
    const codes = new Set(report.files.flatMap((file) => file.problems.map((problem) => problem.code)));
    const expected: FileProblemCode[] = [
      'empty-file',
      'binary-content',
      'gzip-compressed',
      'own-report',
      'not-evidence',
      'doctype-refused',
      'event-unreadable',
      'truncated',
      'odd-utf16-length',
      'unsupported-value',
      'regional-time',
      'future-time',
      'duplicate-events',
      'problem',
    ];
    expect(expected.filter((code) => !codes.has(code))).toEqual([]);
  });

  it('in JSON', () => {
    const left = report.files.flatMap((file) =>
      file.problems.map((problem) => ({ file: file.path, message: problem.message, english: englishIn(problem.message) })),
    );
    expect(left.filter((entry) => entry.english.length > 0)).toEqual([]);
  });

  it('in the text format', () => {
    const run = runCli(['scan', root, '--lang', 'qps', '--format', 'text', '--quiet', '--jobs', '2']);
    // the files section: a status word and a path, then the file's problems indented under it (wrapped: joined again)
    const problemsByFile: string[] = [];
    let current: string[] | null = null;
    for (const line of run.stdout.split('\n')) {
      if (line.startsWith('    ') && line.includes(` ${root}`) && !line.startsWith('     ')) {
        current = [];
        problemsByFile.push('');
      } else if (current && /^ {13}\S/.test(line)) {
        problemsByFile[problemsByFile.length - 1] += ` ${line.trim()}`;
      } else current = null;
    }
    expect(problemsByFile.length).toBeGreaterThan(15);
    expect(problemsByFile.filter((text) => englishIn(text).length > 0)).toEqual([]);
  });

  it('on stderr of the events command', () => {
    const run = runCli(['events', root, '--lang', 'qps']);
    const messages = run.stderr
      .split('\n')
      .filter((line) => line.startsWith(`activation-doctor: ${root}`))
      .map((line) => line.slice(line.indexOf(': ', `activation-doctor: ${root}`.length) + 2));
    expect(messages.length).toBeGreaterThan(10);
    expect(messages.filter((message) => englishIn(message).length > 0)).toEqual([]);
  });
});

describe('--lang de gives German problem messages', () => {
  let byCode: Map<string, string[]>;
  beforeAll(() => {
    const report = scanJson('de');
    byCode = new Map();
    for (const file of report.files) for (const problem of file.problems) byCode.set(problem.code!, [...(byCode.get(problem.code!) ?? []), problem.message]);
  });

  it.each([
    ['empty-file', /^leere Datei$/],
    ['binary-content', /^Binärdaten: /],
    ['gzip-compressed', /^mit gzip komprimiert: .*gzip -dk FILE/],
    ['doctype-refused', /^DOCTYPE mit Entitäten bei Byte \d+ \(Zeile \d+\) abgelehnt/],
    ['odd-utf16-length', /^UTF-16-Datei mitten in einem Zeichen abgeschnitten/],
    ['duplicate-events', /^1 Eintrag wiederholt ein bereits gelesenes Ereignis/],
    ['future-time', /^1 Eintrag trägt eine Zeit nach dem Zeitpunkt der Prüfung \(01\.01\.2099, 00:00:00 UTC\)/],
    ['truncated', /^abgeschnitten bei Byte \d+ \(Zeile \d+\): das dort beginnende Ereignis hat kein End-Tag/],
    ['problem', /^Block 6 \(Byte 397312\) übersprungen: keine Blocksignatur/],
  ])('%s', (code, pattern) => {
    expect(byCode.get(code) ?? []).toContainEqual(expect.stringMatching(pattern));
  });

  it('byte counts are grouped the German way, plain numbers are not', () => {
    expect(byCode.get('problem')).toContainEqual(expect.stringMatching(/^die Datei endet in Block 2 \(Byte 135168, 1\.000 von 65\.536 Byte\)/));
  });

  it('a file over --max-file-size says so with the limit written in German', () => {
    // 1.06 MiB: one of the two larger .evtx files is over it
    const report = scanJson('de', ['--max-file-size', '1.06']);
    const messages = report.files.flatMap((file) => file.problems.filter((problem) => problem.code === 'file-too-large').map((problem) => problem.message));
    expect(messages).toEqual(['größer als die Grenze von 1,1 MiB je Datei (--max-file-size)']);
  });
});

describe('reports saved in any language are recognised as our own', () => {
  it('text and Markdown reports in every language are skipped as own reports, inventing nothing', () => {
    const folder = join(root, 'OWNREPORTS');
    mkdirSync(folder, { recursive: true });
    const failing = join(PACKAGE_ROOT, 'fixtures', 'fleet', 'PC03');
    for (const lang of ['de', 'ru', 'zh-CN', 'zh-TW', 'ja']) {
      for (const format of ['text', 'markdown']) {
        writeFileSync(join(folder, `report.${lang}.${format}`), runCli(['scan', failing, '--lang', lang, '--format', format, '--quiet']).stdout);
      }
    }
    const run = runCli(['scan', folder, '--format', 'json', '--quiet']);
    const report = JSON.parse(run.stdout) as Report;
    expect(report.files).toHaveLength(10);
    expect(report.files.filter((file) => file.status !== 'skipped' || file.problems[0]?.code !== 'own-report').map((file) => file.path)).toEqual([]);
    expect(report.machines).toEqual([]);
    rmSync(folder, { recursive: true });
  });
});

describe('the library scan() writes problems in its lang', () => {
  it('EVTX_ADVICE, exported in English, is the English of the message the reader writes', () => {
    expect(withLanguage('en', () => t('problem.xml.evtxAdvice'))).toBe(EVTX_ADVICE);
    expect(withLanguage('de', () => t('problem.xml.evtxAdvice'))).toMatch(/^binäre \.evtx-Datei/);
  });

  it('German and English side by side, concurrently', async () => {
    const catalog = loadCatalog();
    const rules = loadRules([RULES_DIR], catalog);
    const paths = [join(root, 'EMPTY'), join(root, 'HALF16'), join(root, 'TWICE')];
    const [de, en] = await Promise.all([scan(paths, { rules, catalog, lang: 'de' }), scan(paths, { rules, catalog, lang: 'en' })]);
    const messages = (report: Report): string[] => report.files.flatMap((file) => file.problems.map((problem) => problem.message)).sort();
    expect(messages(de.report)).toContain('leere Datei');
    expect(messages(en.report)).toContain('empty file');
    expect(messages(de.report).some((message) => message.startsWith('UTF-16-Datei'))).toBe(true);
    expect(messages(en.report).some((message) => message.startsWith('UTF-16 file cut'))).toBe(true);
    expect(de.report.lang).toBe('de');
  });
});
