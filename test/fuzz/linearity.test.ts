/**
 * Time grows with the input, not with its square (issue 20 cases 15 and 16).
 * Each check times an input at sizes growing fourfold: linear work takes about
 * four times as long per step, quadratic work sixteen. Ratios, never absolute times, and
 * a wide margin (fail above 10×) so a busy machine cannot make them flake;
 * inputs whose larger run is fast are not worth timing at all.
 */
import { describe, expect, it } from '@jest/globals';
import { performance } from 'node:perf_hooks';
import { parseSlmgrText } from '../../src/parsers/slmgr/index.js';
import { evaluate, loadRules } from '../../src/engine/index.js';
import type { Fact } from '../../src/model/facts.js';
import { fixtureCatalog } from '../engine/catalog-fixture.js';
import { readBytes } from '../parsers/events/helpers.js';
import { activationError, kmsRequest } from '../engine/fact-builders.js';

const GROWTH = 4;
const MAX_RATIO = 10;
/** A larger run faster than this is linear enough whatever the ratio says (timer noise dominates). */
const NOT_WORTH_TIMING_MS = 150;

async function timeMs(work: () => unknown): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

async function median(work: () => unknown, runs = 3): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await timeMs(work));
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

/**
 * `work` at growing sizes (×4 each step) up to `maxSize`: the worst confirmed
 * time ratio between two steps, or null when none is worth a look. Quadratic
 * work shows at a small step already, so a failure costs seconds, not hours.
 */
async function growth(work: (size: number) => unknown, maxSize: number): Promise<number | null> {
  let size = maxSize / GROWTH ** 4;
  let previous = await timeMs(() => work(size));
  while (size < maxSize) {
    const next = size * GROWTH;
    const time = await timeMs(() => work(next));
    if (time >= NOT_WORTH_TIMING_MS && time / Math.max(previous, 1) > MAX_RATIO) {
      const small = await median(() => work(size));
      const large = await median(() => work(next));
      if (large >= NOT_WORTH_TIMING_MS && large / Math.max(small, 1) > MAX_RATIO) return large / Math.max(small, 1);
    }
    size = next;
    previous = time;
  }
  return null;
}

function expectLinear(what: string, ratio: number | null): void {
  expect({ what, quadratic: ratio !== null && ratio > MAX_RATIO ? `×${ratio.toFixed(1)} for ×${GROWTH} input` : false }).toEqual({ what, quadratic: false });
}

const SLMGR_HEAD = 'Name: Windows(R), Enterprise edition\nDescription: Windows(R) Operating System, VOLUME_KMSCLIENT channel\nLicense Status: Licensed\n';
const OSPP_HEAD =
  '---Processing--------------------------\n---------------------------------------\nSKU ID: 85dd8b5f-eaa4-4af3-a628-cce9e77c9a03\nLICENSE NAME: Office 19, Office19ProPlus2019VL_KMS_Client_AE edition\n';
const LABELS = [
  '',
  'License Status: ',
  'LICENSE STATUS:  ',
  'Volume activation expiration: 1',
  'Remaining Windows rearm count: ',
  'Error: ',
  'ERROR CODE: ',
  'Activation ID: ',
  'Partial Product Key: ',
  'KMS machine name from DNS: ',
  'Trusted time: ',
  'REMAINING GRACE: ',
];
const FILLERS = ['-', ' ', 'a', '0', ':', '(', ')', '\t', '.', ',', '/', '…'];

describe('fuzz: time linearity', () => {
  it('slmgr/ospp text: a line of 1 MB of one character after any label parses in linear time', async () => {
    for (const head of [SLMGR_HEAD, OSPP_HEAD]) {
      for (const label of LABELS) {
        for (const filler of FILLERS) {
          const text = (size: number): string => `${head}${label}${filler.repeat(size)}x\n`;
          const ratio = await growth((size) => parseSlmgrText(text(size), { file: 't.txt', defaultMachine: 'PC01' }), 1024 * 1024);
          expectLinear(`${head === SLMGR_HEAD ? 'slmgr' : 'ospp'} ${JSON.stringify(label)} + ${JSON.stringify(filler)}×1 MB`, ratio);
        }
      }
    }
  }, 300_000);

  it('event XML: an event whose data is 1 MB of one character reads in linear time', async () => {
    for (const filler of ['a', ' ', '0', ',', '-']) {
      const xml = (size: number): Buffer =>
        Buffer.from(
          `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="Microsoft-Windows-Security-SPP"/><EventID>12288</EventID><TimeCreated SystemTime="2026-11-19T08:00:00.0000000Z"/><EventRecordID>1</EventRecordID><Computer>PC01</Computer></System><EventData><Data>${filler.repeat(size)}</Data></EventData></Event>\n`,
        );
      const ratio = await growth((size) => readBytes(xml(size), 'utf-8'), 1024 * 1024);
      expectLinear(`<Data> of ${JSON.stringify(filler)}×1 MB`, ratio);
    }
  }, 120_000);

  it("rules: multiplying one machine's facts multiplies evaluation time by about as much", async () => {
    const catalog = fixtureCatalog();
    const rules = loadRules(undefined, catalog);
    const shapes: Record<string, (n: number) => Fact[]> = {
      'undated slmgr errors in one file': (n) =>
        Array.from({ length: n }, (_, i) =>
          activationError({
            machine: 'PC01',
            source: { file: 'PC01/slmgr.txt', line: i + 1 },
            hresult: `0xC004F0${(i % 64).toString(16).padStart(2, '0').toUpperCase()}`,
          }),
        ),
      'client events a minute apart': (n) =>
        Array.from({ length: n }, (_, i) =>
          kmsRequest({
            machine: 'PC01',
            time: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
            hresult: '0xC004F074',
            source: { file: 'PC01/a.xml', recordId: i + 1, line: i + 1 },
          }),
        ),
      'client events all at one time': (n) =>
        Array.from({ length: n }, (_, i) =>
          kmsRequest({
            machine: 'PC01',
            time: '2026-01-01T00:00:00.000Z',
            hresult: i % 2 ? '0xC004F074' : '0xC004F038',
            source: { file: 'PC01/a.xml', recordId: i + 1, line: i + 1 },
          }),
        ),
    };
    for (const [what, build] of Object.entries(shapes)) {
      const ratio = await growth((n) => evaluate([{ name: 'PC01', facts: build(n) }], rules, catalog), 8192);
      expectLinear(what, ratio);
    }
  }, 300_000);
});
