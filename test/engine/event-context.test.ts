/** `{{context}}`: an event's phrase in the report's language; a command stays as the evidence wrote it. */
import { describe, expect, it } from '@jest/globals';
import { evaluate, loadRules } from '../../src/engine/index.js';
import { fixtureCatalog } from './catalog-fixture.js';
import { activationError } from './fact-builders.js';

const catalog = fixtureCatalog();
const rules = loadRules(undefined, catalog);

function accessDeniedCause(context: string, lang: 'en' | 'de' | 'ja'): string | undefined {
  const facts = [activationError({ machine: 'PC01', time: '2026-11-01T08:00:00.000Z', hresult: '0x80070005', context })];
  const result = evaluate([{ name: 'PC01', facts }], rules, catalog, { lang });
  return result.machines[0]!.findings.find((finding) => finding.ruleId === 'activation-access-denied')?.cause;
}

describe('{{context}} per language', () => {
  it('an event says which event in the language', () => {
    expect(accessDeniedCause('event 8198', 'en')).toMatch(/^event 8198 \(license activation failed\) failed with 0x80070005/);
    expect(accessDeniedCause('event 8198', 'de')).toMatch(/^Ereignis 8198 \(Lizenzaktivierung fehlgeschlagen\)/);
    expect(accessDeniedCause('event 8198', 'ja')).toContain('イベント 8198（ライセンス認証の失敗）');
    expect(accessDeniedCause('event 4242', 'de')).toMatch(/^Ereignis 4242 /);
  });

  it('a command is the same in every language', () => {
    expect(accessDeniedCause('slmgr /ato', 'de')).toMatch(/^slmgr \/ato /);
    expect(accessDeniedCause('slmgr /ato', 'ja')).toContain('slmgr /ato');
  });
});
