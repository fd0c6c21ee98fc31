/**
 * What a rule author reads, in the chosen language: `rules test` and the
 * errors for a broken rule, policy or YAML file (exit 2), run through the built
 * CLI. In `qps` no English word may be left beyond what the files themselves
 * say (paths, field paths, rule ids, case names, quoted values) and the values a
 * rule file is written with (severities, the keys of an expected finding).
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../../src/catalog/catalog.js';
import { DataFileError } from '../../src/data/errors.js';
import { PACKAGE_ROOT } from '../../src/data/paths.js';
import { withLanguage } from '../../src/i18n/index.js';
import { runCli } from '../helpers/cli.js';

const WORD = /[A-Za-z][A-Za-z]{2,}/g;
const words = (text: string): string[] => [...new Set((text.match(WORD) ?? []).map((word) => word.toLowerCase()))].sort();

const tmp = mkdtempSync(join(tmpdir(), 'ad-authoring-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function folder(name: string, files: Record<string, string>): string {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

/** A user rule whose cases fail in each way the tester can report, and one that passes; its own words are not English. */
const RULE = `id: zz-qq
title: Zzz
severity: warning
kinds: [kms-request]
where: { kmsPort|ne: 1688 }
messages:
  title: 'Qqq {{kmsPort}}'
  cause: 'Xxx {{kmsHost}}'
  nextCommand: cscript slmgr.vbs /ato
tests:
  valid:
    - name: c1
      facts: [{ kind: kms-request, kmsHost: h1, kmsPort: 1700 }]
  invalid:
    - name: c2
      facts: [{ kind: kms-request, kmsHost: h1, kmsPort: 1700 }]
      findings: [{ severity: error }]
    - name: c3
      facts:
        - { kind: kms-request, machine: PC01, kmsHost: h1, kmsPort: 1700 }
        - { kind: kms-request, machine: PC02, kmsHost: h1, kmsPort: 1700 }
      findings: [{ machine: PC01 }]
    - name: c4
      facts: [{ kind: kms-request, kmsHost: h1, kmsPort: 1700 }]
      findings: [{ severity: warning }]
`;

const rules = folder('rules', { 'zz-qq.yaml': RULE });
const brokenRule = folder('broken-rules', { 'bad.yaml': RULE.replace('severity: warning\nkinds', 'severity: fatal\nkinds') });
const unknownField = folder('unknown-field', { 'bad.yaml': RULE.replace('kmsPort|ne: 1688', 'kmsPrt|ne: 1688') });
const badYaml = folder('bad-yaml', { 'bad.yaml': 'id: zz-qq\nid: again\n' });
const policy = join(folder('policy', { 'typo.yaml': 'name: gold\nrequire:\n  minRearm: 1\n' }), 'typo.yaml');
const fleet = join('fixtures', 'fleet', 'PC01');

describe('rules test in the chosen language', () => {
  it('German: pass and fail lines, case kinds, what was expected and found, the summary (exit 1)', () => {
    const run = runCli(['rules', 'test', rules, '--lang', 'de']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('  FEHLER  zz-qq ohne Befund: c1\n      erwartet: kein Befund, erhalten:\n      PC01 warning -: Qqq 1700 | Xxx h1');
    expect(run.stdout).toContain('erwartet: {"severity":"error"}\n      erhalten: PC01 warning');
    expect(run.stdout).toContain('unerwarteter Befund:\n      PC02 warning');
    expect(run.stdout).toContain('nächster Befehl: cscript slmgr.vbs /ato');
    expect(run.stdout).toContain('  ok      zz-qq mit Befund: c4');
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('1 bestanden, 3 fehlgeschlagen (1 Regel)');
  });

  it('Japanese, chosen by the environment', () => {
    const run = runCli(['rules', 'test', rules], { env: { LC_ALL: 'ja_JP.UTF-8' } });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('  失敗  zz-qq 問題なしのケース：c1');
    expect(run.stdout).toContain('想定外の問題：');
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('成功 1 件、失敗 3 件（ルール 1 個）');
  });

  it('the shipped rules pass in Simplified Chinese', () => {
    const run = runCli(['rules', 'test', '--lang', 'zh-CN']);
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toMatch(/^通过 \d+ 个，失败 0 个（共 \d+ 条规则）$/);
  });

  it('rules list: headers, severity and scope words and the count in Russian', () => {
    const run = runCli(['rules', 'list', '--lang', 'ru']);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ИДЕНТИФИКАТОР\s+СЕРЬЁЗНОСТЬ\s+ОБЛАСТЬ\s+КОД\s+ЗАГОЛОВОК$/);
    expect(run.stdout).toMatch(/^duplicate-cmid\s+ошибка\s+все компьютеры\s+0xC004F038\s+\S/m);
    expect(lines.at(-1)).toMatch(/^\d+ правил[оа]?$/);
  });
});

