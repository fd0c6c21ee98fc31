/**
 * The HTML report in a real browser (Debian's chromium driven by playwright-core):
 * no console errors, no network, filtering (text, verdict, cause) and sorting work,
 * hostile names stay text, and the layout holds on a phone and a desktop: nothing
 * wider than the viewport, no two cells overlapping, no cell content spilling
 * into its neighbour. Screenshots go to test-output/ (gitignored) for a human.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { MachineReport, Report } from '../../src/model/report.js';
import { render } from '../../src/report/index.js';
import { loadFixtureReport, REPORT_DIR } from './fixtures/load.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const OUTPUT_DIR = join(REPORT_DIR, '..', '..', 'test-output');
const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1280, height: 800 },
];

let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
const requests: string[] = [];
const dialogs: string[] = [];
let reportUrl: string;

function writeReport(name: string, report: Report): string {
  const file = join(OUTPUT_DIR, name);
  writeFileSync(file, render(report, 'html', { color: false, generatedAt: '2026-11-20T10:00:00.000Z', inputs: ['evidence/'] }));
  return pathToFileURL(file).href;
}

async function visibleMachineNames(on: Page = page): Promise<string[]> {
  return on.$$eval('#machines tbody tr[data-name]', (rows) => rows.map((r) => r.getAttribute('data-name') ?? ''));
}

/** A fleet of `count` machines cut from the fixture's, each with its own name. */
function bigReport(count: number): Report {
  const report = loadFixtureReport();
  const templates = report.machines.filter((m) => /^PC0/.test(m.name));
  report.machines = Array.from({ length: count }, (_, i): MachineReport => ({ ...templates[i % templates.length]!, name: `WS${String(i).padStart(5, '0')}` }));
  report.summary.machines = count;
  return report;
}

/**
 * Layout problems on the page as it is: overflow of the viewport, overlapping
 * boxes, content spilling out of a cell. (A string: the test project has no DOM types.)
 */
const LAYOUT_PROBLEMS = `(() => {
    const problems = [];
    const viewport = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > viewport + 1) problems.push(\`page is \${document.documentElement.scrollWidth}px wide in a \${viewport}px viewport\`);
    const describe = (el) => \`\${el.tagName.toLowerCase()}\${el.id ? \`#\${el.id}\` : ''}.\${el.className} "\${(el.textContent ?? '').slice(0, 30)}"\`;
    const shown = (el) => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    for (const el of Array.from(document.querySelectorAll('body *')).filter(shown)) {
      const box = el.getBoundingClientRect();
      if (box.right > viewport + 1 || box.left < -1) problems.push(\`\${describe(el)} reaches \${Math.round(box.left)}..\${Math.round(box.right)} of \${viewport}px\`);
    }
    const groups = [
      Array.from(document.querySelectorAll('#machines td, #machines th')),
      Array.from(document.querySelectorAll('#files td, #files th')),
      Array.from(document.querySelectorAll('.cards .card')),
      Array.from(document.querySelectorAll('button.cause')),
    ];
    for (const group of groups) {
      const cells = group.filter(shown);
      const boxes = cells.map((cell) => cell.getBoundingClientRect());
      for (let i = 0; i < cells.length; i++) {
        const cell = cells[i];
        if (cell.scrollWidth > cell.clientWidth + 1) problems.push(\`\${describe(cell)} spills: content \${cell.scrollWidth}px in \${cell.clientWidth}px\`);
        for (let j = i + 1; j < cells.length; j++) {
          const a = boxes[i];
          const b = boxes[j];
          const overlapX = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          const overlapY = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          if (overlapX > 1 && overlapY > 1) problems.push(\`\${describe(cells[i])} overlaps \${describe(cells[j])}\`);
        }
      }
    }
    return problems.slice(0, 10);
})()`;

