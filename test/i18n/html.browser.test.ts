/**
 * The HTML report of the demo fleet in every language, in Chromium: Chinese,
 * Japanese, Russian and German text and the stretched pseudo-language fit their
 * boxes (nothing wider than the page, no clipped table cell or card), the page
 * script speaks the language ("3 of 15 machines"), and the page declares it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { PACKAGE_ROOT } from '../../src/data/paths.js';
import { runCli } from '../helpers/cli.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const OUTPUT_DIR = join(PACKAGE_ROOT, 'test-output', 'i18n');
const LANGS = ['zh-CN', 'zh-TW', 'ja', 'ru', 'de', 'qps'] as const;
const SHOWN: Record<(typeof LANGS)[number], RegExp> = {
  'zh-CN': /^12\D+15/,
  'zh-TW': /^12\D+15/,
  ja: /^12\D+15/,
  ru: /^12 из 15 /,
  de: /^12 von 15 Computern$/,
  qps: /^⟦12 óƒ 15 ɱáçĥíñéš[~ ]*⟧$/,
};

let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}; install it with: apt-get install -y chromium`);
  mkdirSync(OUTPUT_DIR, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
});

afterAll(async () => {
  await browser?.close();
});

describe('html report per language in chromium', () => {
  for (const lang of LANGS) {
    it(`${lang}: fits the page at 1280 and 800 pixels, no clipped text`, async () => {
      const run = runCli(['scan', 'fixtures/fleet', '--lang', lang, '--format', 'html', '--quiet', '--jobs', '2']);
      const file = join(OUTPUT_DIR, `fleet.${lang}.html`);
      writeFileSync(file, run.stdout);
      for (const width of [1280, 800]) {
        const page = await browser.newPage({ viewport: { width, height: 900 } });
        const errors: string[] = [];
        page.on('pageerror', (error) => errors.push(error.message));
        await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
        // Runs in the page (this project compiles without the DOM library: the page is reached through the elements).
        const layout = await page.$$eval('main *', (elements) => {
          const doc = elements[0]!.ownerDocument;
          const view = doc.defaultView!;
          const viewport = doc.documentElement.clientWidth;
          const tooWide: string[] = [];
          const clipped: string[] = [];
          for (const el of elements) {
            if (el.closest('svg')) continue;
            const box = el.getBoundingClientRect();
            const name = `${el.tagName.toLowerCase()}.${(el.getAttribute('class') ?? '').replace(/ /g, '.')} "${(el.textContent ?? '').slice(0, 40)}"`;
            if (box.width > 0 && box.right > viewport + 1) tooWide.push(name);
            const style = view.getComputedStyle(el);
            if (
              (el.tagName === 'TD' || el.tagName === 'TH' || el.classList.contains('card')) &&
              style.overflowX !== 'visible' &&
              el.scrollWidth > el.clientWidth + 1
            )
              clipped.push(name);
          }
          return {
            viewport,
            scrollWidth: doc.documentElement.scrollWidth,
            tooWide: tooWide.slice(0, 10),
            clipped: clipped.slice(0, 10),
            lang: doc.documentElement.lang,
          };
        });
        if (width === 1280) await page.screenshot({ path: join(OUTPUT_DIR, `fleet.${lang}.png`), fullPage: false });
        await page.selectOption('#verdict-filter', 'failing');
        const shown = await page.locator('#shown').textContent();
        await page.close();
        expect(errors).toEqual([]);
        expect({ lang: layout.lang, scrollWidth: layout.scrollWidth <= layout.viewport + 1, tooWide: layout.tooWide, clipped: layout.clipped }).toEqual({
          lang: lang === 'qps' ? 'en-XA' : lang,
          scrollWidth: true,
          tooWide: [],
          clipped: [],
        });
        expect(shown).toMatch(SHOWN[lang]);
      }
    }, 60_000);
  }
});
