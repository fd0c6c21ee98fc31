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
    expect(out).toContain('PC01  FAILING  1 error, 1 warning');
    expect(out).toContain('ERROR      0xC004F074 No KMS host could be contacted [kms-host-unreachable]');
    expect(out).toContain('Next:  Test-NetConnection kms01.corp.example.com -Port 1688');
    expect(out).toContain('Seen:  evidence/PC01/Application.xml:299 (record 40089)');
    expect(out).toContain('RECOVERED  0x8007232B');
    expect(out).toContain('Machines: 7 (3 failing, 2 warning, 0 unknown, 2 ok)');
    expect(out).toMatch(/partial {2}evidence\/PC02\/Application\.xml\n\s+The file ends inside/);
    expect(out).toContain('ZÜRICH-Ω "Büro", Stock 2\\nRaum 5  OK  no findings');
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
