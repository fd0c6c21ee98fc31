/** Product-aware advice: Office gets ospp.vbs, evaluation editions are never sent to KMS. */
import { describe, expect, it } from '@jest/globals';
import { evaluationResolution, forOffice, forOfficeProse, isEvaluationFact, isOfficeFact, mentionsVolumeActivation } from '../../src/engine/advice.js';
import { withLanguage } from '../../src/i18n/index.js';
import { activationError, kmsRequest, license } from './fact-builders.js';

describe('forOffice', () => {
  it.each([
    ['cscript slmgr.vbs /ato', 'cscript ospp.vbs /act'],
    ['cscript slmgr.vbs /dlv', 'cscript ospp.vbs /dstatus'],
    ['cscript //nologo %windir%\\system32\\slmgr.vbs /dli', 'cscript ospp.vbs /dstatus'],
    ['cscript slmgr.vbs /skms kms01.corp.example', 'cscript ospp.vbs /sethst:kms01.corp.example'],
    ['cscript slmgr.vbs /skms kms01.corp.example:1688', 'cscript ospp.vbs /sethst:kms01.corp.example && cscript ospp.vbs /setprt:1688'],
    ['cscript slmgr.vbs /ckms', 'cscript ospp.vbs /remhst'],
    ['cscript slmgr.vbs /ipk <GVLK of the edition>', 'cscript ospp.vbs /inpkey:<GVLK of the edition>'],
    ['slui.exe 4', 'cscript ospp.vbs /dinstid'],
    ['slui.exe 0x2a 0xC004F074', 'cscript ospp.vbs /ddescr:0xC004F074'],
    ['nslookup -type=srv _vlmcs._tcp', 'nslookup -type=srv _vlmcs._tcp'],
    ['w32tm /resync', 'w32tm /resync'],
  ])('%s → %s', (windows, office) => {
    expect(forOffice(windows, true)).toBe(office);
  });

  it('rewrites prose without cscript', () => {
    expect(forOffice('point the client at a host with slmgr /skms host:1688 if needed', false)).toBe(
      'point the client at a host with ospp.vbs /sethst:host and /setprt:1688 if needed',
    );
  });

  it('in translated prose a sentence word is never taken for an argument, nor a closing period', () => {
    withLanguage('de', () => {
      expect(forOffice('stellen Sie sie mit slmgr /skms-domain ein oder nennen Sie den Host direkt mit slmgr /skms.', false)).toBe(
        'stellen Sie sie mit ospp.vbs /skms-domain ein oder nennen Sie den Host direkt mit ospp.vbs /sethst.',
      );
      expect(forOffice('einen Host mit slmgr /skms host:1688.', false)).toBe('einen Host mit ospp.vbs /sethst:host und /setprt:1688.');
    });
    withLanguage('ja', () => {
      // no space before the Japanese word: the second command must not be swallowed as the first one's argument
      expect(forOffice('slmgr /skms-domain でドメインを設定するか、slmgr /skms でホストを直接指定', false)).toBe(
        'ospp.vbs /skms-domain でドメインを設定するか、ospp.vbs /sethst でホストを直接指定',
      );
    });
    expect(forOffice('reset it with slmgr /rearm and restart', false)).toBe('reset it with OSPPREARM.EXE and restart');
    expect(forOffice('Use slui 4.', false)).toBe('Use ospp.vbs /dinstid (the installation ID for phone activation).');
  });

  it.each([
    ['en', 'Ask for more clients. Check the count on the host with slmgr /dlv.', 'Ask for more clients. Check the count on the host with slmgr /dlv.'],
    ['de', 'Prüfen Sie mit slmgr /dlv. Den Zählerstand zeigt slmgr /dlv auf dem Host.', 'Prüfen Sie mit ospp.vbs /dstatus. Den Zählerstand zeigt slmgr /dlv auf dem Host.'],
    ['ru', 'Проверьте командой slmgr /dlv. Значение счетчика на узле показывает slmgr /dlv.', 'Проверьте командой ospp.vbs /dstatus. Значение счетчика на узле показывает slmgr /dlv.'],
    ['zh-CN', '先用 slmgr /dlv 检查。在主机上用 slmgr /dlv 查看计数。', '先用 ospp.vbs /dstatus 检查。在主机上用 slmgr /dlv 查看计数。'],
    ['zh-TW', '先以 slmgr /dlv 檢查。在主機上以 slmgr /dlv 查看計數。', '先以 ospp.vbs /dstatus 檢查。在主機上以 slmgr /dlv 查看計數。'],
    ['ja', 'slmgr /dlv で確認してください。ホストのカウントは slmgr /dlv で確認できます。', 'ospp.vbs /dstatus で確認してください。ホストのカウントは slmgr /dlv で確認できます。'],
  ] as const)('%s: what is done on the KMS host keeps slmgr for an Office client', (language, prose, office) => {
    expect(withLanguage(language, () => forOfficeProse(prose))).toBe(office);
  });

  it('the evaluation advice is in the language in force, its commands as they are', () => {
    const german = withLanguage('de', evaluationResolution);
    expect(german).toContain('Evaluierungsversion');
    expect(german).toContain('(slmgr /ato)');
    expect(german).toContain('(DISM /Online /Set-Edition:<edition> /ProductKey:<key> /AcceptEula)');
  });

  it('keeps the words after an option in prose, in any language', () => {
    expect(forOffice('activate by slmgr /ato or by phone', false)).toBe('activate by ospp.vbs /act or by phone');
    expect(forOffice('installieren Sie mit slmgr /ipk den GVLK', false)).toBe('installieren Sie mit ospp.vbs /inpkey den GVLK');
    expect(forOffice('сбросьте CMID командой slmgr /rearm и перезагрузите', false)).toBe('сбросьте CMID командой OSPPREARM.EXE и перезагрузите');
    expect(forOffice('set it with slmgr /skms-domain corp.example or name the host', false)).toBe('set it with ospp.vbs /skms-domain:corp.example or name the host');
  });

  it('takes no Chinese or Japanese words after an option for its argument', () => {
    expect(forOffice('请用 slmgr /skms-domain 设置域，或用 slmgr /skms 直接指定主机。', false)).toBe(
      '请用 ospp.vbs /skms-domain 设置域，或用 ospp.vbs /sethst 直接指定主机。',
    );
    expect(withLanguage('ja', () => forOffice('slmgr /skms-domain でドメインを設定するか、slmgr /skms kms01:1688 で指定', false))).toBe(
      'ospp.vbs /skms-domain でドメインを設定するか、ospp.vbs /sethst:kms01 と /setprt:1688 で指定',
    );
  });

  it('writes its own words in the language in force, commands unchanged', () => {
    expect(withLanguage('de', () => forOffice('Rufen Sie slui 4 auf', false))).toBe('Rufen Sie ospp.vbs /dinstid (die Installations-ID für die telefonische Aktivierung) auf');
    expect(withLanguage('zh-CN', () => forOffice('slmgr /skms kms01:1688', false))).toBe('ospp.vbs /sethst:kms01 和 /setprt:1688');
    const german = withLanguage('de', evaluationResolution);
    expect(german).toContain('Evaluierungsversion');
    expect(german).toContain('(slmgr /ato)');
    expect(german).toContain('(DISM /Online /Set-Edition:<edition> /ProductKey:<key> /AcceptEula)');
    expect(evaluationResolution()).toMatch(/^This is an evaluation edition/);
  });
});

