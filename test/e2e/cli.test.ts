/**
 * The command line contract: exit codes, --fail-on, --strict, filters, explain,
 * rules, check and the progress bar, run through the built binary.
 */
import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import { copyFileSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/data/paths.js';
import type { Report } from '../../src/model/report.js';
import { OUTPUT_FORMATS } from '../../src/report/index.js';
import { runCli } from '../helpers/cli.js';
import { KMS_CLIENT_IMAGE_DLV } from '../helpers/gold-image.js';

let tmp: string;
const fleet = (machine: string, file: string) => join(PACKAGE_ROOT, 'fixtures', 'fleet', machine, file);

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ad-cli-'));
  for (const name of ['healthy', 'warning', 'partial', 'broken-rules', 'nothing']) mkdirSync(join(tmp, name));
  copyFileSync(fleet('PC-HEALTHY01', 'Application.xml'), join(tmp, 'healthy', 'PC-HEALTHY01.xml'));
  copyFileSync(fleet('PC04', 'slmgr-dli.txt'), join(tmp, 'warning', 'PC04.txt'));
  const events = Buffer.from(
    '<Event xmlns=\'http://schemas.microsoft.com/win/2004/08/events/event\'><System><Provider Name=\'Microsoft-Windows-Security-SPP\'/><EventID Qualifiers=\'16384\'>12288</EventID><TimeCreated SystemTime=\'2026-11-19T08:00:00.0000000Z\'/><EventRecordID>1</EventRecordID><Computer>CUT</Computer></System><EventData><Data>0x00000000, 0x00000000, kms:1688, 0a0a0a0a-0000-4000-8000-000000000000, 2026/11/19 08:00, 0, 1, 259000, 2de67392-b7a7-462a-b1ca-108dd189f588, 25</Data></EventData></Event>\n<Event xmlns=\'http://schemas.microsoft.com/win/2004/08/events/event\'><System><Provider Name=\'Microsoft-Windows-Security-SPP\'/><EventID',
  );
  writeFileSync(join(tmp, 'partial', 'CUT.xml'), events);
  writeFileSync(join(tmp, 'broken-rules', 'bad.yaml'), 'id: bad-rule\ntitle: Broken\nseverity: catastrophic\nkinds: [license]\nwhere: { licenseStatus: licensed }\nmessages: { title: t, cause: c, resolution: r }\ntests:\n  valid: [{ name: v, facts: [{ kind: license, licenseStatus: unlicensed }] }]\n  invalid: [{ name: i, facts: [{ kind: license, licenseStatus: licensed }], findings: [{ severity: error }] }]\n');
  writeFileSync(join(tmp, 'nothing', 'notes.txt'), 'just some notes\n');
});

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('exit codes and --fail-on', () => {
  it('0 for a healthy machine at every --fail-on level: the KMS hosts in use are inventory, not a finding', () => {
    const codes = ['error', 'warning', 'info', 'never'].map((level) => runCli(['scan', join(tmp, 'healthy'), '--fail-on', level, '--quiet']).code);
    expect(codes).toEqual([0, 0, 0, 0]);
    const report = JSON.parse(runCli(['scan', join(tmp, 'healthy'), '--format', 'json', '--quiet']).stdout) as Report;
    expect(report.fleetFindings).toEqual([]);
    expect(report.inventory?.kmsHosts.length).toBeGreaterThan(0);
  });

  it('a warning-only machine fails only at --fail-on warning or info', () => {
    const codes = ['error', 'warning', 'info', 'never'].map((level) => runCli(['scan', join(tmp, 'warning'), '--fail-on', level, '--quiet']).code);
    expect(codes).toEqual([0, 1, 1, 0]);
  });

  it('a failing fleet fails at error, warning and info, and passes at never', () => {
    const codes = ['error', 'warning', 'info', 'never'].map((level) => runCli(['scan', 'fixtures/fleet', '--fail-on', level, '--quiet']).code);
    expect(codes).toEqual([1, 1, 1, 0]);
  });

  it('--strict turns a partial file into exit 2; without it the partial file does not change the exit code', () => {
    const loose = runCli(['scan', join(tmp, 'partial'), '--format', 'json', '--quiet']);
    expect(loose.code).toBe(0);
    expect((JSON.parse(loose.stdout) as Report).files[0].status).toBe('partial');
    for (const level of ['error', 'never']) {
      const strict = runCli(['scan', join(tmp, 'partial'), '--strict', '--fail-on', level]);
      expect(strict.code).toBe(2);
      expect(strict.stderr).toMatch(/--strict: 1 file unreadable/);
    }
    expect(runCli(['scan', join(tmp, 'healthy'), '--strict', '--quiet']).code).toBe(0);
  });

  it('exits 2 when no evidence was found at all, and says so', () => {
    const run = runCli(['scan', join(tmp, 'nothing')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no evidence/);
  });

  it('exits 2 on bad usage: unknown format, missing path, bad --since', () => {
    expect(runCli(['scan', 'fixtures/fleet', '--format', 'pdf']).code).toBe(2);
    expect(runCli(['scan', join(tmp, 'does-not-exist')]).code).toBe(2);
    expect(runCli(['scan', 'fixtures/fleet', '--since', 'last tuesday']).code).toBe(2);
    expect(runCli(['frobnicate']).code).toBe(2);
    const unwritable = runCli(['scan', 'fixtures/fleet', '--output', join(tmp, 'no-such-folder', 'r.json')]);
    expect(unwritable.code).toBe(2);
    expect(unwritable.stderr).toMatch(/--output .*cannot be written/);
  });

  it('exits 2 with the file and field named when a rule file is broken', () => {
    const run = runCli(['scan', 'fixtures/fleet', '--rules', join(tmp, 'broken-rules')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/bad\.yaml/);
    expect(run.stderr).toMatch(/severity/);
  });

  it('names the file, field and line of a broken rule, policy or merge shard in one style', () => {
    const rule = runCli(['scan', 'fixtures/fleet', '--rules', join(tmp, 'broken-rules')]);
    expect(rule.stderr).toContain(`${join(tmp, 'broken-rules', 'bad.yaml')}: field "severity" (line 3): must be one of error, warning, info`);
    writeFileSync(join(tmp, 'typo-policy.yaml'), 'name: gold\nrequire:\n  minRearm: 1\n');
    const policy = runCli(['check', '--policy', join(tmp, 'typo-policy.yaml'), 'fixtures/fleet/PC07']);
    expect(policy.stderr).toContain(`${join(tmp, 'typo-policy.yaml')}: field "require.minRearm" (line 3): is not a known property here`);
    writeFileSync(join(tmp, 'shard.json'), JSON.stringify({ schemaVersion: 1, tool: { name: 'activation-doctor', version: '0' }, files: [], machines: [{ name: 'PC01', verdict: 'broken', facts: [], findings: [] }], fleetFindings: [], summary: { files: 0, machines: 1, errors: 0, warnings: 0 } }));
    const shard = runCli(['merge', join(tmp, 'shard.json')]);
    expect(shard.code).toBe(2);
    expect(shard.stderr).toContain(`${join(tmp, 'shard.json')}: field "machines[0].verdict": must be one of ok, warning, failing`);
  });
});

describe('filters', () => {
  it('--only keeps matching machines, is repeatable, and does not swallow the paths after it', () => {
    const report = JSON.parse(runCli(['scan', '--only', 'PC0?', '--only', 'KMS*', 'fixtures/fleet', '--format', 'json', '--quiet']).stdout) as Report;
    expect(report.machines.map((m) => m.name)).toEqual(['KMS01', 'PC03', 'PC04', 'PC05', 'PC06', 'PC07', 'PC09']);
  });

  it('--since drops older events but keeps timeless text facts', () => {
    const report = JSON.parse(runCli(['scan', 'fixtures/fleet/PC03', '--since', '2026-11-19', '--format', 'json', '--quiet']).stdout) as Report;
    const times = report.machines.flatMap((m) => m.facts.map((f) => f.time));
    expect(times.filter((t) => t !== null).every((t) => t! >= '2026-11-19')).toBe(true);
    expect(times).toContain(null);
  });

  it('one machine folder scanned on its own is one machine: its text files join the machine its events name', () => {
    const run = runCli(['scan', 'fixtures/fleet/PC-HEALTHY01', '--format', 'json', '--quiet']);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as Report).machines.map((m) => [m.name, m.verdict])).toEqual([['PC-HEALTHY01', 'ok']]);
  });

  it('--machine names a text file that has no machine folder', () => {
    const report = JSON.parse(runCli(['scan', join(tmp, 'warning', 'PC04.txt'), '--machine', 'LAPTOP-9', '--format', 'json', '--quiet']).stdout) as Report;
    expect(report.machines.map((m) => m.name)).toEqual(['LAPTOP-9']);
  });
});

