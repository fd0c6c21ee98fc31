/** Event text through the built CLI: sniffed as event text, read into facts, diagnosed like the XML. */
import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../src/data/paths.js';
import type { Report } from '../../src/model/report.js';
import { runCli } from '../helpers/cli.js';

const TEXT = join(PACKAGE_ROOT, 'fixtures', 'events', 'text');

describe('scan of event text and SIEM JSON', () => {
  it('every shape is read as event text and the failing KMS client is diagnosed from it', () => {
    const run = runCli(['scan', TEXT, '--format', 'json', '--quiet', '--fail-on', 'never']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    const byName = new Map(report.files.map((file) => [file.path.split('/').pop()!, file]));
    for (const name of [
      'event-viewer-copy-details-de.txt',
      'get-winevent-format-list.txt',
      'winlogbeat.ndjson',
      'evtx-dump.json',
      'event-viewer-saved-events.csv',
    ]) {
      expect(byName.get(name)).toMatchObject({ kind: 'event-text', status: 'parsed' });
    }
    expect(byName.get('not-evidence-application-error.txt')).toMatchObject({ kind: 'unknown', status: 'skipped' });
    const pc01 = report.machines.find((machine) => machine.name === 'PC01');
    expect(pc01?.verdict).toBe('failing');
    expect(pc01?.findings.map((finding) => finding.code)).toContain('0xC004F074');
  });
});
