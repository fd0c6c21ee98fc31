/**
 * Hostile inputs scanned together with one good file: the run finishes, exits
 * as the good file dictates, names every bad file, leaks nothing, and keeps
 * memory flat.
 */
import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/data/paths.js';
import { runCli, type CliRun } from '../helpers/cli.js';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import type { Report } from '../../src/model/report.js';

const NS = 'http://schemas.microsoft.com/win/2004/08/events/event';
const CLI = join(PACKAGE_ROOT, 'dist', 'src', 'bin.js');
const SPP = `<Provider Name="Microsoft-Windows-Security-SPP" Guid="{E23B33B0-C8C9-472C-A5F9-F2BDFEA0F156}"/>`;

function sppEvent(computer: string, data: string, recordId = 7): string {
  return `<Event xmlns="${NS}"><System>${SPP}<EventID Qualifiers="16384">12288</EventID><Level>4</Level><TimeCreated SystemTime="2026-11-19T08:00:00.0000000Z"/><EventRecordID>${recordId}</EventRecordID><Channel>Application</Channel><Computer>${computer}</Computer></System><EventData><Data>${data}</Data></EventData></Event>`;
}

function billionLaughs(): string {
  const entities = ['<!ENTITY lol "lol">'];
  for (let i = 1; i <= 9; i++) entities.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
  return `<?xml version="1.0"?>\n<!DOCTYPE Events [\n${entities.join('\n')}\n]>\n<Events>${sppEvent('LAUGHS', '&lol9;')}</Events>\n`;
}

