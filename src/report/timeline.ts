/** Activation attempts and failures over time, as an inline SVG bar chart (no script needed). */
import type { Fact } from '../model/facts.js';
import type { Report } from '../model/report.js';
import { escapeHtml } from './escape.js';
import { t } from '../i18n/index.js';

const SERIES = [
  { key: 'success', label: 'Activations succeeded', className: 'tl-success' },
  { key: 'requestOk', label: 'KMS requests answered', className: 'tl-ok' },
  { key: 'requestFailed', label: 'KMS requests failed', className: 'tl-failed' },
  { key: 'error', label: 'Activation errors', className: 'tl-error' },
] as const;
type SeriesKey = (typeof SERIES)[number]['key'];

interface TimelineBucket {
  /** Start of the bucket, `YYYY-MM-DD`. */
  start: string;
  counts: Record<SeriesKey, number>;
}

export interface Timeline {
  unit: 'day' | 'week';
  buckets: TimelineBucket[];
  /** Attempts and errors whose source carried no time. */
  untimed: number;
}

const DAY_MS = 86_400_000;
const SUCCESS_HRESULT = '0x00000000';

function seriesOf(fact: Fact): SeriesKey | null {
  switch (fact.kind) {
    case 'kms-request':
      return fact.hresult === null || fact.hresult === SUCCESS_HRESULT ? 'requestOk' : 'requestFailed';
    case 'activation-error':
      return 'error';
    case 'activation-success':
      return 'success';
    default:
      return null;
  }
}

const emptyCounts = (): Record<SeriesKey, number> => ({ success: 0, requestOk: 0, requestFailed: 0, error: 0 });

export function buildTimeline(report: Report): Timeline {
  const points: { ms: number; series: SeriesKey }[] = [];
  let untimed = 0;
  for (const machine of report.machines) {
    for (const fact of machine.facts) {
      const series = seriesOf(fact);
      if (!series) continue;
      const ms = fact.time ? Date.parse(fact.time) : NaN;
      if (Number.isNaN(ms)) untimed++;
      else points.push({ ms, series });
    }
  }
  if (points.length === 0) return { unit: 'day', buckets: [], untimed };
  const first = Math.floor(Math.min(...points.map((p) => p.ms)) / DAY_MS);
  const last = Math.floor(Math.max(...points.map((p) => p.ms)) / DAY_MS);
  const unit = last - first > 90 ? 'week' : 'day';
  const size = unit === 'week' ? 7 : 1;
  const count = Math.floor((last - first) / size) + 1;
  const buckets: TimelineBucket[] = Array.from({ length: count }, (_, i) => ({
    start: new Date((first + i * size) * DAY_MS).toISOString().slice(0, 10),
    counts: emptyCounts(),
  }));
  for (const p of points) buckets[Math.floor((Math.floor(p.ms / DAY_MS) - first) / size)]!.counts[p.series]++;
  return { unit, buckets, untimed };
}

const WIDTH = 760;
const HEIGHT = 230;
const PAD = { left: 36, right: 8, top: 10, bottom: 40 };

/** An axis top that is a whole number and splits into whole halves above 5. */
function niceMax(value: number): number {
  if (value <= 5) return Math.max(1, value);
  const step = value <= 20 ? 2 : 10 ** Math.floor(Math.log10(value)) / 2;
  return Math.ceil(value / step) * step;
}

export function renderTimelineSvg(timeline: Timeline): string {
  if (timeline.buckets.length === 0) return `<p class="muted">${escapeHtml(t('note.timeline.none'))}</p>`;
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const totals = timeline.buckets.map((b) => SERIES.reduce((n, s) => n + b.counts[s.key], 0));
  const max = niceMax(Math.max(...totals));
  const slot = plotW / timeline.buckets.length;
  const barW = Math.max(1, Math.min(28, slot * 0.7));
  const y = (v: number): number => PAD.top + plotH - (v / max) * plotH;
  const parts: string[] = [];
  const ticks = max <= 5 ? Array.from({ length: max + 1 }, (_, i) => i) : [0, max / 2, max];
  for (const tick of ticks) {
    const ty = y(tick).toFixed(1);
    parts.push(`<line class="tl-grid" x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${ty}" y2="${ty}"/>`);
    parts.push(`<text class="tl-axis" x="${PAD.left - 6}" y="${ty}" text-anchor="end" dominant-baseline="middle">${Number.isInteger(tick) ? tick : tick.toFixed(1)}</text>`);
  }
  const labelEvery = Math.ceil(timeline.buckets.length / 10);
  timeline.buckets.forEach((bucket, i) => {
    const x = PAD.left + i * slot + (slot - barW) / 2;
    let base = 0;
    const counts = SERIES.map((s) => t(`timeline.count.${s.key}`, { count: bucket.counts[s.key] })).join(t('punctuation.listSeparator'));
    const tip = t(timeline.unit === 'week' ? 'timeline.tipWeek' : 'timeline.tipDay', { start: bucket.start, counts });
    const rects: string[] = [];
    for (const s of SERIES) {
      const n = bucket.counts[s.key];
      if (!n) continue;
      rects.push(`<rect class="${s.className}" x="${x.toFixed(1)}" y="${y(base + n).toFixed(1)}" width="${barW.toFixed(1)}" height="${(y(base) - y(base + n)).toFixed(1)}"/>`);
      base += n;
    }
    if (rects.length) parts.push(`<g class="tl-bar"><title>${escapeHtml(tip)}</title>${rects.join('')}</g>`);
    if (i % labelEvery === 0) {
      parts.push(`<text class="tl-axis" x="${(PAD.left + i * slot + slot / 2).toFixed(1)}" y="${HEIGHT - PAD.bottom + 16}" text-anchor="middle">${bucket.start.slice(5)}</text>`);
    }
  });
  const range = { from: timeline.buckets[0]!.start, to: timeline.buckets[timeline.buckets.length - 1]!.start };
  parts.push(`<text class="tl-axis" x="${PAD.left}" y="${HEIGHT - 6}">${escapeHtml(t(timeline.unit === 'week' ? 'timeline.axisWeekly' : 'timeline.axisDaily', range))}</text>`);
  const svg = `<svg class="timeline" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="tl-title"><title id="tl-title">${escapeHtml(t(timeline.unit === 'week' ? 'timeline.titleWeekly' : 'timeline.titleDaily', range))}</title>${parts.join('')}</svg>`;
  const legend = SERIES.map((s) => `<li><span class="swatch ${s.className}"></span>${escapeHtml(t(`timeline.series.${s.key}`))}</li>`).join('');
  const untimed = timeline.untimed ? `<p class="muted">${escapeHtml(t('timeline.untimed', { count: timeline.untimed }))}</p>` : '';
  return `${svg}<ul class="legend">${legend}</ul>${untimed}`;
}
