/**
 * Cuts a byte stream of event XML into `<Event>…</Event>` candidates without
 * decoding it. Only candidates that name an activation provider (needle plus
 * closing quote) are decoded and handed on; the rest are counted and dropped.
 * Tracks line numbers and byte offsets for evidence and problems.
 */
import type { Problem } from '../../types.js';
import { alignedIndexOf, countLineFeeds, type ByteCodec } from './encoding.js';
import { formatCount } from './values.js';

export interface EventCandidate {
  /** Decoded text of the whole `<Event>` element. */
  text: string;
  /** 1-based line of its start tag. */
  line: number;
  /** Absolute byte offset of its start tag. */
  byte: number;
}

export interface CutterSummary {
  /** Complete `<Event>` elements seen (kept or not). */
  events: number;
  sawEventStart: boolean;
  partial: boolean;
  /** Set when the stream was refused (DOCTYPE). */
  refused: string | null;
  problems: Problem[];
}

const QUOTE = 0x22;
const APOSTROPHE = 0x27;
/** Characters that may follow `<Event` in a real start tag (not `<EventData`, `<Events`, …). */
const START_TAG_FOLLOWERS = new Set([0x20, 0x09, 0x0a, 0x0d, 0x3e /* > */, 0x2f /* / */]);

/** Remembers the next hit of one needle in the current window so each byte is searched once. */
class NeedleCursor {
  private next = -1;
  private searchedFrom = Number.POSITIVE_INFINITY;
  constructor(readonly needle: Buffer, private readonly unit: 1 | 2) {}

  reset(): void {
    this.next = -1;
    this.searchedFrom = Number.POSITIVE_INFINITY;
  }

  /** First hit at or after `from` (or -1). */
  at(window: Buffer, from: number): number {
    if (from < this.searchedFrom || (this.next >= 0 && this.next < from)) {
      this.next = alignedIndexOf(window, this.needle, from, this.unit);
      this.searchedFrom = from;
    }
    return this.next;
  }
}

export class EventCutter {
  readonly problems: Problem[] = [];
  private window: Buffer = Buffer.alloc(0);
  /** Absolute byte offset of window[0]. */
  private windowOffset = 0;
  private lineCursor = 0;
  private lineAtCursor = 1;
  private events = 0;
  private sawEventStart = false;
  private rootOpened = false;
  private rootClosed = false;
  private bomChecked = false;
  private bomLength = 0;
  /** Where a possible `<Event` start sits in the undecided window tail (see findStart). */
  private undecidedStart = -1;
  private totalBytes = 0;
  private partial = false;
  private refused: string | null = null;
  /** Set while dropping an element larger than the limit. */
  private skippingOversized = false;

  private readonly openTag: Buffer;
  private readonly closeTag: Buffer;
  private readonly newline: Buffer;
  private readonly doctype: Buffer;
  private readonly entity: Buffer;
  private readonly rootOpen: Buffer;
  private readonly rootClose: Buffer;
  private readonly bang: NeedleCursor;
  private readonly commentOpen: Buffer;
  private readonly commentClose: Buffer;
  private readonly cdataOpen: Buffer;
  private readonly cdataClose: Buffer;
  private readonly providers: NeedleCursor[];
  /** Bytes kept at a window's end when no event starts there (longest pattern we look for). */
  private readonly tailKeep: number;

  constructor(
    private readonly codec: ByteCodec,
    providerNeedles: readonly string[],
    private readonly maxEventBytes: number,
    private readonly onCandidate: (candidate: EventCandidate) => void,
  ) {
    const e = (text: string) => codec.encode(text);
    this.openTag = e('<Event');
    this.closeTag = e('</Event>');
    this.newline = e('\n');
    this.doctype = e('<!DOCTYPE');
    this.entity = e('<!ENTITY');
    this.rootOpen = e('<Events');
    this.rootClose = e('</Events>');
    this.commentOpen = e('<!--');
    this.commentClose = e('-->');
    this.cdataOpen = e('<![CDATA[');
    this.cdataClose = e(']]>');
    this.bang = new NeedleCursor(e('<!'), codec.unit);
    this.providers = providerNeedles.map((needle) => new NeedleCursor(e(needle), codec.unit));
    this.tailKeep = 10 * codec.unit;
  }

  get stopped(): boolean {
    return this.refused !== null;
  }

  push(chunk: Buffer): void {
    if (this.refused) return;
    this.totalBytes += chunk.length;
    this.window = this.window.length === 0 ? chunk : Buffer.concat([this.window, chunk]);
    if (!this.bomChecked) {
      if (this.window.length < this.codec.bom.length) return;
      this.skipBom();
    }
    this.process(false);
  }

  end(): CutterSummary {
    if (!this.refused) {
      if (!this.bomChecked) this.skipBom();
      this.process(true);
      this.checkEnding();
    }
    return {
      events: this.events,
      sawEventStart: this.sawEventStart,
      partial: this.partial,
      refused: this.refused,
      problems: this.problems,
    };
  }

