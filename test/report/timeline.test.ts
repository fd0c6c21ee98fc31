import { describe, expect, it } from '@jest/globals';
import { buildTimeline, renderTimelineSvg } from '../../src/report/timeline.js';
import { loadFixtureReport } from './fixtures/load.js';

describe('timeline', () => {
  it('counts attempts, failures, errors and successes per day', () => {
    const timeline = buildTimeline(loadFixtureReport());
    expect(timeline.unit).toBe('day');
    expect(timeline.buckets[0]!.start).toBe('2026-09-14');
    expect(timeline.buckets.at(-1)!.start).toBe('2026-10-05');
    expect(timeline.buckets).toHaveLength(22);
    const day = (start: string) => timeline.buckets.find((b) => b.start === start)!.counts;
    expect(day('2026-09-14')).toEqual({ success: 0, requestOk: 0, requestFailed: 1, error: 0 });
    expect(day('2026-09-20')).toEqual({ success: 1, requestOk: 1, requestFailed: 1, error: 0 });
    expect(day('2026-09-24')).toEqual({ success: 1, requestOk: 1, requestFailed: 0, error: 0 });
    expect(day('2026-10-05')).toEqual({ success: 0, requestOk: 0, requestFailed: 1, error: 1 });
    const total = timeline.buckets.reduce((n, b) => n + b.counts.requestFailed + b.counts.requestOk, 0);
    const requests = loadFixtureReport().machines.flatMap((m) => m.facts).filter((f) => f.kind === 'kms-request').length;
    expect(total).toBe(requests);
  });

  it('switches to weeks for long ranges and reports untimed events', () => {
    const report = loadFixtureReport();
    const facts = report.machines[0]!.facts;
    facts[0]!.time = '2025-01-01T00:00:00.000Z';
    facts[1]!.time = null;
    const timeline = buildTimeline(report);
    expect(timeline.unit).toBe('week');
    expect(timeline.untimed).toBe(1);
    expect(renderTimelineSvg(timeline)).toContain('1 event without a time is not shown.');
  });

  it('says so when nothing has a time', () => {
    const report = loadFixtureReport();
    report.machines = [];
    expect(renderTimelineSvg(buildTimeline(report))).toContain('No timed activation events');
  });
});
