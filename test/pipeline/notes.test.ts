/**
 * The sentences the report model writes itself (pipeline/assemble.ts, machines.ts,
 * scan.ts, the events summary) are in the report's language, with the plural forms
 * of that language: Russian counts 1, 3 and 5 with three different word forms.
 */
import { describe, expect, it } from '@jest/globals';
import type { Fact } from '../../src/model/facts.js';
import { buildReport, outsideWindow, type MachineDraft } from '../../src/pipeline/assemble.js';
import { identityConflicts } from '../../src/pipeline/machines.js';
import { t, withLanguage, type Language } from '../../src/i18n/index.js';
import { activationError, dnsPublish, kmsRequest, license } from '../engine/fact-builders.js';

/** Russian joins a number and what it counts with a no-break space (messages/README.md). */
const nb = (text: string): string => text.replace(/(\d) (?=\p{L})/gu, '$1\u00a0');

function times<T>(count: number, make: (i: number) => T): T[] {
  return Array.from({ length: count }, (_, i) => make(i));
}

/** A machine whose evidence holds `publishes` DNS publishing events and `errors` activation errors, nothing about its license state. */
function unknownMachine(publishes: number, errors: number): MachineDraft {
  const facts: Fact[] = [
    ...times(publishes, (i) => dnsPublish({ machine: 'KMS01', time: `2026-11-0${i + 1}T08:00:00.000Z` })),
    ...times(errors, (i) => activationError({ machine: 'KMS01', time: `2026-11-0${i + 1}T09:00:00.000Z` })),
  ];
  return { name: 'KMS01', files: ['KMS01/Application.xml'], facts, findings: [] };
}

function noteIn(language: Language, draft: MachineDraft): string {
  const machine = buildReport([], [draft], [], undefined, language).machines[0]!;
  expect(machine.verdict).toBe('unknown');
  return machine.note!;
}

describe('why a machine is unknown, in German and Russian', () => {
  it('German: what the evidence held and what to collect, the commands as they are', () => {
    expect(noteIn('de', unknownMachine(1, 0))).toBe(
      'Kein Nachweis des Lizenzstatus: Die Belege enthalten nur 1 Ereignis zur DNS-Veröffentlichung (12293/12294), und nichts davon zeigt, ' +
        'ob die Aktivierung funktioniert. Sammeln Sie auf diesem Computer `cscript slmgr.vbs /dlv` (für Office zusätzlich `cscript ospp.vbs /dstatus`) ' +
        'oder sein Anwendungsprotokoll mit den Ereignissen 12288/12289.',
    );
    expect(noteIn('de', unknownMachine(3, 1))).toContain('nur 3 Ereignisse zur DNS-Veröffentlichung (12293/12294), 1 Aktivierungsfehler, und');
  });

  it.each([
    [1, '1 событие публикации в DNS (12293/12294), 1 ошибка активации'],
    [3, '3 события публикации в DNS (12293/12294), 3 ошибки активации'],
    [5, '5 событий публикации в DNS (12293/12294), 5 ошибок активации'],
  ])('Russian: %i facts of each kind', (count, seen) => {
    const note = noteIn('ru', unknownMachine(count, count));
    expect(note).toBe(
      `Нет данных о состоянии лицензии: в данных есть только ${nb(seen)}, и ничто из этого не показывает, работает ли активация. ` +
        'Соберите на этом компьютере `cscript slmgr.vbs /dlv` (для Office также `cscript ospp.vbs /dstatus`) или его журнал «Приложение» с событиями 12288/12289.',
    );
  });

  it('Office evidence asks for ospp.vbs first', () => {
    const office: MachineDraft = {
      name: 'PC14',
      files: ['PC14/Application.xml'],
      facts: [{ ...kmsRequest({ machine: 'PC14', licenseStatus: null }), provider: 'Office Software Protection Platform Service' }],
      findings: [],
    };
    expect(noteIn('de', office)).toContain(
      '1 KMS-Anforderung ohne Lizenzstatus (12288), und nichts davon zeigt, ob die Aktivierung funktioniert. Sammeln Sie auf diesem Computer `cscript ospp.vbs /dstatus` (Office) und `cscript slmgr.vbs /dlv` (Windows)',
    );
  });
});

