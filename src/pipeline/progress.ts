/**
 * A one-line progress bar on stderr, only on a terminal, only after the scan
 * has taken more than a moment.
 */
import type { WriteStream } from 'node:tty';
import type { ScanProgress } from './scan.js';
import { currentLanguage, t } from '../i18n/index.js';
import { displayWidth } from '../i18n/width.js';

const SHOW_AFTER_MS = 400;
const REDRAW_EVERY_MS = 100;

export class ProgressBar {
  private readonly startedAt = Date.now();
  private lastDrawAt = 0;
  private drawn = false;

  constructor(private readonly stream: WriteStream) {}

  update(state: ScanProgress): void {
    const now = Date.now();
    if (now - this.startedAt < SHOW_AFTER_MS || now - this.lastDrawAt < REDRAW_EVERY_MS) return;
    this.lastDrawAt = now;
    this.drawn = true;
    this.stream.write(`\r\x1b[K${formatProgress(state, (now - this.startedAt) / 1000, this.stream.columns ?? 80)}`);
  }

  finish(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
  }
}

export function formatProgress(state: ScanProgress, seconds: number, columns: number): string {
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
  return fitColumns(`[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}]${tail}`, Math.max(20, columns - 1));
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