  private skipBom(): void {
    this.bomChecked = true;
    const bom = this.codec.bom;
    if (this.window.length >= bom.length && this.window.subarray(0, bom.length).equals(bom)) {
      this.window = this.window.subarray(bom.length);
      this.windowOffset = bom.length;
      this.bomLength = bom.length;
    }
  }

  private lineAt(pos: number): number {
    this.lineAtCursor += countLineFeeds(this.window, this.lineCursor, pos, this.codec, this.newline);
    this.lineCursor = pos;
    return this.lineAtCursor;
  }

  /** Next real `<Event` start tag at or after `from`; -2 when one may start in the undecided tail. */
  private findStart(from: number, final: boolean): number {
    const w = this.window;
    let pos = from;
    for (;;) {
      const hit = alignedIndexOf(w, this.openTag, pos, this.codec.unit);
      if (hit < 0) return -1;
      const follower = this.codec.unitAt(w, hit + this.openTag.length);
      if (follower < 0) {
        if (final) return -1;
        this.undecidedStart = hit;
        return -2;
      }
      if (START_TAG_FOLLOWERS.has(follower)) return hit;
      pos = hit + this.codec.unit;
    }
  }

  private process(final: boolean): void {
    const w = this.window;
    const unit = this.codec.unit;
    this.bang.reset();
    for (const cursor of this.providers) cursor.reset();
    let pos = 0;
    let keepFrom = w.length;
    for (;;) {
      if (this.skippingOversized) {
        const close = alignedIndexOf(w, this.closeTag, pos, unit);
        if (close < 0) {
          keepFrom = Math.max(pos, this.alignDown(w.length - this.closeTag.length));
          break;
        }
        pos = close + this.closeTag.length;
        this.skippingOversized = false;
        this.events++;
        continue;
      }
      const start = this.findStart(pos, final);
      if (start < 0) {
        if (final) keepFrom = pos;
        else if (start === -2) keepFrom = this.undecidedStart;
        else keepFrom = Math.max(pos, this.alignDown(w.length - this.tailKeep));
        this.inspectGap(pos, keepFrom);
        break;
      }
      this.inspectGap(pos, start);
      if (this.refused) return;
      this.sawEventStart = true;
      const close = this.findClose(start);
      if (close < 0) {
        if (w.length - start > this.maxEventBytes) {
          this.reportOversized(start);
          this.skippingOversized = true;
          pos = start + this.openTag.length;
          continue;
        }
        keepFrom = start;
        break;
      }
      const end = close + this.closeTag.length;
      if (end - start > this.maxEventBytes) {
        this.reportOversized(start);
        this.events++;
      } else {
        this.events++;
        if (this.namesActivationProvider(start, close)) {
          this.onCandidate({ text: this.codec.decode(w, start, end), line: this.lineAt(start), byte: this.windowOffset + start });
        }
      }
      pos = end;
    }
    if (this.refused) return;
    this.lineAt(keepFrom);
    this.window = keepFrom >= w.length ? Buffer.alloc(0) : w.subarray(keepFrom);
    this.windowOffset += keepFrom;
    this.lineCursor = 0;
  }

  private alignDown(pos: number): number {
    const clamped = Math.max(0, pos);
    return this.codec.unit === 2 ? clamped & ~1 : clamped;
  }

  /**
   * The `</Event>` that really closes the element at `start`: one inside a
   * comment or CDATA section does not count. -1 when more data is needed.
   */
  private findClose(start: number): number {
    const w = this.window;
    const unit = this.codec.unit;
    let close = alignedIndexOf(w, this.closeTag, start, unit);
    if (close < 0) return -1;
    const firstBang = this.bang.at(w, start);
    if (firstBang < 0 || firstBang >= close) return close;
    let pos = firstBang;
    for (;;) {
      const bang = alignedIndexOf(w, this.bang.needle, pos, unit);
      if (bang < 0 || bang >= close) return close;
      let terminatorEnd: number;
      if (this.matchesAt(bang, this.commentOpen)) {
        const t = alignedIndexOf(w, this.commentClose, bang + this.commentOpen.length, unit);
        terminatorEnd = t < 0 ? -1 : t + this.commentClose.length;
      } else if (this.matchesAt(bang, this.cdataOpen)) {
        const t = alignedIndexOf(w, this.cdataClose, bang + this.cdataOpen.length, unit);
        terminatorEnd = t < 0 ? -1 : t + this.cdataClose.length;
      } else {
        pos = bang + this.bang.needle.length;
        continue;
      }
      if (terminatorEnd < 0) return -1;
      pos = terminatorEnd;
      if (pos > close) {
        close = alignedIndexOf(w, this.closeTag, pos, unit);
        if (close < 0) return -1;
      }
    }
  }

