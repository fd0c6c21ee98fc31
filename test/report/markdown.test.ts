import { describe, expect, it } from '@jest/globals';
import { render } from '../../src/report/index.js';
import { codeSpan, escapeMarkdown, GITHUB_COMMENT_LIMIT } from '../../src/report/markdown.js';
import { loadFixtureReport } from './fixtures/load.js';

describe('markdown', () => {
  it('escapes markup, HTML, table pipes and mentions from the logs', () => {
    expect(escapeMarkdown('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(escapeMarkdown('a|b')).toBe('a\\|b');
    expect(escapeMarkdown('**bold** _it_ [x](http://e) `c` @admin ~~s~~')).toBe(
      '\\*\\*bold\\*\\* \\_it\\_ \\[x\\](http:&#8203;//e) \\`c\\` \\@admin \\~\\~s\\~\\~',
    );
    expect(escapeMarkdown('line1\nline2\r\n| x')).toBe('line1 line2 \\| x');
    // issue 20 case 19: bare URLs and www. names (a <Computer> can hold one) must not become links on GitHub
    expect(escapeMarkdown('https://evil.example/x and WWW.evil.example')).toBe('https:&#8203;//evil.example/x and WWW&#8203;.evil.example');
    expect(escapeMarkdown('a & b')).toBe('a &amp; b');
  });

  it('fences code spans longer than any backtick run inside', () => {
    expect(codeSpan('slmgr /dlv')).toBe('`slmgr /dlv`');
    expect(codeSpan('echo `x`')).toBe('`` echo `x` ``');
    expect(codeSpan('a|b')).toBe('`a|b`');
    expect(codeSpan('a|b', true)).toBe('`a\\|b`');
  });

  it('keeps every table row on one line with as many cells as its header', () => {
    const out = render(loadFixtureReport(), 'markdown', { color: false });
    let cells = 0;
    for (const line of out.split('\n')) {
      if (!line.startsWith('|')) {
        cells = 0;
        continue;
      }
      const count = line.replace(/\\\|/g, '').split('|').length;
      if (cells === 0) cells = count;
      expect({ line, count }).toEqual({ line, count: cells });
    }
    expect(out).toMatch(/^\| 🔴 error \| `0xC004F038` \| Several machines share one CMID \| .*PC02.*PC04/m);
    const outsideCode = out.replace(/(`+).*?\1/g, '');
    expect(outsideCode).not.toContain('<script>');
    expect(outsideCode).not.toContain('<img');
    expect(out).toContain('`evidence/<script>alert(1)</script>/slmgr-dlv.txt:9`');
    expect(out).toContain('<summary><b>&lt;script&gt;alert(1)&lt;/script&gt;</b>: ok, 1 note</summary>');
  });

  it('puts the summary first: verdict counts, then each cause with its machines', () => {
    const out = render(loadFixtureReport(), 'markdown', { color: false });
    expect(out.indexOf('| 🔴 failing | 3 |')).toBeLessThan(out.indexOf('### Causes'));
    expect(out.indexOf('### Causes')).toBeLessThan(out.indexOf('<details>'));
    expect(out).toContain('| 🔴 error | `0xC004F074` | No KMS host could be contacted | PC01 |');
  });

  it("stays under GitHub's comment limit and says what it left out and how to get it", () => {
    const report = loadFixtureReport();
    const template = report.machines[0]!;
    report.machines = Array.from({ length: 2000 }, (_, i) => ({ ...template, name: `WS${String(i).padStart(5, '0')}` }));
    const out = render(report, 'markdown', { color: false, command: ['scan', 'fleet/', '--only', 'WS0*'] });
    expect(out.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    expect(out).toMatch(/\*\*Not shown\*\* to stay under GitHub's 65,536-character comment limit: the details of \d+ machines/);
    expect(out).toContain('`activation-doctor scan fleet/ --only WS0* --format html -o report.html`');
    expect(out).toContain('WS00019 and 1980 more');
    // whole blocks only: every <details> that was started is closed
    expect(out.match(/<details>/g)!.length).toBe(out.match(/<\/details>/g)!.length);
  });

  it('adds no footer when everything fits', () => {
    expect(render(loadFixtureReport(), 'markdown', { color: false })).not.toContain('Not shown');
  });
});
