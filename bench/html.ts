/**
 * `node dist/bench/html.js [machines...]` (default 2000 10000): the HTML report of
 * a generated fleet (bench/fleet.ts, 2 files a machine, clones every 50) in the
 * Chromium the tests drive: file size, load time, DOM nodes, and how long a
 * keystroke in the filter, a click on a cause and "Show more" take, each
 * including the layout it forces. Not a test: the numbers go to bench/RESULTS.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { DATA_DIR } from './generate.js';
import { DEFAULT_SHAPE, ensureFleet } from './fleet.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CLI = join(fileURLToPath(new URL('.', import.meta.url)), '..', 'src', 'bin.js');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Milliseconds for `action` in the page, up to the layout it causes. */
async function timed(page: Page, action: string, repeat: number): Promise<number[]> {
  const script = `(() => { const times = []; for (let i = 0; i < ${repeat}; i++) { const start = performance.now(); ${action} void document.body.offsetHeight; times.push(performance.now() - start); } return times; })()`;
  return page.evaluate(script) as Promise<number[]>;
}

async function measure(machines: number): Promise<string> {
  const fleet = join(DATA_DIR, `html-fleet-${machines}`);
  ensureFleet(fleet, { ...DEFAULT_SHAPE, machines, filesPerMachine: 2 });
  const out = join(DATA_DIR, `report-${machines}.html`);
  mkdirSync(DATA_DIR, { recursive: true });
  const renderStart = Date.now();
  try {
    execFileSync(process.execPath, [CLI, 'scan', fleet, '-f', 'html', '-o', out, '-q', '--fail-on', 'never'], { stdio: 'inherit' });
  } catch {
    // exit 1 for findings is expected
  }
  const scanSeconds = (Date.now() - renderStart) / 1000;
  const bytes = statSync(out).size;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const loadStart = Date.now();
  await page.goto(pathToFileURL(out).href, { waitUntil: 'load' });
  const loadMs = Date.now() - loadStart;
  const nodes = (await page.evaluate("document.getElementsByTagName('*').length")) as number;
  const keystrokes = ['w', 'ws', 'ws0', 'ws01', 'ws012', 'ws01', 'ws0', 'ws', 'w', '', '0xc004f074', ''];
  const typing = await timed(
    page,
    `const f = document.getElementById('filter'); const words = ${JSON.stringify(keystrokes)}; f.value = words[i % words.length]; f.dispatchEvent(new Event('input'));`,
    keystrokes.length * 2,
  );
  const cause = await timed(page, `document.querySelectorAll('button.cause')[i % 2].click();`, 10);
  await page.evaluate("document.getElementById('cause-clear').click()");
  const more = await timed(page, `document.getElementById('more').click();`, 5);
  const open = await timed(page, `document.querySelectorAll('button.open-machine')[i * 2].click();`, 10);
  await browser.close();
  const ms = (values: number[]): string => `median ${median(values).toFixed(1)} ms, max ${Math.max(...values).toFixed(1)} ms`;
  return [
    `### ${machines.toLocaleString('en')} machines`,
    '',
    `| measure | value |`,
    `|---|---:|`,
    `| scan + render (CLI, whole run) | ${scanSeconds.toFixed(1)} s |`,
    `| HTML size | ${(bytes / 1024 / 1024).toFixed(2)} MB |`,
    `| load in Chromium (to the load event) | ${loadMs} ms |`,
    `| DOM elements after load | ${nodes.toLocaleString('en')} |`,
    `| filter keystroke (${typing.length}) | ${ms(typing)} |`,
    `| click a cause (10) | ${ms(cause)} |`,
    `| "Show more" (+100 rows, 5) | ${ms(more)} |`,
    `| open a machine's findings (10) | ${ms(open)} |`,
    '',
  ].join('\n');
}

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
for (const machines of sizes.length ? sizes : [2000, 10000]) console.log(await measure(machines));
