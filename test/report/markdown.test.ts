import { describe, expect, it } from '@jest/globals';
import { render } from '../../src/report/index.js';
import { codeSpan, escapeMarkdown } from '../../src/report/markdown.js';
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

  it('keeps every table row on one line with six cells', () => {
    const out = render(loadFixtureReport(), 'markdown', { color: false });
    const rows = out.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| File') && !l.startsWith('| `'));
    for (const row of rows) expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(8);
    expect(out).toContain('| &lt;script&gt;alert(1)&lt;/script&gt; | ok |');
    const outsideCode = out.replace(/(`+).*?\1/g, '');
    expect(outsideCode).not.toContain('<script>');
    expect(outsideCode).not.toContain('<img');
    expect(out).toContain('`evidence/<script>alert(1)</script>/slmgr-dlv.txt:9`');
  });
});