describe('a machine the time window left without facts', () => {
  const facts = (count: number): Fact[] =>
    times(count, (i) => dnsPublish({ machine: 'PC12', time: `2026-11-16T${String(7 + i).padStart(2, '0')}:00:00.000Z` }));
  const left = (count: number, language: Language): string =>
    buildReport(
      [],
      [{ name: 'PC12', files: [], facts: [], findings: [], outsideWindow: outsideWindow(facts(count), { since: '2026-11-18T00:00:00.000Z' }) }],
      [],
      undefined,
      language,
    ).machines[0]!.note!;

  it.each([
    [1, '1 запись данных этого компьютера лежит'],
    [3, 'Все 3 записи данных этого компьютера лежат'],
    [5, 'Все 5 записей данных этого компьютера лежат'],
  ])('Russian, %i facts', (count, start) => {
    const note = left(count, 'ru');
    expect(
      new RegExp(
        `^${nb(start)} вне окна времени \\(--since 2026-11-18T00:00:00\\.000Z\\) \\(его данные охватывают период с 16\\.11\\.2026, 07:00:00 UTC по `,
      ).test(note),
    ).toBe(true);
  });

  it('German and English', () => {
    expect(left(1, 'de')).toMatch(
      /^Der einzige Beleg dieses Computers liegt außerhalb des Zeitfensters \(--since 2026-11-18T00:00:00\.000Z\) \(seine Belege reichen von 16\.11\.2026, 07:00:00 UTC bis 16\.11\.2026, 07:00:00 UTC\); geprüft wurde nichts\./,
    );
    expect(left(3, 'en')).toBe(
      'All 3 facts of this machine are outside the time window (--since 2026-11-18T00:00:00.000Z) (its evidence runs from 2026-11-16T07:00:00.000Z to 2026-11-16T09:00:00.000Z); nothing was checked. Widen the window or collect newer evidence.',
    );
  });
});

describe('files that disagree about which computer they come from', () => {
  const machine = {
    name: 'PC31',
    files: ['PC31/slmgr-dli.txt', 'PC31/slmgr-dlv.txt'],
    facts: [
      license({
        machine: 'PC31',
        origin: 'slmgr',
        product: 'Windows(R), ServerStandard edition',
        licenseStatus: 'licensed',
        source: { file: 'PC31/slmgr-dli.txt', line: 3 },
      }),
      license({
        machine: 'PC31',
        origin: 'slmgr',
        product: 'Windows(R), Enterprise edition',
        licenseStatus: 'licensed',
        source: { file: 'PC31/slmgr-dlv.txt', line: 3 },
      }),
    ],
  };

  it('German', () => {
    const [warning] = withLanguage('de', () => identityConflicts(machine));
    expect(warning!.title).toBe('Die Dateien von PC31 widersprechen sich darin, von welchem Computer sie stammen');
    expect(warning!.cause).toBe(
      'Die unter PC31 abgelegten Dateien zeigen 2 verschiedene Windows-Editionen (ServerStandard in PC31/slmgr-dli.txt; Enterprise in PC31/slmgr-dlv.txt). ' +
        'Sie stammen womöglich von verschiedenen Computern; ihre Befunde werden gemeinsam unter einem Namen gemeldet.',
    );
    expect(warning!.resolution).toContain('--machine NAME');
  });

  it('Russian', () => {
    const [warning] = withLanguage('ru', () => identityConflicts(machine));
    expect(warning!.cause).toContain(nb('показывают 2 разных выпуска Windows (ServerStandard в PC31/slmgr-dli.txt; Enterprise в PC31/slmgr-dlv.txt)'));
  });
});

describe('the events summary line', () => {
  it.each([
    ['ru', 1, 1, 1, '1 запись из 1 файла (всего файлов: 1)'],
    ['ru', 3, 3, 5, '3 записи из 3 файлов (всего файлов: 5)'],
    ['ru', 5, 21, 21, '5 записей из 21 файла (всего файлов: 21)'],
    ['de', 1, 1, 1, '1 Ereignisdatensatz aus 1 von 1 Datei'],
    ['de', 264, 1, 2, '264 Ereignisdatensätze aus 1 von 2 Dateien'],
    ['en', 1, 1, 1, '1 record from 1 of 1 file'],
  ] as const)('%s: %i records from %i of %i files', (language, records, read, files, line) => {
    expect(withLanguage(language, () => t('note.events.summary', { records, read, files }))).toBe(language === 'ru' ? nb(line) : line);
  });
});
