/**
 * readFileEvidence opens each file once and hands the sniffed head to the
 * parser: files smaller than the head, larger than the head, and larger than a
 * read chunk (1 MiB) must give the same facts; text limits still apply.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../../src/data/paths.js';
import { readFileEvidence } from '../../src/input/read.js';
import type { DiscoveredFile } from '../../src/input/discover.js';

const PC09 = readFileSync(join(PACKAGE_ROOT, 'fixtures', 'fleet', 'PC09', 'Application.xml'), 'utf8');
const PC07_TEXT = join(PACKAGE_ROOT, 'fixtures', 'fleet', 'PC07', 'slmgr.txt');
const NOISE_EVENT =
  "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='MsiInstaller'/>" +
  "<EventID Qualifiers='0'>1033</EventID><Level>4</Level><TimeCreated SystemTime='2026-11-18T09:00:00.0000000Z'/>" +
  `<EventRecordID>1</EventRecordID><Channel>Application</Channel><Computer>PC09.corp.contoso.com</Computer></System><EventData><Data>${'x'.repeat(600)}</Data></EventData></Event>\r\n`;

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'ad-read-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function entry(path: string, machineHint = 'PC09'): DiscoveredFile {
  return { path, absPath: resolve(path), machineHint, machineFromFileName: false, size: statSync(path).size };
}

function writeWithPadding(name: string, paddingBytes: number, encoding: 'utf8' | 'utf16le' = 'utf8'): string {
  const padding = NOISE_EVENT.repeat(Math.ceil(paddingBytes / NOISE_EVENT.length));
  const path = join(root, name);
  const body = Buffer.from(padding + PC09, encoding);
  writeFileSync(path, encoding === 'utf16le' ? Buffer.concat([Buffer.from([0xff, 0xfe]), body]) : body);
  return path;
}

describe('readFileEvidence on event XML of every size', () => {
  it.each([
    ['inside the 64 KiB head', 0, 'utf8'],
    ['just past the head', 70 * 1024, 'utf8'],
    ['across 1 MiB read chunks', Math.round(2.5 * 1024 * 1024), 'utf8'],
    ['UTF-16LE across chunks', Math.round(1.2 * 1024 * 1024), 'utf16le'],
  ] as const)('finds the activation events %s', async (_label, padding, encoding) => {
    const small = await readFileEvidence(entry(writeWithPadding('small.xml', 0)));
    const path = writeWithPadding(`padded-${padding}-${encoding}.xml`, padding, encoding);
    const padded = await readFileEvidence(entry(path));
    expect(padded.report.status).toBe('parsed');
    expect(padded.facts.map((fact) => fact.kind)).toEqual(small.facts.map((fact) => fact.kind));
    expect(padded.facts.length).toBeGreaterThan(0);
    const paddingLines = padding ? Math.ceil(padding / NOISE_EVENT.length) : 0;
    expect(padded.facts.map((fact) => fact.source.line)).toEqual(small.facts.map((fact) => (fact.source.line ?? 0) + paddingLines));
  });
});

describe('readFileEvidence on text', () => {
  it('reads a small text file whole', async () => {
    const result = await readFileEvidence(entry(PC07_TEXT, 'PC07'));
    expect(result.report.status).toBe('parsed');
    expect(result.facts.length).toBeGreaterThan(0);
  });

  it('marks a text file partial when it is longer than --max-text-size, even when it fits the head', async () => {
    const result = await readFileEvidence(entry(PC07_TEXT, 'PC07'), { maxTextBytes: 300 });
    expect(result.report.status).toBe('partial');
    expect(result.report.problems.map((problem) => problem.message).join('\n')).toMatch(/--max-text-size/);
  });
});