describe('a broken data file, in the chosen language (exit 2)', () => {
  it('German: a rule with a wrong value, an unknown field, broken YAML; a policy with a misspelt requirement', () => {
    const rule = runCli(['rules', 'test', brokenRule, '--lang', 'de']);
    expect(rule.code).toBe(2);
    expect(rule.stderr.trimEnd()).toBe(
      `activation-doctor: ${join(brokenRule, 'bad.yaml')}: Feld „severity“ (Zeile 3): muss einer dieser Werte sein: error, warning, info`,
    );
    const field = runCli(['scan', fleet, '--rules', unknownField, '--lang', 'de']);
    expect(field.code).toBe(2);
    expect(field.stderr).toMatch(/bad\.yaml: Feld „where\.kmsPrt\|ne“ \(Zeile 5\): unbekanntes Feld „kmsPrt“ \(bekannt: /);
    const yaml = runCli(['rules', 'test', badYaml], { env: { LC_ALL: '', LANG: 'de_DE.UTF-8' } });
    expect(yaml.code).toBe(2);
    expect(yaml.stderr).toContain('bad.yaml: kein gültiges YAML (Zeile 2): Derselbe Schlüssel steht zweimal in einer Zuordnung.');
    const checked = runCli(['check', '--policy', policy, fleet, '--lang', 'de']);
    expect(checked.code).toBe(2);
    expect(checked.stderr).toContain(`${policy}: Feld „require.minRearm“ (Zeile 3): ist hier keine bekannte Eigenschaft`);
  });

  it('German: a merge shard that is missing, or a folder', () => {
    const missing = runCli(['merge', join(tmp, 'absent.json'), '--lang', 'de']);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trimEnd()).toBe(`activation-doctor: ${join(tmp, 'absent.json')}: Die Datei kann nicht gelesen werden (dieser Pfad existiert nicht).`);
    const folderShard = runCli(['merge', tmp, '--lang', 'de']);
    expect(folderShard.code).toBe(2);
    expect(folderShard.stderr).toContain('(das ist ein Ordner, keine Datei)');
    const notJson = runCli(['merge', join(folder('shards', { 'cut.json': '{"schemaVersion": 1,\n  "files": [' }), 'cut.json'), '--lang', 'de']);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toContain('cut.json: kein JSON-Bericht (der Text endet, bevor das JSON vollständig ist)');
    const badJson = runCli(['merge', join(folder('shards', { 'bad.json': '{"schemaVersion": 1,\n  files: []}' }), 'bad.json'), '--lang', 'de']);
    expect(badJson.stderr).toContain('bad.json: kein JSON-Bericht (kein gültiges JSON in Zeile 2, Spalte 3)');
  });

  it('Traditional Chinese: the same policy, a missing rules folder', () => {
    const checked = runCli(['check', '--policy', policy, fleet, '--lang', 'zh-TW']);
    expect(checked.code).toBe(2);
    expect(checked.stderr).toContain(`${policy}：欄位「require.minRearm」（第 3 行）：此處不允許這個屬性`);
    const missing = runCli(['rules', 'test', join(tmp, 'nowhere'), '--lang', 'zh-TW']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`${join(tmp, 'nowhere')}：無法讀取規則資料夾（此路徑不存在）`);
  });
});

