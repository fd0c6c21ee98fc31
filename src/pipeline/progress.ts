/**
 * A one-line progress display on stderr, only on a terminal, only after the
 * scan has taken more than a moment. Every phase shows something: files found
 * while the folders are walked, files read (with a bar), then the rules.
 */
import type { WriteStream } from 'node:tty';
import type { ScanProgress } from './scan.js';
import { currentLanguage, t as plainT, withGrouping, type MessageValue } from '../i18n/index.js';

/** Counts on the progress line are read at a glance: 10,000 rather than 10000. */
const t = (id: string, values: Record<string, MessageValue>): string => withGrouping(() => plainT(id, values));
import { displayWidth } from '../i18n/width.js';

const SHOW_AFTER_MS = 400;
const REDRAW_EVERY_MS = 100;
/** From this many machines the rules take long enough to announce even after a quick read. */
const RULES_NOTICE_MACHINES = 200;

export class ProgressBar {
  private readonly startedAt = Date.now();
  private lastDrawAt = 0;
  private drawn = false;
  private state: ScanProgress | null = null;
  /** Redraws during quiet stretches (one big file, a long folder walk). */
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly stream: WriteStream) {
    this.timer = setInterval(() => this.tick(), REDRAW_EVERY_MS);
    this.timer.unref();
  }

  update(state: ScanProgress): void {
    const phaseChanged = state.phase !== this.state?.phase;
    this.state = state;
    // the rules run synchronously (no redraw until they end): say so before they start on a fleet
    if (phaseChanged && state.phase === 'rules' && (this.drawn || state.machines >= RULES_NOTICE_MACHINES)) this.draw(Date.now());
    else this.tick();
  }

  finish(): void {
    clearInterval(this.timer);
    if (this.drawn) this.stream.write('\r\x1b[K');
  }

  private tick(): void {
    const now = Date.now();
    if (!this.state || now - this.startedAt < SHOW_AFTER_MS || now - this.lastDrawAt < REDRAW_EVERY_MS) return;
    this.draw(now);
  }

  private draw(now: number): void {
    this.lastDrawAt = now;
    this.drawn = true;
    this.stream.write(`\r\x1b[K${formatProgress(this.state!, (now - this.startedAt) / 1000, this.stream.columns ?? 80)}`);
  }
}

export function formatProgress(state: ScanProgress, seconds: number, columns: number): string {
  const width = Math.max(20, columns - 1);
  const elapsed = `${seconds.toFixed(0)}s`;
  if (state.phase === 'finding') return fitColumns(`${t('progress.finding', { found: state.filesDone })}  ${elapsed}`, width);
  if (state.phase === 'rules') {
    return fitColumns(`${t('progress.rules', { rules: state.rules ?? 0, machines: state.machines, files: state.filesTotal })}  ${elapsed}`, width);
  }
  const ratio = state.filesTotal ? state.filesDone / state.filesTotal : 1;
  const mbPerSecond = seconds > 0 ? state.bytesDone / 1024 / 1024 / seconds : 0;
  const tail = ` ${t('progress.line', {
    done: state.filesDone,
    total: state.filesTotal,
    speed: currentLanguage() === 'de' || currentLanguage() === 'ru' ? mbPerSecond.toFixed(1).replace('.', ',') : mbPerSecond.toFixed(1),
    machines: state.machines,
    errors: state.errors,
  })}`;
  const barWidth = Math.max(10, Math.min(30, columns - displayWidth(tail) - 3));
  const filled = Math.round(ratio * barWidth);
  return fitColumns(`[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}]${tail}`, width);
}

/** Cut to at most `columns` terminal columns (wide characters count two). */
function fitColumns(text: string, columns: number): string {
  let out = '';
  let width = 0;
  for (const ch of text) {
    width += displayWidth(ch);
    if (width > columns) break;
    out += ch;
  }
  return out;
}
