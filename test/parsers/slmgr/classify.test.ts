import { describe, expect, it } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { classifyText, parseSlmgrText } from '../../../src/parsers/slmgr/index.js';
import { FIXTURES, fixtureText } from './helpers.js';

describe('classifyText: must match', () => {
  for (const dir of ['en', 'zh-hans', 'synthetic']) {
    for (const name of readdirSync(join(FIXTURES, dir)).filter((n) => n.endsWith('.txt'))) {
      const expected = name.startsWith('ospp-') ? 'ospp' : 'slmgr';
      it(`${dir}/${name} → ${expected}`, () => {
        expect(classifyText(fixtureText(`${dir}/${name}`))).toBe(expected);
      });
    }
  }

  it.each([
    ['a lone localized error line', '错误: 0xC004F074 软件授权服务报告无法激活计算机。', 'slmgr'],
    ['an error word the label table lacks, with an activation code', 'Hiba: 0xC004F074 A szoftverlicenc-szolgáltatás jelentése szerint…', 'slmgr'],
    ['a description with a channel under an unknown label', 'Leírás: Windows(R) Operating System, VOLUME_KMSCLIENT channel', 'slmgr'],
    ['an ospp status line alone', 'LICENSE STATUS:  ---LICENSED--- ', 'ospp'],
    ['ospp labels with a Chinese WSH banner', 'Microsoft (R) Windows Script Host Version 5.812\n版权所有(C) Microsoft Corporation。保留所有权利。\nLICENSE NAME: Office 16, Office16ProPlusVL_KMS_Client edition\nLast 5 characters of installed product key: WFG99\n', 'ospp'],
    ['/xpr output', 'Windows(R), Professional edition:\n    The machine is permanently activated.\n', 'slmgr'],
    ['unknown labels whose values have slmgr shapes', 'Xyz: 2de67392-b7a7-462a-b1ca-108dd189f588\nAbc: 259000 min (180 dni)\nDef: 06401-00206-551-123123-03-1045-20348.0000-0502026\nGhi: kms.example.com:1688\n', 'slmgr'],
    ['a single GUID under an unknown label is not enough', 'Xyz: 2de67392-b7a7-462a-b1ca-108dd189f588\n', null],
    ['a slmgr transcript in a UTF-16 file decoded with a BOM left in', '\ufeffLicense Status: Licensed\n', 'slmgr'],
  ])('%s', (_title, text, expected) => {
    expect(classifyText(text)).toBe(expected);
  });
});

describe('classifyText: must not match', () => {
  for (const name of readdirSync(join(FIXTURES, 'not-evidence'))) {
    it(`not-evidence/${name}`, () => {
      expect(classifyText(fixtureText(`not-evidence/${name}`))).toBeNull();
    });
  }

  it.each([
    ['empty text', ''],
    ['prose that mentions slmgr', 'Run slmgr /dlv and send us the output. The KMS host should be reachable on port 1688.'],
    ['an unrelated error code', 'Error: 0x80004005 unspecified failure'],
    ['a YAML file', 'name: build\non:\n  push:\n    branches: [main]\njobs:\n  test:\n    runs-on: windows-latest\n'],
    ['an INI file', '[General]\nName: foo\nDescription: bar\nVersion: 1.2.3.4\n'],
    ['a monitoring note with a count and a priority', 'Name: queue-7\nCurrent count: 5\nPriority: Normal\n'],
    ['a CSV with GUIDs and statuses', 'host,activation_id,status\nPC01,2de67392-b7a7-462a-b1ca-108dd189f588,Licensed\n'],
  ])('%s', (_title, text) => {
    expect(classifyText(text)).toBeNull();
  });

  it.each([
    ['not elevated', 'Error: 0x80070005 Access denied: the requested action requires elevated privileges'],
    ['TLS failure', "Error: 0x80072F8F On a computer running Microsoft Windows non-core edition, run 'slui.exe 0x2a 0x80072F8F' to display the error text."],
  ])('slmgr /ato failing with a code that is not a KMS code (%s) is evidence', (_title, errorLine) => {
    const text = `Activating Windows(R), Professional edition (2de67392-b7a7-462a-b1ca-108dd189f588) ...\r\n${errorLine}\r\n`;
    expect(classifyText(text)).toBe('slmgr');
    const result = parseSlmgrText(text, { file: 'ato.txt', defaultMachine: 'PC01' });
    expect(result.facts.map((fact) => fact.kind === 'activation-error' && fact.hresult)).toContain(/0x[0-9A-F]{8}/.exec(errorLine)![0]);
  });

  it('reads only the first 64 KB', () => {
    const padding = 'lorem ipsum dolor sit amet\n'.repeat(3000);
    expect(padding.length).toBeGreaterThan(64 * 1024);
    expect(classifyText(padding + 'License Status: Licensed\n')).toBeNull();
    expect(classifyText('License Status: Licensed\n' + padding)).toBe('slmgr');
  });
});
