import { describe, expect, it } from '@jest/globals';
import { render } from '../../src/report/index.js';
import { terminalSafe, wrap } from '../../src/report/text.js';
import { loadFixtureReport } from './fixtures/load.js';

const ESC = '\u001b';

describe('text', () => {
  it('fits 80 columns except commands and single long words', () => {
    const report = loadFixtureReport();
    const commands = new Set(report.machines.flatMap((m) => m.findings).concat(report.fleetFindings).map((f) => f.nextCommand).filter(Boolean));
    for (const line of render(report, 'text', { color: false }).split('\n')) {
      if ([...line].length <= 80) continue;
      const isCommand = [...commands].some((c) => line.endsWith(c!));
      const isOneWord = !line.trim().includes(' ') || /^\s+\S+$/.test(line.replace(/^\s+(Seen:)?\s*/, ''));
      expect({ line, ok: isCommand || isOneWord }).toEqual({ line, ok: true });
    }
  });

  it('honours a wider width', () => {
    const narrow = render(loadFixtureReport(), 'text', { color: false }).split('\n').length;
    const wide = render(loadFixtureReport(), 'text', { color: false, width: 160 }).split('\n').length;
    expect(wide).toBeLessThan(narrow);
  });

  it('uses colour only when asked, and log content never carries escapes', () => {
    const report = loadFixtureReport();
    expect(render(report, 'text', { color: false })).not.toContain(ESC);
    expect(render(report, 'text', { color: true })).toContain(`${ESC}[31m`);
    report.machines[0]!.name = `PC01${ESC}[2J${ESC}]0;owned\u0007`;
    const out = render(report, 'text', { color: false });
    expect(out).not.toContain(ESC);
    expect(out).toContain('PC01\\x1b[2J\\x1b]0;owned\\x07');
  });

  it('shows every part of a finding and the problems of unread files', () => {
    const out = render(loadFixtureReport(), 'text', { color: false });
    expect(out).toMatch(/PC01 +FAILING +1 error, 1 warning\s+0xC004F074, kms-grace-expiring/);
    expect(out).toContain('ERROR        0xC004F074 No KMS host could be contacted [kms-host-unreachable]');
    expect(out).toContain('1 machine: PC01');
    expect(out).toContain('Next:  Test-NetConnection kms01.corp.example.com -Port 1688');
    expect(out).toMatch(/PC01\s+Seen:  evidence\/PC01\/Application\.xml:299 \(record 40089\)/);
    expect(out).toContain('RECOVERED    0x8007232B');
    expect(out).toContain('Machines: 7 (3 failing, 2 warning, 0 unknown, 2 ok)');
    expect(out).toMatch(/partial {2}evidence\/PC02\/Application\.xml\n\s+The file ends inside/);
    expect(out).toContain('ZÜRICH-Ω "Büro", Stock 2\\nRaum 5  OK       no findings');
  });

  it('says a cause once and lists its machines, with what differs between them', () => {
    const report = loadFixtureReport();
    const pc01 = report.machines[0]!.findings[0]!;
    const twin = report.machines.find((m) => m.name === 'PC04')!;
    twin.findings.push({ ...pc01, cause: `${pc01.cause.replace('Eight', 'Three')}`, evidence: [{ file: 'evidence/PC04/Application.xml', line: 7 }] });
    const out = render(report, 'text', { color: false, width: 200 });
    expect(out.match(/^ERROR +0xC004F074 No KMS host could be contacted \[kms-host-unreachable\]$/gm)).toHaveLength(1);
    expect(out.match(/Fix: +Check that the KMS host is running/g)).toHaveLength(1);
    expect(out).toContain('2 machines: PC01, PC04');
    expect(out).toMatch(/PC01\s+Cause: Eight KMS requests/);
    expect(out).toMatch(/PC04\s+Cause: Three KMS requests/);
  });

  it('keeps findings with another next command apart (a command names its own host)', () => {
    const report = loadFixtureReport();
    const pc01 = report.machines[0]!.findings[0]!;
    report.machines.find((m) => m.name === 'PC04')!.findings.push({ ...pc01, nextCommand: 'Test-NetConnection kms02.corp.example.com -Port 1688' });
    const out = render(report, 'text', { color: false, width: 200 });
    expect(out.match(/^ERROR .*\[kms-host-unreachable\]$/gm)).toHaveLength(2);
  });

  it('counts a fleet\'s healthy machines without findings instead of listing them', () => {
    const report = loadFixtureReport();
    const healthy = report.machines.find((m) => m.verdict === 'ok' && m.findings.length === 0)!;
    report.machines.push(...Array.from({ length: 30 }, (_, i) => ({ ...healthy, name: `OK${i}` })));
    const out = render(report, 'text', { color: false });
    expect(out).not.toMatch(/^ +OK7 /m);
    expect(out).toContain('and 31 machines ok with no findings (listed by --format csv --rows machines)');
    expect(out).toMatch(/^ +PC01 +FAILING/m);
  });

  it('ends with a newline', () => {
    expect(render(loadFixtureReport(), 'text', { color: false }).endsWith('\n')).toBe(true);
    expect(render(loadFixtureReport(), 'compact', { color: false }).endsWith('\n')).toBe(true);
  });

  it('wraps on spaces and keeps long words whole', () => {
    expect(wrap('aa bb cc', 5)).toEqual(['aa bb', 'cc']);
    expect(wrap('averyveryverylongword x', 5)).toEqual(['averyveryverylongword', 'x']);
    expect(wrap('', 10)).toEqual(['']);
    expect(terminalSafe('a\r\nb\t\u009b')).toBe('a\\r\\nb\\t\\x9b');
    expect(terminalSafe('PC\u202Egnp.exe')).toBe('PC\\u202egnp.exe');
  });

  it('says so when there are no machines', () => {
    const report = loadFixtureReport();
    report.machines = [];
    report.fleetFindings = [];
    expect(render(report, 'text', { color: false })).toContain('No machines found in the evidence.');
  });
});