describe('a broken catalog folder, through the library, in the language in force', () => {
  const catalogError = (fixture: string, lang: 'ru' | 'zh-CN'): DataFileError => {
    try {
      withLanguage(lang, () => loadCatalog(join(PACKAGE_ROOT, 'test', 'fixtures', 'catalog', fixture)));
    } catch (error) {
      if (error instanceof DataFileError) return error;
      throw error;
    }
    throw new Error('expected a DataFileError');
  };

  it('Russian: a file named after another code; Simplified Chinese: a missing field', () => {
    expect(catalogError('wrong-file-name', 'ru').message).toMatch(
      /0xC004F093\.yaml: поле «code» \(строка \d+\): равно 0x[0-9A-F]{8}, поэтому файл должен называться 0x[0-9A-F]{8}\.yaml$/,
    );
    expect(catalogError('missing-field', 'zh-CN').message).toMatch(/0xC004F038\.yaml：字段“title”（第 \d+ 行）：是必填项，但缺失$/);
  });
});

describe('--lang qps leaves no English for rule authors', () => {
  /** Words a file or the run gives: paths, rule ids, fields named in the rule file, severities, commands. */
  const allowedFrom = (...texts: string[]): Set<string> =>
    new Set([...words([tmp, 'activation-doctor', 'warning error info', 'cscript slmgr.vbs /ato', ...texts].join(' '))]);

  it('rules test: every kind of line', () => {
    const run = runCli(['rules', 'test', rules, '--lang', 'qps']);
    expect(run.code).toBe(1);
    const allowed = allowedFrom('zz-qq severity machine', 'Qqq Xxx');
    expect(words(run.stdout).filter((word) => !allowed.has(word))).toEqual([]);
    expect(run.stdout).toContain('⟦');
  });

  it('rules test over the shipped rules: only rule ids and case names stay', () => {
    const english = runCli(['rules', 'test']);
    const caseWords = english.stdout
      .split('\n')
      .filter((line) => /^ {2}ok {4}/.test(line))
      .map((line) => line.replace(/^ {2}ok {4}\S+ (?:valid|invalid): /, '').replace(/^/, ' '));
    const ids = english.stdout.split('\n').map((line) => line.split(' ').filter(Boolean)[1] ?? '');
    const run = runCli(['rules', 'test', '--lang', 'qps']);
    expect(run.code).toBe(0);
    const allowed = allowedFrom(...caseWords, ...ids);
    expect(words(run.stdout).filter((word) => !allowed.has(word))).toEqual([]);
  });

  it('broken rule, unknown field, broken YAML, misspelt policy requirement, missing folder', () => {
    const runs = [
      runCli(['rules', 'test', brokenRule, '--lang', 'qps']),
      runCli(['rules', 'test', unknownField, '--lang', 'qps']),
      runCli(['rules', 'test', badYaml, '--lang', 'qps']),
      runCli(['check', '--policy', policy, fleet, '--lang', 'qps']),
      runCli(['rules', 'test', join(tmp, 'nowhere'), '--lang', 'qps']),
      runCli(['merge', join(folder('qps-shards', { 'cut.json': '{"schemaVersion": 1' }), 'cut.json'), '--lang', 'qps']),
      runCli(['merge', join(folder('qps-shards', { 'bad.json': '{"schemaVersion": 1, files: []}' }), 'bad.json'), '--lang', 'qps']),
    ];
    for (const run of runs) expect(run.code).toBe(2);
    const stderr = runs.map((run) => run.stderr).join('\n');
    // Paths (the folders this test made), field paths and the values quoted in the sentences: the files' own names.
    const allowed = allowedFrom(
      brokenRule,
      unknownField,
      badYaml,
      policy,
      'nowhere severity fatal where kmsPrt require minRearm qps shards cut bad json',
      fleet,
    );
    const known = /\(.*?: ([^)]*)\)/.exec(runs[1]!.stderr)?.[1] ?? '';
    for (const word of words(known)) allowed.add(word);
    expect(words(stderr).filter((word) => !allowed.has(word))).toEqual([]);
  });
});