async function layoutProblems(on: Page): Promise<string[]> {
  return on.evaluate(LAYOUT_PROBLEMS) as Promise<string[]>;
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}; the HTML report test needs it. Install it with: apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH).`);
  }
  mkdirSync(OUTPUT_DIR, { recursive: true });
  reportUrl = writeReport('report.html', loadFixtureReport());
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => consoleErrors.push(err.message));
  page.on('request', (req) => requests.push(req.url()));
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  await page.goto(reportUrl, { waitUntil: 'load' });
});

afterAll(async () => {
  await browser?.close();
});

describe('html report in chromium', () => {
  it('loads with no console errors, no network request and no script from the logs', async () => {
    await page.waitForTimeout(200);
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([reportUrl]);
    expect(dialogs).toEqual([]);
    expect(await page.locator('script:not([type="application/json"])').count()).toBe(1);
    expect(await page.locator('img').count()).toBe(0);
  });

  it('says when it was made, by which version, over which inputs', async () => {
    expect(await page.locator('header').textContent()).toMatch(/Made 2026-11-20 10:00 UTC by activation-doctor \S+ from evidence\/: 7 machines, 15 files read/);
  });

  it('lists failing machines first, with product, license, expiry and KMS host', async () => {
    expect(await visibleMachineNames()).toEqual(['PC01', 'PC02', 'PC04', 'PC03', "=cmd|' /C calc'!A0", '<script>alert(1)</script>', 'ZÜRICH-Ω "Büro", Stock 2\nRaum 5']);
    const first = await page.$$eval('#machines tbody tr:first-child td', (tds) => tds.map((td) => td.textContent));
    expect(first).toEqual(['PC01', 'failing', 'Windows(R), Enterprise edition', 'oob-grace', '9 days left', 'kms01.corp.example.com:1688', '0xC004F074 No KMS host could be contacted', '2026-10-05 08:18']);
  });

  it('shows the hostile names and titles as text', async () => {
    const cells = await page.$$eval('#machines tbody td:first-child', (tds) => tds.map((td) => td.textContent));
    expect(cells).toContain('<script>alert(1)</script>');
    expect(cells).toContain("=cmd|' /C calc'!A0");
    expect(cells).toContain('ZÜRICH-Ω "Büro", Stock 2\nRaum 5');
    await page.click('#machines tr[data-name="<script>alert(1)</script>"] button.open-machine');
    expect(await page.locator('tr.details .finding strong').textContent()).toBe('Activated by KMS <img src=x onerror=alert(2)>');
    await page.click('#machines tr[data-name="<script>alert(1)</script>"] button.open-machine');
    expect(await page.locator('tr.details').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('shows the fleet summary, the timeline, and a machine\'s evidence when it is opened', async () => {
    const cards = await page.$$eval('.cards .card', (els) => els.map((el) => el.textContent));
    expect(cards).toEqual(expect.arrayContaining(['7machines', '3failing', '2warning', '2ok']));
    expect(await page.locator('svg.timeline g.tl-bar').count()).toBeGreaterThan(5);
    await page.click('#machines tr[data-name="PC01"] button.open-machine');
    expect(await page.locator('tr.details').textContent()).toContain('evidence/PC01/Application.xml:299 (record 40089)');
    expect(await page.locator('tr.details').textContent()).toContain('Test-NetConnection kms01.corp.example.com -Port 1688');
    await page.click('#machines tr[data-name="PC01"] button.open-machine');
  });

  it('filters by text and by verdict', async () => {
    await page.fill('#filter', 'pc0');
    expect(await visibleMachineNames()).toEqual(['PC01', 'PC02', 'PC04', 'PC03']);
    await page.selectOption('#verdict-filter', 'failing');
    expect(await visibleMachineNames()).toEqual(['PC01', 'PC02', 'PC04']);
    expect(await page.locator('#shown').textContent()).toBe('3 of 7 machines');
    await page.fill('#filter', '0xc004f06c');
    expect(await visibleMachineNames()).toEqual(['PC04']);
    await page.fill('#filter', 'windows(r), professional');
    await page.selectOption('#verdict-filter', '');
    expect(await visibleMachineNames()).toEqual(['ZÜRICH-Ω "Büro", Stock 2\nRaum 5']);
    await page.fill('#filter', '');
    await page.selectOption('#verdict-filter', 'ok');
    expect(await visibleMachineNames()).toEqual(['<script>alert(1)</script>', 'ZÜRICH-Ω "Büro", Stock 2\nRaum 5']);
    await page.selectOption('#verdict-filter', '');
    expect(await visibleMachineNames()).toHaveLength(7);
  });

  it('filters by the cause clicked, and clicking it again shows all', async () => {
    const cause = page.locator('button.cause', { hasText: 'Several machines share one CMID' });
    await cause.click();
    expect(await visibleMachineNames()).toEqual(['PC02', 'PC04', "=cmd|' /C calc'!A0"]);
    expect(await cause.getAttribute('aria-pressed')).toBe('true');
    await page.locator('button.cause', { hasText: 'No KMS host could be contacted' }).click();
    expect(await visibleMachineNames()).toEqual(['PC01']);
    await page.locator('button.cause', { hasText: 'No KMS host could be contacted' }).click();
    expect(await visibleMachineNames()).toHaveLength(7);
    await cause.click();
    await page.click('#cause-clear');
    expect(await visibleMachineNames()).toHaveLength(7);
  });

  it('sorts by machine name both ways and by verdict', async () => {
    await page.click('th button[data-sort="n"]');
    const ascending = await visibleMachineNames();
    expect(ascending).toEqual(['<script>alert(1)</script>', "=cmd|' /C calc'!A0", 'PC01', 'PC02', 'PC03', 'PC04', 'ZÜRICH-Ω "Büro", Stock 2\nRaum 5']);
    expect(await page.getAttribute('th:has(button[data-sort="n"])', 'aria-sort')).toBe('ascending');
    await page.click('th button[data-sort="n"]');
    expect(await visibleMachineNames()).toEqual([...ascending].reverse());
    await page.click('th button[data-sort="r"]');
    const verdicts = await page.$$eval('#machines tbody tr', (rows) => rows.map((r) => r.getAttribute('data-verdict')));
    expect(verdicts).toEqual(['failing', 'failing', 'failing', 'warning', 'warning', 'ok', 'ok']);
  });

  it('has a Content-Security-Policy that would block a script that slipped through escaping', async () => {
    const html = render(loadFixtureReport(), 'html', { color: false }).replace('<main>', '<main><script>alert("injected")</script><img src="http://192.0.2.1/x.png">');
    const probe = await browser.newPage();
    const blocked: string[] = [];
    const probeDialogs: string[] = [];
    const probeRequests: string[] = [];
    probe.on('console', (msg) => {
      if (msg.type() === 'error') blocked.push(msg.text());
    });
    probe.on('dialog', async (dialog) => {
      probeDialogs.push(dialog.message());
      await dialog.dismiss();
    });
    probe.on('requestfinished', (req) => probeRequests.push(`finished ${req.url()}`));
    probe.on('requestfailed', (req) => probeRequests.push(`failed ${req.url()} ${req.failure()?.errorText}`));
    await probe.setContent(html, { waitUntil: 'load' });
    await probe.close();
    expect(probeDialogs).toEqual([]);
    // The image request is refused by the policy before it leaves the browser.
    expect(probeRequests).toEqual(['failed http://192.0.2.1/x.png csp']);
    expect(blocked.join('\n')).toMatch(/Content Security Policy/);
  });

  it.each(VIEWPORTS.map((v): [string, (typeof VIEWPORTS)[number]] => [v.name, v]))('lays out on a %s without overflow or overlap, with a machine opened', async (name, viewport) => {
    const view = await browser.newPage({ viewport: { width: viewport.width, height: viewport.height } });
    await view.goto(reportUrl, { waitUntil: 'load' });
    expect(await layoutProblems(view)).toEqual([]);
    await view.click('#machines tr[data-name="PC01"] button.open-machine');
    await view.locator('#machines button.open-machine').last().click(); // ZÜRICH-Ω "Büro", the longest name
    expect(await layoutProblems(view)).toEqual([]);
    await view.screenshot({ path: join(OUTPUT_DIR, `report-${name}-${viewport.width}x${viewport.height}.png`), fullPage: true });
    // the measurement catches what the page used to do: a table wider than the screen, cells overprinting
    await view.evaluate("document.querySelectorAll('#machines td').forEach((td) => { td.style.whiteSpace = 'nowrap'; td.style.overflowWrap = 'normal'; td.style.maxWidth = '60px'; td.style.overflow = 'visible'; })");
    expect((await layoutProblems(view)).join('\n')).toMatch(/spills|overlaps|reaches/);
    await view.close();
  });

  it('stays light with 10,000 machines: a page of rows at a time, filters over all of them', async () => {
    const url = writeReport('report-10000.html', bigReport(10_000));
    const view = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const errors: string[] = [];
    view.on('pageerror', (err) => errors.push(err.message));
    await view.goto(url, { waitUntil: 'load' });
    expect(await view.locator('#machines tbody tr').count()).toBe(100);
    expect(await view.evaluate("document.getElementsByTagName('*').length")).toBeLessThan(5000);
    expect(await view.locator('#shown').textContent()).toBe('100 shown of 10000 matching, 10000 machines');
    await view.click('#more');
    expect(await view.locator('#machines tbody tr').count()).toBe(200);
    await view.fill('#filter', 'ws09999');
    expect(await visibleMachineNames(view)).toEqual(['WS09999']);
    await view.fill('#filter', '');
    await view.locator('button.cause', { hasText: 'Client clock is too far' }).click();
    expect(await view.locator('#shown').textContent()).toBe('100 shown of 2500 matching, 10000 machines');
    expect(await layoutProblems(view)).toEqual([]);
    expect(errors).toEqual([]);
    await view.close();
  });
});