  private matchesAt(pos: number, pattern: Buffer): boolean {
    return this.window.subarray(pos, pos + pattern.length).equals(pattern);
  }

  private namesActivationProvider(start: number, close: number): boolean {
    const w = this.window;
    const unit = this.codec.unit;
    for (const cursor of this.providers) {
      let hit = cursor.at(w, start);
      while (hit >= 0 && hit < close) {
        const follower = this.codec.unitAt(w, hit + cursor.needle.length);
        if (follower === QUOTE || follower === APOSTROPHE) return true;
        hit = alignedIndexOf(w, cursor.needle, hit + unit, unit);
      }
    }
    return false;
  }

  /** Looks at the bytes between events: DOCTYPE (refused), the `<Events>` root. */
  private inspectGap(from: number, to: number): void {
    const unit = this.codec.unit;
    if (to - from < 2 * unit) return;
    const w = this.window;
    const view = w.subarray(from, Math.min(w.length, to + this.tailKeep));
    if (view.length < this.rootOpen.length) return;
    const doctypeAt = alignedIndexOf(view, this.doctype, 0, unit);
    if (doctypeAt >= 0 && doctypeAt < to - from) {
      this.refuseDoctype(from + doctypeAt);
      return;
    }
    if (!this.sawEventStart && !this.rootOpened) {
      const rootAt = alignedIndexOf(view, this.rootOpen, 0, unit);
      if (rootAt >= 0) {
        const follower = this.codec.unitAt(view, rootAt + this.rootOpen.length);
        if (START_TAG_FOLLOWERS.has(follower)) this.rootOpened = true;
      }
    }
    if (this.rootOpened && alignedIndexOf(view, this.rootClose, 0, unit) >= 0) this.rootClosed = true;
  }

  private refuseDoctype(pos: number): void {
    const w = this.window;
    const nearby = w.subarray(pos, Math.min(w.length, pos + 64 * 1024));
    const hasEntities = alignedIndexOf(nearby, this.entity, 0, this.codec.unit) >= 0;
    const line = this.lineAt(pos);
    const byte = this.windowOffset + pos;
    this.refused =
      `${hasEntities ? 'DOCTYPE with entities refused' : 'DOCTYPE refused'} at byte ${formatCount(byte)} (line ${formatCount(line)}): ` +
      'event exports never carry a DTD; nothing was expanded and no other file was read';
    this.problems.push({ message: this.refused, line, byte });
    this.partial = this.events > 0;
  }

  private reportOversized(start: number): void {
    const line = this.lineAt(start);
    const byte = this.windowOffset + start;
    this.problems.push({
      message: `event at line ${formatCount(line)} (byte ${formatCount(byte)}) is larger than ${formatCount(this.maxEventBytes)} bytes: skipped`,
      line,
      byte,
    });
  }

  private checkEnding(): void {
    const fileEnd = formatCount(this.totalBytes);
    if (this.skippingOversized) {
      this.partial = true;
      this.problems.push({ message: `file ends inside an oversized event (at byte ${fileEnd})`, byte: this.totalBytes });
    } else {
      const start = this.findStart(0, true);
      if (start >= 0) {
        const line = this.lineAt(start);
        const byte = this.windowOffset + start;
        this.partial = true;
        this.problems.push({
          message:
            `truncated after event ${formatCount(this.events)} at byte ${formatCount(byte)} (line ${formatCount(line)}): ` +
            `the event that starts there has no end tag (file ends at byte ${fileEnd})`,
          line,
          byte,
        });
      } else {
        this.checkTrailingText();
      }
    }
    if (this.codec.unit === 2 && (this.totalBytes - this.bomLength) % 2 === 1) {
      this.partial = true;
      this.problems.push({
        message: `UTF-16 file cut in the middle of a character (odd byte count ${fileEnd})`,
        byte: this.totalBytes,
      });
    }
  }

  /** After the last event: `</Events>` when a root was opened; a cut start tag means truncation. */
  private checkTrailingText(): void {
    const w = this.window;
    const trailing = this.codec.decode(w, 0, Math.min(w.length, 4096)).trim();
    if (trailing.includes('</Events>')) this.rootClosed = true;
    const cutTag = trailing !== '' && trailing.startsWith('<') && !trailing.startsWith('</Events>') && !trailing.startsWith('<!--');
    if (cutTag || (this.rootOpened && !this.rootClosed && this.sawEventStart)) {
      const byte = this.windowOffset;
      const line = this.lineAt(0);
      this.partial = true;
      const what = cutTag ? 'a start tag is cut off' : 'the <Events> root element is never closed';
      this.problems.push({
        message: `truncated after event ${formatCount(this.events)} at byte ${formatCount(byte)} (line ${formatCount(line)}): ${what}`,
        line,
        byte,
      });
    }
  }
}
