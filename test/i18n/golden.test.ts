/**
 * Golden outputs of the demo fleet in each language, text and HTML (English is
 * test/e2e/golden/fleet.*). After an intended change of a message or a
 * translation: UPDATE_GOLDEN=1 npm test, then review the diff.
 */
import { describe, expect, it } from '@jest/globals';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/data/paths.js';
import { LANGUAGES } from '../../src/i18n/languages.js';
import { runCli } from '../helpers/cli.js';

const GOLDEN_DIR = join(PACKAGE_ROOT, 'test', 'i18n', 'golden');
const FORMATS = [
  ['text', 'txt'],
  ['html', 'html'],
] as const;

describe('golden outputs of fixtures/fleet per language', () => {
  for (const lang of LANGUAGES.filter((l) => l !== 'en')) {
    for (const [format, extension] of FORMATS) {
      it(`--lang ${lang} --format ${format}`, () => {
        // a fixed 'made at' time in the html header, as the English goldens have
        const run = runCli(['scan', 'fixtures/fleet', '--lang', lang, '--format', format, '--quiet', '--jobs', '2'], {
          env: { SOURCE_DATE_EPOCH: '1795000000' },
        });
        expect(run.code).toBe(1);
        const golden = join(GOLDEN_DIR, `fleet.${lang}.${extension}`);
        if (process.env.UPDATE_GOLDEN === '1') {
          mkdirSync(GOLDEN_DIR, { recursive: true });
          writeFileSync(golden, run.stdout);
        }
        expect(run.stdout).toBe(readFileSync(golden, 'utf8'));
      });
    }
  }

  it('the language comes from LC_ALL, LC_MESSAGES and LANG when --lang is not given, --lang wins', () => {
    const byEnv = runCli(['scan', 'fixtures/fleet', '--format', 'text', '--quiet', '--jobs', '2'], {
      env: { LC_ALL: '', LC_MESSAGES: 'de_DE.UTF-8', LANG: 'ja_JP.UTF-8' },
    });
    expect(byEnv.stdout).toBe(readFileSync(join(GOLDEN_DIR, 'fleet.de.txt'), 'utf8'));
    const byFlag = runCli(['scan', 'fixtures/fleet', '--format', 'text', '--quiet', '--jobs', '2', '--lang', 'en'], { env: { LC_ALL: 'de_DE.UTF-8' } });
    expect(byFlag.stdout).toBe(readFileSync(join(PACKAGE_ROOT, 'test', 'e2e', 'golden', 'fleet.txt'), 'utf8'));
  });

  it('JSON keeps its keys and enum values, and says which language its text is in', () => {
    const run = runCli(['scan', 'fixtures/fleet', '--lang', 'zh-CN', '--format', 'json', '--quiet', '--jobs', '2']);
    const english = runCli(['scan', 'fixtures/fleet', '--lang', 'en', '--format', 'json', '--quiet', '--jobs', '2']);
    const report = JSON.parse(run.stdout) as {
      lang: string;
      machines: { verdict: string; findings: { ruleId: string; severity: string; code: string | null; nextCommand: string | null; title: string }[] }[];
    };
    const base = JSON.parse(english.stdout) as typeof report;
    expect(report.lang).toBe('zh-CN');
    expect(base.lang).toBe('en');
    const shape = (r: typeof report) => r.machines.map((m) => [m.verdict, m.findings.map((f) => [f.ruleId, f.severity, f.code, f.nextCommand])]);
    expect(shape(report)).toEqual(shape(base));
    expect(report.machines[0]!.findings[0]!.title).not.toBe(base.machines[0]!.findings[0]!.title);
  });
});

describe('explain, help and usage errors per language', () => {
  it('explain --lang de: the catalog entry in German, commands unchanged', () => {
    const run = runCli(['explain', '0xC004F074', '--lang', 'de']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Kein KMS-Host erreichbar');
    expect(run.stdout).toContain('Mögliche Ursachen:');
    expect(run.stdout).toContain('> nslookup -type=srv _vlmcs._tcp');
    expect(run.stdout).toContain('Als Nächstes ausführen:');
  });

  it('explain --list --lang ja lines up the table by display width', () => {
    const run = runCli(['explain', '--list', '--lang', 'ja']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('KMS クライアント');
    expect(run.stdout).toMatch(/\d+ 個のコード。\n$/);
  });

  it('help and commander errors follow --lang', () => {
    const help = runCli(['scan', '--help', '--lang', 'ru']);
    expect(help.stdout).toContain('Использование:');
    expect(help.stdout).toContain('формат вывода');
    const bad = runCli(['scan', 'fixtures/fleet', '--lang', 'de', '--format', 'pdf']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Fehler: Der Wert 'pdf' der Option '-f, --format <format>' ist ungültig.");
    const unknown = runCli(['scan', '--lang', 'zh-CN']);
    expect(unknown.stderr).toContain("错误：缺少必需的参数 'paths'");
  });

  it('an unknown --lang is a usage error that lists the languages', () => {
    const run = runCli(['scan', 'fixtures/fleet', '--lang', 'fr']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/en.*de.*ru.*zh-CN.*zh-TW.*ja/);
  });

  it('merge re-renders every finding in the language asked for', () => {
    // test-output/ is gitignored: a fresh clone does not have it
    mkdirSync(join(PACKAGE_ROOT, 'test-output'), { recursive: true });
    const shard = runCli(['scan', 'fixtures/fleet', '--format', 'json', '--quiet', '--jobs', '2', '--lang', 'de', '-o', 'test-output/i18n-shard.json']);
    expect(shard.code).toBe(1);
    const merged = runCli(['merge', 'test-output/i18n-shard.json', '--format', 'json', '--quiet', '--lang', 'ja']);
    const report = JSON.parse(merged.stdout) as { lang: string; machines: { findings: { title: string }[] }[] };
    expect(report.lang).toBe('ja');
    expect(report.machines[0]!.findings[0]!.title).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
  });
});