describe('explain', () => {
  it('explains codes in any spelling, several at once', () => {
    const run = runCli(['explain', 'c004f074', '-1073418124', 'Error: 0xC004F038 The count reported...']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/0xC004F074/);
    expect(run.stdout).toMatch(/0xC004F038/);
  });

  it('answers JSON for scripts, and exits 1 for an unknown code with a facility hint', () => {
    const json = JSON.parse(runCli(['explain', '3221549172', '--format', 'json']).stdout) as { entries: { code: string }[] };
    expect(json.entries.map((e) => e.code)).toEqual(['0xC004F074']);
    const unknown = runCli(['explain', '0x80070002']);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout + unknown.stderr).toMatch(/Win32/);
  });

  it('lists the catalog', () => {
    const run = runCli(['explain', '--list']);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').filter((line) => /^0x[0-9A-F]{8}/.test(line)).length).toBeGreaterThanOrEqual(31);
  });
});

describe('rules', () => {
  it('lists the shipped rules and passes their own tests', () => {
    const list = runCli(['rules', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/kms-count-below-threshold/);
    const test = runCli(['rules', 'test']);
    expect(test.code).toBe(0);
    expect(test.stdout).toMatch(/\d+ passed, 0 failed/);
  });
});

describe('check --policy (gold images)', () => {
  it('passes a clean KMS client image and fails an activated MAK image', () => {
    const good = join(tmp, 'gold-good');
    mkdirSync(good, { recursive: true });
    writeFileSync(
      join(good, 'IMAGE.txt'),
      KMS_CLIENT_IMAGE_DLV,
    );
    const pass = runCli(['check', '--policy', 'policies/kms-client-image.yaml', good, '--fail-on', 'error', '--quiet']);
    expect(pass.stdout).not.toMatch(/policy\//);
    expect(pass.code).toBe(0);
    const fail = runCli(['check', '--policy', 'policies/kms-client-image.yaml', 'fixtures/fleet/PC07', '--format', 'json', '--quiet']);
    expect(fail.code).toBe(1);
    expect(fail.stdout).toMatch(/policy\//);
  });

  it('takes a built-in policy by name', () => {
    const byName = runCli(['check', '--policy', 'kms-client-image', 'fixtures/fleet/PC07', '--format', 'json', '--quiet']);
    const byFile = runCli(['check', '--policy', 'policies/kms-client-image.yaml', 'fixtures/fleet/PC07', '--format', 'json', '--quiet']);
    expect(byName.code).toBe(1);
    expect(byName.stdout).toBe(byFile.stdout);
    expect(runCli(['check', '--policy', 'no-such-policy', 'fixtures/fleet/PC07']).stderr).toMatch(/no-such-policy: no such file, and no built-in policy has that name \(built-in: kms-client-image, mak-image\)/);
  });

  it('exits 2 for a broken policy file', () => {
    writeFileSync(join(tmp, 'policy.yaml'), 'require:\n  minRearm: lots\n');
    expect(runCli(['check', '--policy', join(tmp, 'policy.yaml'), 'fixtures/fleet/PC07']).code).toBe(2);
  });
});

describe('progress and summary on stderr', () => {
  it('prints no progress bar when stderr is not a terminal, one summary line, and nothing under --quiet', () => {
    const run = runCli(['scan', 'fixtures/fleet', '--fail-on', 'never', '--format', 'json']);
    expect(run.stderr).not.toMatch(/\r|\[#|\x1b/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(runCli(['scan', 'fixtures/fleet', '--fail-on', 'never', '--quiet', '--format', 'json']).stderr.trim()).toBe('');
  });
});

describe('--output', () => {
  it('takes the format from the file name when --format is not given', () => {
    for (const [file, start] of [['r.html', '<!DOCTYPE html>'], ['r.sarif', '{'], ['junit.xml', '<?xml'], ['r.md', '## activation-doctor report'], ['r.compact.txt', 'fixtures/fleet/']] as const) {
      const out = join(tmp, file);
      runCli(['scan', 'fixtures/fleet', '--output', out, '--quiet']);
      expect(readFileSync(out, 'utf8').startsWith(start)).toBe(true);
    }
    const asked = join(tmp, 'asked.html');
    runCli(['scan', 'fixtures/fleet', '--output', asked, '--format', 'json', '--quiet']);
    expect(readFileSync(asked, 'utf8').startsWith('{')).toBe(true);
  });

  it('writes the report to a file instead of stdout', () => {
    const out = join(tmp, 'report.sarif');
    const run = runCli(['scan', 'fixtures/fleet', '--format', 'sarif', '--output', out, '--quiet']);
    expect(run.stdout).toBe('');
    expect((JSON.parse(readFileSync(out, 'utf8')) as { version: string }).version).toBe('2.1.0');
  });
});

describe('usage errors', () => {
  it.each([
    [['scan', 'fixtures/fleet', '--bogus'], /unknown option '--bogus'/],
    [['scan', 'fixtures/fleet', '-f', 'xml'], /argument 'xml' is invalid/],
    [['scan', 'fixtures/fleet', '--fail-on', 'critical'], /argument 'critical' is invalid/],
    [['scan', 'fixtures/fleet', '--since', 'yesterday'], /--since: 'yesterday'/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['scan', 'fixtures/fleet', '--rows', 'machines', '-f', 'html'], /--rows machines applies to --format csv and jsonl/],
  ])('%j prints one line and a pointer to --help, and exits 2', (args, message) => {
    const run = runCli(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(message);
    expect(lines[1]).toMatch(/--help/);
  });

  it('says "no files in X" for an existing empty folder', () => {
    const empty = join(tmp, 'empty-folder');
    mkdirSync(empty, { recursive: true });
    const run = runCli(['scan', empty]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(`activation-doctor: no files in ${empty}`);
    expect(runCli(['scan', join(tmp, 'no-such-folder')]).stderr).toMatch(/no such file, folder or glob match/);
  });

  it('--help lists every format with what it is for', () => {
    const help = runCli(['scan', '--help']).stdout;
    for (const format of OUTPUT_FORMATS) expect(help).toMatch(new RegExp(`^  ${format} +\\S`, 'm'));
  });
});

describe('explain: errors on stderr, bad input exits 2', () => {
  it('an argument without a code goes to stderr with exit 2; nothing on stdout', () => {
    const run = runCli(['explain', 'hello']);
    expect([run.code, run.stdout]).toEqual([2, '']);
    expect(run.stderr).toMatch(/no error code in "hello"/);
  });

  it('no argument at all is a usage error', () => {
    const run = runCli(['explain']);
    expect([run.code, run.stdout]).toEqual([2, '']);
    expect(run.stderr).toMatch(/give at least one code/);
  });

  it("reads Microsoft's own spelling: explain slui 0x2a 0xC004F074", () => {
    const run = runCli(['explain', 'slui', '0x2a', '0xC004F074']);
    expect([run.code, run.stderr.trim()]).toEqual([0, '']);
    expect(run.stdout).toMatch(/^0xC004F074/);
    expect(run.stdout).not.toMatch(/0x0000002A/);
  });
});

describe('--quiet keeps errors only', () => {
  it('hides the summary and the exit-1 reason, but still says why a run could not do its job', () => {
    expect(runCli(['scan', 'fixtures/fleet', '-q']).stderr.trim()).toBe('');
    const run = runCli(['scan', join(tmp, 'nothing'), '-q']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no evidence/);
  });
});

describe('junit follows --fail-on', () => {
  it.each([['error', 1, 13], ['never', 0, 0]] as const)('--fail-on %s: exit %i and %i failures (12 failing machines and the fleet)', (failOn, code, failures) => {
    const run = runCli(['scan', 'fixtures/fleet', '-f', 'junit', '--fail-on', failOn, '-q']);
    expect(run.code).toBe(code);
    expect(run.stdout).toContain(`<testsuites name="activation-doctor" tests="16" failures="${failures}"`);
  });
});

describe('check --policy by name', () => {
  it('accepts a built-in policy by name from any folder', () => {
    const byName = runCli(['check', '--policy', 'kms-client-image', join(PACKAGE_ROOT, 'fixtures', 'fleet', 'PC07'), '-f', 'json', '-q'], { cwd: tmp });
    expect(byName.code).toBe(1);
    expect(byName.stdout).toMatch(/policy\//);
  });

  it('names the built-in policies when the name is wrong', () => {
    const run = runCli(['check', '--policy', 'kms-clint-image', 'fixtures/fleet/PC07']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no built-in policy has that name \(built-in: kms-client-image, mak-image\)/);
  });
});