let root: string;
let run: CliRun;
let report: Report;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'ad-hostile-'));
  const dir = (name: string) => {
    mkdirSync(join(root, name), { recursive: true });
    return join(root, name);
  };
  copyFileSync(join(PACKAGE_ROOT, 'fixtures', 'fleet', 'PC03', 'Application.xml'), join(dir('GOOD'), 'Application.xml'));
  writeFileSync(join(dir('EMPTY'), 'Application.xml'), '');
  let seed = 42;
  const garbage = Buffer.alloc(256 * 1024, 0).map(() => (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff);
  writeFileSync(join(dir('GARBAGE'), 'Application.xml'), garbage);
  writeFileSync(join(dir('LAUGHS'), 'Application.xml'), billionLaughs());
  writeFileSync(
    join(dir('XXE'), 'Application.xml'),
    `<?xml version="1.0"?>\n<!DOCTYPE Event [<!ENTITY leak SYSTEM "file:///etc/passwd">]>\n${sppEvent('XXE', '&leak;')}\n`,
  );
  writeFileSync(join(dir('DEEP'), 'Application.xml'), `<Event xmlns="${NS}"><System>${SPP}<EventID>12288</EventID></System><EventData>${'<a>'.repeat(200_000)}${'</a>'.repeat(200_000)}</EventData></Event>\n`);
  writeFileSync(join(dir('LONGLINE'), 'Application.xml'), `<Event xmlns="${NS}"><System>${SPP}<EventID>12288</EventID></System><EventData><Data>${'A'.repeat(30 * 1024 * 1024)}</Data></EventData></Event>\n`);
  writeFileSync(join(dir('LONGTEXT'), 'slmgr.txt'), `Name: Windows(R), Enterprise edition ${'x'.repeat(30 * 1024 * 1024)}`);
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${sppEvent('HALF16', '0xC004F074, 0x00000000, kms:1688, 0a0a0a0a-0000-4000-8000-000000000000, 2026/11/19 08:00, 0, 2, 100, 2de67392-b7a7-462a-b1ca-108dd189f588, 25')}\n`.repeat(20), 'utf16le')]);
  writeFileSync(join(dir('HALF16'), 'Application.xml'), utf16.subarray(0, Math.floor(utf16.length / 2) | 1));
  symlinkSync(root, join(dir('LOOP'), 'back-to-root'));
  const formulaDir = dir(`=cmd|'calc'!A0`);
  writeFileSync(join(formulaDir, 'slmgr.txt'), 'Activating Windows(R), Enterprise edition (2de67392-b7a7-462a-b1ca-108dd189f588) ...\r\nError: 0xC004F074 No Key Management Service (KMS) could be contacted.\r\n');
  writeFileSync(
    join(dir('MARKUP'), 'Application.xml'),
    `${sppEvent('&lt;script&gt;alert(1)&lt;/script&gt;', '0xC004F074, 0x00000000, "kms"&lt;b&gt;:1688, 0b0b0b0b-0000-4000-8000-000000000000, 2026/11/19 08:00, 0, 2, 100, 2de67392-b7a7-462a-b1ca-108dd189f588, 25')}\n`,
  );
  run = runCli(['scan', root, '--format', 'json', '--jobs', '2']);
  report = JSON.parse(run.stdout) as Report;
}, 180_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

const fileIn = (folder: string) => report.files.find((file) => file.path.includes(`${folder}/`) || file.path.includes(`${folder}\\`));

describe('a scan of hostile inputs next to one good file', () => {
  it('exits as the good file dictates (its failure is an error finding)', () => {
    expect(run.stderr).not.toMatch(/TypeError|RangeError|at .*\.js:\d+/);
    expect(run.code).toBe(1);
    expect(report.machines.find((machine) => machine.name === 'PC03')?.verdict).toBe('failing');
  });

  it('names every bad file with a status and a reason', () => {
    for (const folder of ['EMPTY', 'GARBAGE', 'LAUGHS', 'XXE', 'DEEP', 'LONGLINE', 'HALF16']) {
      const file = fileIn(folder);
      expect({ folder, status: file?.status }).not.toEqual({ folder, status: 'parsed' });
      expect(file?.problems.length).toBeGreaterThan(0);
    }
    expect(fileIn('EMPTY')?.problems[0].message).toMatch(/empty/);
    expect(fileIn('LAUGHS')?.problems.map((p) => p.message).join(' ')).toMatch(/DOCTYPE/);
    expect(fileIn('XXE')?.problems.map((p) => p.message).join(' ')).toMatch(/DOCTYPE/);
    expect(fileIn('HALF16')?.status).toBe('partial');
  });

  it('never resolves an entity or reads a file outside the given paths', () => {
    expect(run.stdout).not.toMatch(/root:x:0:0/);
    expect(run.stdout).not.toMatch(/lollollol/);
  });

  it('keeps the results of the other files, including hostile names as plain data', () => {
    expect(report.machines.map((machine) => machine.name)).toEqual(expect.arrayContaining(['PC03', `=cmd|'calc'!A0`, '<script>alert(1)</script>']));
  });

  it('stays under 400 MB of memory', () => {
    expect(run.peakRssMb).toBeLessThan(400);
  });

  it('neutralises formulas in CSV and escapes markup in HTML', () => {
    const csv = runCli(['scan', root, '--format', 'csv', '--quiet']).stdout;
    expect(csv).not.toMatch(/(^|,)=cmd/m);
    expect(csv).toMatch(/'=cmd/);
    const html = runCli(['scan', root, '--format', 'html', '--quiet']).stdout;
    expect(html).not.toContain('<script>alert(1)</script>');
  });
});

/** The red-team cases of issue 20, most harmful first: each a small generated input. */
describe('red-team regressions (issue 20)', () => {
  let caseRoot: string;
  const healthy = join(PACKAGE_ROOT, 'fixtures', 'fleet', 'PC-HEALTHY01');
  const failingText = 'Activating Windows(R), Enterprise edition (2de67392-b7a7-462a-b1ca-108dd189f588) ...\r\nError: 0xC004F074 No Key Management Service (KMS) could be contacted.\r\n';
  beforeAll(() => {
    caseRoot = mkdtempSync(join(tmpdir(), 'ad-redteam-'));
  });
  afterAll(() => rmSync(caseRoot, { recursive: true, force: true }));
  const folder = (...parts: string[]): string => {
    const path = join(caseRoot, ...parts);
    mkdirSync(path, { recursive: true });
    return path;
  };
  const scanJson = (args: string[]): { run: CliRun; report: Report } => {
    const result = runCli(['scan', ...args, '--format', 'json', '--quiet']);
    return { run: result, report: JSON.parse(result.stdout) as Report };
  };

  it('1: a folder whose name has glob characters is that folder, not a glob', () => {
    for (const name of ['fleet{1}', 'fleet!', 'fleet [2026-11]']) {
      const fleet = folder(name);
      cpSync(healthy, join(fleet, 'PC-HEALTHY01'), { recursive: true });
      writeFileSync(join(folder(name, 'PC07'), 'slmgr-ato.txt'), failingText);
      const { run: result, report: scanned } = scanJson([fleet]);
      expect({ name, machines: scanned.machines.map((machine) => machine.name).sort() }).toEqual({ name, machines: ['PC-HEALTHY01', 'PC07'] });
      expect(result.code).toBe(1);
    }
  });

  it('3: a machine folder whose name is not UTF-8 is read as bytes and shown escaped', () => {
    const fleet = folder('latin1');
    const latin1 = Buffer.concat([Buffer.from(`${fleet}/PC-M`), Buffer.from([0xdc]), Buffer.from('NCHEN')]);
    mkdirSync(latin1);
    writeFileSync(Buffer.concat([latin1, Buffer.from('/slmgr-ato.txt')]), failingText);
    cpSync(healthy, join(fleet, 'PC-HEALTHY01'), { recursive: true });
    const { run: result, report: scanned } = scanJson([fleet]);
    expect(scanned.machines.map((machine) => machine.name).sort()).toEqual(['PC-HEALTHY01', 'PC-M\\xDCNCHEN']);
    expect(scanned.files.every((file) => file.status === 'parsed')).toBe(true);
    expect(result.code).toBe(1);
  });

  it('2: our own reports in every format, saved beside the evidence, are skipped as such and invent nothing', () => {
    const fleet = folder('own-reports');
    cpSync(healthy, join(fleet, 'PC-HEALTHY01'), { recursive: true });
    const failing = join(PACKAGE_ROOT, 'fixtures', 'fleet', 'PC03');
    for (const format of ['text', 'json', 'jsonl', 'csv', 'markdown', 'sarif', 'junit', 'html']) {
      const written = runCli(['scan', failing, '--format', format, '--quiet']);
      writeFileSync(join(fleet, 'PC-HEALTHY01', `report.${format}`), written.stdout);
    }
    // with colour and the summary line, as `scan fleet > report.txt 2>&1` on a terminal would save it
    const colored = runCli(['scan', failing], { env: { FORCE_COLOR: '1' } });
    writeFileSync(join(fleet, 'PC-HEALTHY01', 'report-with-stderr.txt'), colored.stdout + colored.stderr);
    const { run: result, report: scanned } = scanJson([fleet]);
    expect(scanned.machines.map((machine) => [machine.name, machine.verdict])).toEqual([['PC-HEALTHY01', 'ok']]);
    const reports = scanned.files.filter((file) => /PC-HEALTHY01.report/.test(file.path));
    expect(reports).toHaveLength(9);
    for (const file of reports) expect({ path: file.path, status: file.status, code: file.problems[0]?.code }).toEqual({ path: file.path, status: 'skipped', code: 'own-report' });
    expect(result.code).toBe(0);
  });

  it('20: a gzip-compressed export says it is gzip and how to unpack it', () => {
    const fleet = folder('gzip', 'PC01');
    writeFileSync(join(fleet, 'Application.xml.gz'), gzipSync(readFileSync(join(healthy, 'Application.xml'))));
    const { report: scanned } = scanJson([fleet]);
    expect(scanned.files[0]?.problems[0]).toEqual({ code: 'gzip-compressed', message: expect.stringMatching(/gzip.*unpack/) });
  });

  it('4: a UTF-8 export with UTF-16LE appended (PowerShell 5 `>>`) is read in both parts, and says where it switched', () => {
    const events = readFileSync(join(PACKAGE_ROOT, 'fixtures', 'fleet', 'PC03', 'Application.xml'), 'utf8').match(/<Event[\s\S]*?<\/Event>/g) ?? [];
    expect(events).toHaveLength(8);
    const older = Buffer.from(`${events.slice(0, 4).join('\r\n')}\r\n`, 'utf8');
    const newer = Buffer.from(`${events.slice(4).join('\r\n')}\r\n`, 'utf16le');
    for (const [name, bytes] of [
      ['with-bom', Buffer.concat([older, Buffer.from([0xff, 0xfe]), newer])],
      ['without-bom', Buffer.concat([older, newer])],
    ] as const) {
      writeFileSync(join(folder('appended', name), 'Application.xml'), bytes);
      const { report: scanned } = scanJson([join(caseRoot, 'appended', name)]);
      const file = scanned.files[0]!;
      expect({ name, status: file.status, facts: file.facts }).toEqual({ name, status: 'parsed', facts: 8 });
      expect(file.problems).toEqual([expect.objectContaining({ code: 'encoding-changed', byte: older.length })]);
    }
  });

  it('6: merge of a check --policy report keeps the policy findings and the exit code', () => {
    const policy = join(PACKAGE_ROOT, 'policies', 'kms-client-image.yaml');
    const checked = runCli(['check', '--policy', policy, healthy, '--format', 'json', '--quiet']);
    const before = JSON.parse(checked.stdout) as Report;
    const policyFindings = before.machines.flatMap((machine) => machine.findings.filter((finding) => finding.ruleId.startsWith('policy/')));
    expect(policyFindings.length).toBeGreaterThan(0);
    expect(checked.code).toBe(1);
    const shard = join(folder('merge-policy'), 'shard.json');
    writeFileSync(shard, checked.stdout);
    const merged = runCli(['merge', shard, '--format', 'json', '--quiet']);
    const after = JSON.parse(merged.stdout) as Report;
    expect(after.machines.map((machine) => machine.verdict)).toEqual(before.machines.map((machine) => machine.verdict));
    expect(after.machines.flatMap((machine) => machine.findings.filter((finding) => finding.ruleId.startsWith('policy/')))).toEqual(policyFindings);
    expect(merged.code).toBe(1);
  });

  it('8: --jobs far above the open-file limit loses no file and no machine', () => {
    const fleet = folder('many');
    for (let i = 1; i <= 150; i++) writeFileSync(join(folder('many', `PC${i}`), 'slmgr-ato.txt'), failingText);
    const limited = spawnSync('sh', ['-c', `ulimit -n 64 && exec "${process.execPath}" "${CLI}" scan "${fleet}" --jobs 300 --format json --quiet`], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      timeout: 120_000,
    });
    const scanned = JSON.parse(limited.stdout) as Report;
    expect(scanned.summary.filesByStatus).toEqual({ parsed: 150, partial: 0, skipped: 0, error: 0 });
    expect(scanned.machines).toHaveLength(150);
    expect(limited.status).toBe(1);
  });

  describe('9: event exports that read wrong', () => {
    const pc03 = (): string[] => readFileSync(join(PACKAGE_ROOT, 'fixtures', 'fleet', 'PC03', 'Application.xml'), 'utf8').match(/<Event[\s\S]*?<\/Event>/g) ?? [];
    const factsOf = (scanned: Report) => scanned.machines.flatMap((machine) => machine.facts);

    it('reads events whose namespace has a prefix (<e:Event xmlns:e=…>), UTF-8 and UTF-16', () => {
      const prefixed = pc03().map((event) => event.replace(/<(\/?)(\w)/g, '<$1e:$2').replace('xmlns=', 'xmlns:e='));
      const dir = folder('prefixed', 'PC03');
      writeFileSync(join(dir, 'Application.xml'), prefixed.join('\r\n'));
      writeFileSync(join(dir, 'System.xml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(prefixed.join('\r\n'), 'utf16le')]));
      const { report: scanned } = scanJson([dir]);
      expect(scanned.files.map((file) => [file.kind, file.status, file.facts])).toEqual([['event-xml', 'parsed', 8], ['event-xml', 'parsed', 8]]);
      expect(scanned.machines.map((machine) => machine.verdict)).toEqual(['failing']);
    });

    it('counts an export appended to itself once, and says so', () => {
      const dir = folder('appended-1000', 'PC03');
      writeFileSync(join(dir, 'Application.xml'), `${pc03().join('\r\n')}\r\n`.repeat(1000));
      const { report: scanned } = scanJson([dir]);
      expect(factsOf(scanned)).toHaveLength(8);
      expect(scanned.machines[0]?.findings[0]?.cause).not.toMatch(/4,?000 times/);
      expect(scanned.files[0]?.problems).toEqual([expect.objectContaining({ code: 'duplicate-events' })]);
    });

    it('names a code too wide for 32 bits as a problem instead of dropping it', () => {
      const dir = folder('wide-code', 'PC03');
      writeFileSync(join(dir, 'Application.xml'), pc03()[0]!.replace('0xC004F074', '0x1C004F074'));
      writeFileSync(join(dir, 'slmgr-ato.txt'), failingText.replace('0xC004F074', '0x1C004F074'));
      const { report: scanned } = scanJson([dir]);
      for (const file of scanned.files) expect(file.problems).toContainEqual(expect.objectContaining({ code: 'unsupported-value', message: expect.stringContaining('0x1C004F074') }));
    });

    it('keeps year 0026 as written (not 1926) and numbers lines in CR-only files', () => {
      const dir = folder('cr-only', 'PC03');
      writeFileSync(join(dir, 'Application.xml'), pc03().join('\r').replace('2026-11-14T', '0026-11-14T'));
      writeFileSync(join(dir, 'slmgr-ato.txt'), failingText.replace(/\r\n/g, '\r'));
      const { report: scanned } = scanJson([dir]);
      const facts = factsOf(scanned);
      expect(facts.map((fact) => fact.time).filter((time) => time?.startsWith('19'))).toEqual([]);
      expect(facts.some((fact) => fact.time?.startsWith('0026-11-14'))).toBe(true);
      const lines = facts.filter((fact) => fact.source.file.endsWith('Application.xml')).map((fact) => fact.source.line).sort((a, b) => a! - b!);
      expect(lines).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(facts.find((fact) => fact.source.file.endsWith('.txt'))?.source.line).toBe(2);
    });

    it('names in files[].machine the machine its facts belong to', () => {
      const dir = folder('flat-named');
      copyFileSync(join(PACKAGE_ROOT, 'fixtures', 'fleet', 'PC03', 'Application.xml'), join(dir, 'Application.xml'));
      writeFileSync(join(dir, 'LAPTOP7.txt'), failingText);
      const { report: scanned } = scanJson([dir]);
      const factMachine = new Map(scanned.machines.flatMap((machine) => machine.facts.map((fact) => [fact.source.file, machine.name] as const)));
      for (const file of scanned.files) expect({ path: file.path, machine: file.machine }).toEqual({ path: file.path, machine: factMachine.get(file.path) });
    });
  });

  it('12: a closed stdout (| head, | true) ends quietly with the exit code of the findings', async () => {
    const fleet = folder('epipe');
    for (let i = 1; i <= 40; i++) writeFileSync(join(folder('epipe', `PC${i}`), 'slmgr-ato.txt'), failingText);
    const child = spawn(process.execPath, [CLI, 'scan', fleet, '--format', 'json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => child.stdout.destroy()); // `| head -c 1`
    const [code] = (await once(child, 'close')) as [number];
    expect(stderr).not.toMatch(/EPIPE|Error|\n\s+at /);
    expect(code).toBe(1);
  });

  it('18: --strict names files with their control characters escaped, like the text report', () => {
    const hostileName = 'PC\u001b]0;owned\u0007\u001b[2J';
    const dir = folder(hostileName);
    writeFileSync(join(dir, 'slmgr-ato.txt'), failingText);
    writeFileSync(join(dir, 'Application.xml'), '');
    const result = runCli(['scan', join(caseRoot, hostileName), '--strict', '--format', 'json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--strict');
    expect(result.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(result.stderr).toContain('PC\\x1b]0;owned\\x07\\x1b[2J');
  });

  it('20: -o naming a folder fails before the scan, saying to give a file name', () => {
    const result = runCli(['scan', healthy, '-o', caseRoot]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/is a folder: give a file name/);
  });

  it('11: a text repeating one block 20,000 times holds one fact, and the file says how many were folded', () => {
    const dir = folder('repeated-blocks', 'PC03');
    writeFileSync(join(dir, 'slmgr-ato.txt'), failingText.replace(/\r\n/g, '\r').repeat(20_000));
    const { report: scanned } = scanJson([dir]);
    expect(scanned.files[0]?.facts).toBe(1);
    expect(scanned.files[0]?.problems).toContainEqual(expect.objectContaining({ code: 'facts-collapsed', message: expect.stringMatching(/^19999 entries repeat/) }));
    expect(scanned.machines[0]?.verdict).toBe('failing');
  });

  it('17: a user rule whose regular expression backtracks catastrophically is refused at load, by rules test and scan, naming it', () => {
    const rules = folder('unsafe-rules');
    const original = readFileSync(join(PACKAGE_ROOT, 'rules', 'kms-unreachable.yaml'), 'utf8');
    writeFileSync(join(rules, 'kms-unreachable-local.yaml'), original.replace('id: kms-unreachable', 'id: kms-unreachable-local').replace('where:\n', () => "where:\n  kmsHost|re: '^(a+)+$'\n").replace(/kinds: \[activation-error\]/, 'kinds: [kms-request]'));
    for (const args of [['rules', 'test', rules], ['scan', healthy, '--rules', rules]]) {
      const result = runCli(args);
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).toMatch(/kms-unreachable-local\.yaml.*unsafe regular expression '\^\(a\+\)\+\$'/);
    }
  });

  describe('20: clear messages', () => {
    it('--since after all evidence says the machine is outside the window, never "no machine matched --only"', () => {
      const fleet = folder('since-future');
      cpSync(join(PACKAGE_ROOT, 'fixtures', 'fleet', 'PC03'), join(fleet, 'PC03'), { recursive: true });
      rmSync(join(fleet, 'PC03', 'slmgr-ato.txt'));
      const result = runCli(['scan', fleet, '--since', '2099-01-01']);
      expect(result.stdout).toMatch(/outside the time window/);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/nothing left after --since 2099-01-01 \(all evidence is older\)/);
      expect(result.stderr).not.toMatch(/--only/);
    });

    it('an age beyond what a date can hold says so instead of "Invalid time value"', () => {
      const result = runCli(['scan', healthy, '--since', '999999999999d']);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/--since: '999999999999d' reaches further back than a date can/);
      expect(result.stderr).not.toMatch(/Invalid time value/);
    });

    it('a character reference XML forbids (&#27;) is named as such', () => {
      const dir = folder('char-ref', 'PC01');
      writeFileSync(join(dir, 'Application.xml'), sppEvent('PC01', 'kms&#27;host'));
      const { report: scanned } = scanJson([dir]);
      const messages = scanned.files[0]!.problems.map((problem) => problem.message).join(' ');
      expect(messages).toMatch(/character reference &#27; names a control character \(U\+001B\), which XML does not allow/);
      expect(messages).not.toMatch(/undefined entity/);
    });

    it('a policy whose YAML aliases explode names its file', () => {
      const policy = join(folder('alias-bomb'), 'bomb.yaml');
      const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
      for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
      writeFileSync(policy, `${levels.join('\n')}\nname: bomb\n`);
      const result = runCli(['check', '--policy', policy, healthy]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(policy);
      expect(result.stderr).toMatch(/alias bomb/);
    });

    it('a shard too large to read as one JSON document says how to split it', () => {
      const shard = join(folder('huge-shard'), 'shard.json');
      writeFileSync(shard, '');
      truncateSync(shard, 600 * 1024 ** 2); // sparse: no disk used
      const result = runCli(['merge', shard]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/shard\.json: the report is 0\.6 GiB.*scan fewer machines per shard/);
      expect(result.stderr).not.toMatch(/Cannot create a string/);
    });
  });
});