describe('what the evidence is about', () => {
  it('Office: ospp output, the Office application id, the OSPP provider, ospp context', () => {
    expect(isOfficeFact(license({ machine: 'PC01', origin: 'ospp' }))).toBe(true);
    expect(isOfficeFact(license({ machine: 'PC01', origin: 'slmgr', applicationId: '0FF1CE15-A989-479D-AF46-F275C6370663', product: null }))).toBe(true);
    expect(isOfficeFact({ ...kmsRequest({ machine: 'PC01' }), provider: 'Office Software Protection Platform Service' })).toBe(true);
    expect(isOfficeFact(activationError({ machine: 'PC01', context: 'ospp /dstatus' }))).toBe(true);
    expect(isOfficeFact(license({ machine: 'PC01', origin: 'slmgr', product: 'Windows(R), Enterprise edition', applicationId: '55c92734-d682-4d71-983e-d6ec3f16059f' }))).toBe(false);
    expect(isOfficeFact({ ...kmsRequest({ machine: 'PC01' }), provider: 'Microsoft-Windows-Security-SPP' })).toBe(false);
  });

  it('evaluation editions (real samples 010 and 019)', () => {
    expect(isEvaluationFact(license({ machine: 'PC01', channel: 'TIMEBASED_EVAL' }))).toBe(true);
    expect(isEvaluationFact(license({ machine: 'PC01', channel: null, keyChannel: 'Retail:TB:Eval' }))).toBe(true);
    expect(isEvaluationFact(license({ machine: 'PC01', channel: 'VOLUME_KMSCLIENT', keyChannel: 'Volume:GVLK' }))).toBe(false);
    expect(mentionsVolumeActivation('Activate the product (online, through KMS, or by phone)', 'cscript slmgr.vbs /ato')).toBe(true);
  });
});
