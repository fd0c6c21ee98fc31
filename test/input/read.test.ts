/**
 * readFileEvidence under hostile timing: files that block or change kind after
 * discovery, and time budgets too large for a timer (issue 20 cases 7 and 14).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../../src/data/paths.js';
import { readFileEvidence } from '../../src/input/read.js';
import type { DiscoveredFile } from '../../src/input/discover.js';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'ad-read-hostile-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function noiseEvent(recordId: number): string {
  return (
    "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='MsiInstaller'/>" +
    "<EventID Qualifiers='0'>1033</EventID><Level>4</Level><TimeCreated SystemTime='2026-11-18T09:00:00.0000000Z'/>" +
    `<EventRecordID>${recordId}</EventRecordID><Channel>Application</Channel><Computer>PC09</Computer></System><EventData><Data>${'x'.repeat(600)}</Data></EventData></Event>\r\n`
  );
}

function entry(path: string, size: number): DiscoveredFile {
  return { path, absPath: resolve(path), machineHint: 'PC09', machineFromFileName: false, size };
}

describe('readFileEvidence', () => {
  it('does not block on a file that became a FIFO after discovery: not read, named as such', async () => {
    const fifo = join(root, 'Application.xml');
    execFileSync('mkfifo', [fifo]);
    // discovery saw a 4 KB file; a plain open of a FIFO with no writer would wait forever
    const { report, facts } = await readFileEvidence(entry(fifo, 4096), { fileTimeoutMs: 60_000 });
    expect(facts).toEqual([]);
    expect(report.status).toBe('error');
    expect(report.problems).toEqual([expect.objectContaining({ code: 'not-a-regular-file' })]);
  });

  it('treats a budget beyond what a timer can wait as no limit, not as 1 ms', async () => {
    // several read chunks of other events, then the activation events: a timer that fires at once cuts before them
    const noise = Array.from({ length: 6000 }, (_, i) => noiseEvent(i + 1)).join('');
    const big = join(root, 'PC09.xml');
    writeFileSync(big, noise + readFileSync(join(PACKAGE_ROOT, 'fixtures', 'fleet', 'PC09', 'Application.xml'), 'utf8'));
    const { report } = await readFileEvidence(entry(big, statSync(big).size), { fileTimeoutMs: 99_999_999 * 1000 });
    expect(report.problems).toEqual([]);
    expect(report.status).toBe('parsed');
    expect(report.facts).toBeGreaterThan(0);
  });

  it('a cut by the time budget is reported as such, never as truncation or a missing end tag (issue 20 case 20)', async () => {
    // activation events are parsed one by one (other events are jumped over): 20,000 of them take far longer than 40 ms
    const events = readFileSync(join(PACKAGE_ROOT, 'fixtures', 'fleet', 'PC09', 'Application.xml'), 'utf8').match(/<Event[\s\S]*?<\/Event>/g) ?? [];
    let recordId = 0;
    const many = Array.from({ length: 20_000 }, (_, i) => events[i % events.length]!.replace(/<EventRecordID>\d+/, () => `<EventRecordID>${++recordId}`)).join(
      '\r\n',
    );
    const big = join(root, 'slow.xml');
    writeFileSync(big, many);
    // 40 ms covers open and the first read but not reading 20 MB (on a machine too busy to open in time, it is an error, still no truncation)
    const { report } = await readFileEvidence(entry(big, statSync(big).size), { fileTimeoutMs: 40 });
    expect(['partial', 'error']).toContain(report.status);
    expect(report.problems).toEqual([expect.objectContaining({ code: 'file-timeout' })]);
    expect(report.problems.map((problem) => problem.message).join(' ')).not.toMatch(/end tag|truncated/);
  });
});
