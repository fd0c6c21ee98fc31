/**
 * The HTML report in a real browser (Debian's chromium driven by playwright-core):
 * no console errors, no network, filtering and sorting work, hostile names stay text.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { render } from '../../src/report/index.js';
import { loadFixtureReport, REPORT_DIR } from './fixtures/load.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const OUTPUT_DIR = join(REPORT_DIR, '..', '..', 'test-output');

let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
const requests: string[] = [];
const dialogs: string[] = [];
let reportUrl: string;

async function visibleMachineNames(): Promise<string[]> {
  return page.$$eval('#machines tbody tr:not(.hidden)', (rows) => rows.map((r) => r.getAttribute('data-name') ?? ''));
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}; the HTML report test needs it. Install it with: apt-get update && apt-get install -y chromium (or set CHROMIUM_PATH).`);
  }
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const file = join(OUTPUT_DIR, 'report.html');
  writeFileSync(file, render(loadFixtureReport(), 'html', { color: false }));
  reportUrl = pathToFileURL(file).href;
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
    expect(await page.locator('script').count()).toBe(1);
    expect(await page.locator('img').count()).toBe(0);
  });

  it('shows the hostile names as text', async () => {
    const cells = await page.$$eval('#machines tbody td:first-child', (tds) => tds.map((td) => td.textContent));
    expect(cells).toContain('<script>alert(1)</script>');
    expect(cells).toContain("=cmd|' /C calc'!A0");
    expect(cells).toContain('ZÜRICH-Ω "Büro", Stock 2\nRaum 5');
    const title = await page.locator('#m-5 .finding strong').textContent();
    expect(title).toBe('Activated by KMS <img src=x onerror=alert(2)>');
  });

  it('shows the fleet summary, the timeline and the evidence', async () => {
    const cards = await page.$$eval('.cards .card', (els) => els.map((el) => el.textContent));
    expect(cards).toEqual(expect.arrayContaining(['7machines', '3failing', '2warning', '2ok']));
    expect(await page.locator('svg.timeline g.tl-bar').count()).toBeGreaterThan(5);
    expect(await page.locator('svg.timeline rect.tl-failed').count()).toBeGreaterThan(0);
    expect(await page.locator('#m-0').textContent()).toContain('evidence/PC01/Application.xml:299 (record 40089)');
  });

  it('filters by text and by verdict, and hides the matching details', async () => {
    await page.fill('#filter', 'pc0');
    expect(await visibleMachineNames()).toEqual(['PC01', 'PC02', 'PC03', 'PC04']);
    await page.selectOption('#verdict-filter', 'failing');
    expect(await visibleMachineNames()).toEqual(['PC01', 'PC02', 'PC04']);
    expect(await page.locator('#shown').textContent()).toBe('3 of 7 machines');
    expect(await page.locator('article.machine:not(.hidden)').count()).toBe(3);
    await page.fill('#filter', '0xc004f06c');
    expect(await visibleMachineNames()).toEqual(['PC04']);
    await page.fill('#filter', '');
    await page.selectOption('#verdict-filter', 'ok');
    expect(await visibleMachineNames()).toEqual(['<script>alert(1)</script>', 'ZÜRICH-Ω "Büro", Stock 2\nRaum 5']);
    await page.selectOption('#verdict-filter', '');
    expect(await visibleMachineNames()).toHaveLength(7);
  });

  it('sorts by machine name both ways and by verdict worst first', async () => {
    await page.click('th button[data-sort="name"]');
    const ascending = await visibleMachineNames();
    expect(ascending[0]).toBe('<script>alert(1)</script>');
    expect(ascending).toEqual(['<script>alert(1)</script>', "=cmd|' /C calc'!A0", 'PC01', 'PC02', 'PC03', 'PC04', 'ZÜRICH-Ω "Büro", Stock 2\nRaum 5']);
    expect(await page.getAttribute('th:has(button[data-sort="name"])', 'aria-sort')).toBe('ascending');
    await page.click('th button[data-sort="name"]');
    expect(await visibleMachineNames()).toEqual([...ascending].reverse());
    await page.click('th button[data-sort="rank"]');
    const verdicts = await page.$$eval('#machines tbody tr', (rows) => rows.map((r) => r.getAttribute('data-verdict')));
    expect(verdicts).toEqual(['failing', 'failing', 'failing', 'warning', 'warning', 'ok', 'ok']);
    await page.click('th button[data-sort="errors"]');
    const errors = await page.$$eval('#machines tbody tr', (rows) => rows.map((r) => Number(r.getAttribute('data-errors'))));
    expect(errors).toEqual([...errors].sort((a, b) => b - a));
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

  it('saves a screenshot for a human to look at', async () => {
    await page.click('th button[data-sort="rank"]');
    const file = join(OUTPUT_DIR, 'report.png');
    await page.screenshot({ path: file, fullPage: true });
    expect(existsSync(file)).toBe(true);
    expect(consoleErrors).toEqual([]);
    expect(dialogs).toEqual([]);
  });
});
