/**
 * Cuts a stream of event XML into `<Event>…</Event>` candidates without
 * parsing it. Only candidates that name an activation provider (needle plus
 * closing quote) are decoded and handed on. The events between two provider
 * hits are not cut one by one: the cutter jumps to the end of the last
 * complete event before the next hit. Tracks line numbers and byte offsets
 * for evidence and problems.
 */
import type { Problem } from '../../../model/report.js';
import { createWindow, pattern, type EventEncoding, type Pattern, type SearchWindow } from './encoding.js';
import { t } from '../../../i18n/index.js';
import { formatOffset } from '../../../i18n/quantity.js';

export interface EventCandidate {
  /** Decoded text of the whole `<Event>` element. */
  text: string;
  /** 1-based line of its start tag. */
  line: number;
  /** Absolute byte offset of its start tag. */
  byte: number;
}

export interface CutterSummary {
  /** At least one complete `<Event>` element was seen (kept or not). */
  sawCompleteEvent: boolean;
  sawEventStart: boolean;
  partial: boolean;
  /** Set when the stream was refused (DOCTYPE). */
  refused: string | null;
  totalBytes: number;
  problems: Problem[];
}

const QUOTE = 0x22;
const APOSTROPHE = 0x27;
/** Characters that may follow `<Event` in a real start tag (not `<EventData`, `<Events`, …). */
const START_TAG_FOLLOWERS = new Set([0x20, 0x09, 0x0a, 0x0d, 0x3e /* > */, 0x2f /* / */]);

const OPEN_TAG = pattern('<Event');
const CLOSE_TAG = pattern('</Event>');
const DOCTYPE = pattern('<!DOCTYPE');
const ENTITY = pattern('<!ENTITY');
const ROOT_OPEN = pattern('<Events');
const ROOT_CLOSE = pattern('</Events>');
/** `!` alone is rare in event XML, so searching it (then checking for `<`) is much cheaper than searching `<!`. */
const EXCLAMATION = pattern('!');
const TAG_END = pattern('>');
/** Longer than any real `<Event …>` start tag; a `/>` further away is not looked for. */
const MAX_START_TAG_UNITS = 4096;
const COMMENT_OPEN = pattern('<!--');
const COMMENT_CLOSE = pattern('-->');
const CDATA_OPEN = pattern('<![CDATA[');
const CDATA_CLOSE = pattern(']]>');
/** Longest pattern looked for between events; kept at a window's end when nothing starts there. */
const TAIL_KEEP = 10;
/** How far after `<!DOCTYPE` to look for `<!ENTITY` before refusing. */
const DOCTYPE_LOOKAHEAD = 4096;
/** Gaps shorter than the shortest interesting gap pattern (`<Events>`) need no look. */
const MIN_INTERESTING_GAP = 8;

/**
 * Remembers the next accepted hit of one pattern in the current window, so
 * that asking again and again from growing positions searches each unit once.
 */
class PatternCursor {
  private next = -1;
  private searchedFrom = Number.POSITIVE_INFINITY;
  constructor(
    readonly pattern: Pattern,
    private readonly accept: (window: SearchWindow, hit: number) => boolean = () => true,
  ) {}

  reset(): void {
    this.next = -1;
    this.searchedFrom = Number.POSITIVE_INFINITY;
  }

  /** First accepted hit at or after `from` (or -1). */
  at(window: SearchWindow, from: number): number {
    if (from < this.searchedFrom || (this.next >= 0 && this.next < from)) {
      let hit = window.indexOf(this.pattern, from);
      while (hit >= 0 && !this.accept(window, hit)) hit = window.indexOf(this.pattern, hit + 1);
      this.next = hit;
      this.searchedFrom = from;
    }
    return this.next;
  }
}

/** A provider needle counts when a quote closes it (not `…-SPP-UX-Notifications`). */
function closedByQuote(window: SearchWindow, hit: number, needle: Pattern): boolean {
  const follower = window.unitAt(hit + needle.length);
  return follower === QUOTE || follower === APOSTROPHE;
}

/** Larger windows are cut once per pushed chunk rather than once per appended piece. */
const MAX_WINDOW_CUT_PER_PIECE = 256 * 1024;

export class EventCutter {
  private readonly problems: Problem[] = [];
  private readonly window: SearchWindow;
  private lineCursor = 0;
  private lineAtCursor = 1;
  private sawCompleteEvent = false;
  private sawEventStart = false;
  private rootOpened = false;
  /** A `</Events>` came after the last event start seen. */
  private rootClosedAfterLastEvent = false;
  private totalBytes = 0;
  private partial = false;
  private refused: string | null = null;
  /** Set while dropping an element larger than the limit. */
  private skippingOversized = false;
  /** Where a possible `<Event` start sits in the undecided window tail (see findStart). */
  private undecidedStart = -1;
  private readonly closeTags = new PatternCursor(CLOSE_TAG);
  /** `!` right after `<`: a comment, CDATA section or DOCTYPE. */
  private readonly markupDeclarations = new PatternCursor(EXCLAMATION, (w, hit) => w.unitAt(hit - 1) === 0x3c /* < */);
  private finalPass = false;
  /** A DOCTYPE seen too close to the window's end to tell whether it declares entities. */
  private doctypeWaitFrom = -1;
  private readonly providers: PatternCursor[];
  /** maxEventBytes in code units of the window. */
  private readonly maxEventUnits: number;

  /** Every event is a candidate (no provider needles). */
  private readonly keepAll: boolean;

  constructor(
    encoding: EventEncoding,
    /** null: every event is a candidate (`events --all`). */
    providerNeedles: readonly string[] | null,
    private readonly maxEventBytes: number,
    private readonly onCandidate: (candidate: EventCandidate) => void,
  ) {
    this.window = createWindow(encoding);
    this.keepAll = providerNeedles === null;
    this.providers = (providerNeedles ?? []).map((needle) => {
      const needlePattern = pattern(needle);
      return new PatternCursor(needlePattern, (w, hit) => closedByQuote(w, hit, needlePattern));
    });
    this.maxEventUnits = encoding === 'utf-8' ? maxEventBytes : Math.floor(maxEventBytes / 2);
  }

  get stopped(): boolean {
    return this.refused !== null;
  }

  /** `chunk` may be reused by its producer once this returns. */
  push(chunk: Buffer): void {
    const piece = this.window.maxAppendBytes;
    for (let from = 0; from < chunk.length && !this.refused; from += piece) {
      const lastPiece = from + piece >= chunk.length;
      this.pushPiece(chunk.subarray(from, from + piece), lastPiece);
    }
    this.window.detach();
  }

  private pushPiece(chunk: Buffer, lastPieceOfChunk: boolean): void {
    if (this.refused) return;
    this.totalBytes += chunk.length;
    // A window holding a large unfinished event would be searched again for every small piece.
    if (!lastPieceOfChunk && this.window.length > MAX_WINDOW_CUT_PER_PIECE) {
      this.window.append(chunk, false);
      return;
    }
    const bridged = this.window.appendInTwoSteps(chunk, CLOSE_TAG, () => this.process(false));
    if (!bridged) this.window.append(chunk, false);
    if (!this.refused) this.process(false);
  }

  end(): CutterSummary {
    if (!this.refused) {
      this.window.append(Buffer.alloc(0), true);
      this.process(true);
      if (!this.refused) this.checkEnding();
    }
    return {
      sawCompleteEvent: this.sawCompleteEvent,
      sawEventStart: this.sawEventStart,
      partial: this.partial,
      refused: this.refused,
      totalBytes: this.totalBytes,
      problems: this.problems,
    };
  }

  private lineAt(pos: number): number {
    this.lineAtCursor += this.window.countLineFeeds(this.lineCursor, pos);
    this.lineCursor = pos;
    return this.lineAtCursor;
  }

  /** Next real `<Event` start tag at or after `from`; -2 when one may start in the undecided tail. */
  private findStart(from: number, final: boolean): number {
    const w = this.window;
    let pos = from;
    for (;;) {
      const hit = w.indexOf(OPEN_TAG, pos);
      if (hit < 0) return -1;
      const follower = w.unitAt(hit + OPEN_TAG.length);
      if (follower < 0) {
        if (final) return -1;
        this.undecidedStart = hit;
        return -2;
      }
      if (START_TAG_FOLLOWERS.has(follower)) return hit;
      pos = hit + 1;
    }
  }

  /** Cuts what the window holds; returns where the kept tail started (before it was dropped). */
  private process(final: boolean): number {
    const w = this.window;
    this.finalPass = final;
    this.markupDeclarations.reset();
    this.closeTags.reset();
    for (const cursor of this.providers) cursor.reset();
    let pos = 0;
    let keepFrom: number;
    for (;;) {
      if (this.skippingOversized) {
        const close = w.indexOf(CLOSE_TAG, pos);
        if (close < 0) {
          keepFrom = Math.max(pos, w.length - CLOSE_TAG.length);
          break;
        }
        pos = close + CLOSE_TAG.length;
        this.skippingOversized = false;
        this.sawCompleteEvent = true;
        continue;
      }
      if (this.sawEventStart) pos = this.skipEventsWithoutProvider(pos);
      const start = this.findStart(pos, final);
      if (start < 0) {
        if (final) keepFrom = pos;
        else if (start === -2) keepFrom = this.undecidedStart;
        else keepFrom = Math.max(pos, w.length - TAIL_KEEP);
        // On the last pass the kept tail is looked at too.
        this.inspectGap(pos, final ? w.length : keepFrom, true);
        if (this.doctypeWaitFrom >= 0) {
          keepFrom = this.doctypeWaitFrom;
          this.doctypeWaitFrom = -1;
        }
        break;
      }
      this.inspectGap(pos, start, false);
      if (this.refused) return pos;
      this.sawEventStart = true;
      this.rootClosedAfterLastEvent = false;
      const emptyElementEnd = this.emptyElementEnd(start);
      if (emptyElementEnd > 0) {
        this.sawCompleteEvent = true;
        pos = emptyElementEnd;
        continue;
      }
      const close = this.findClose(start);
      if (close < 0) {
        if (w.length - start > this.maxEventUnits) {
          this.reportOversized(start);
          this.skippingOversized = true;
          pos = start + OPEN_TAG.length;
          continue;
        }
        keepFrom = start;
        break;
      }
      const end = close + CLOSE_TAG.length;
      this.sawCompleteEvent = true;
      if (end - start > this.maxEventUnits) this.reportOversized(start);
      else if (this.namesActivationProvider(start, close)) {
        this.onCandidate({ text: w.decode(start, end), line: this.lineAt(start), byte: w.byteOffset(start) });
      }
      pos = end;
    }
    this.lineAt(keepFrom);
    w.dropBefore(keepFrom);
    this.lineCursor = 0;
    return keepFrom;
  }

  /**
   * The `</Event>` that really closes the element at `start`: one inside a
   * comment or CDATA section does not count. -1 when more data is needed.
   */
  private findClose(start: number): number {
    const w = this.window;
    let close = this.closeTags.at(w, start);
    if (close < 0) return -1;
    let pos = start;
    for (;;) {
      const bang = this.markupDeclarationAt(pos);
      if (bang < 0 || bang >= close) return close;
      let terminatorEnd: number;
      if (w.matchesAt(bang, COMMENT_OPEN)) {
        const t = w.indexOf(COMMENT_CLOSE, bang + COMMENT_OPEN.length);
        terminatorEnd = t < 0 ? -1 : t + COMMENT_CLOSE.length;
      } else if (w.matchesAt(bang, CDATA_OPEN)) {
        const t = w.indexOf(CDATA_CLOSE, bang + CDATA_OPEN.length);
        terminatorEnd = t < 0 ? -1 : t + CDATA_CLOSE.length;
      } else {
        pos = bang + 2;
        continue;
      }
      if (terminatorEnd < 0) return -1;
      pos = terminatorEnd;
      if (pos > close) {
        close = this.closeTags.at(w, pos);
        if (close < 0) return -1;
      }
    }
  }

  /** First `<!` at or after `from` (comment, CDATA, DOCTYPE), or -1. */
  private markupDeclarationAt(from: number): number {
    const hit = this.markupDeclarations.at(this.window, from + 1);
    return hit < 0 ? -1 : hit - 1;
  }

  /** The end of a self-closing `<Event …/>` start tag at `start`, or -1 (also when the tag is not complete yet). */
  private emptyElementEnd(start: number): number {
    const w = this.window;
    const tagEnd = w.indexOfWithin(TAG_END, start, Math.min(w.length, start + MAX_START_TAG_UNITS));
    return tagEnd > 0 && w.unitAt(tagEnd - 1) === 0x2f /* / */ ? tagEnd + 1 : -1;
  }

  /**
   * Where cutting one event at a time has to resume: the end of the last
   * complete event before the next provider hit and before the next `<!`
   * (comment, CDATA, DOCTYPE: the event-by-event path handles those), at most
   * maxEventUnits ahead, so no event jumped over can be oversized. The events
   * jumped over name no activation provider, and the gaps between them need
   * no look: the `<Events>` root opens before the first event, its end is
   * looked for after the last one, and anything else there starts with `<!`.
   */
  private skipEventsWithoutProvider(pos: number): number {
    if (this.keepAll) return pos;
    const w = this.window;
    let limit = Math.min(w.length, pos + this.maxEventUnits);
    const declaration = this.markupDeclarationAt(pos);
    if (declaration >= 0 && declaration < limit) limit = declaration;
    const hit = this.nextProviderHit(pos);
    if (hit >= 0 && hit < limit) limit = hit;
    // Looking forward first keeps the backward search short when no event ends before the limit.
    const firstClose = this.closeTags.at(w, pos);
    if (firstClose < 0 || firstClose + CLOSE_TAG.length > limit) return pos;
    const lastClose = w.lastIndexOf(CLOSE_TAG, limit - CLOSE_TAG.length);
    this.sawCompleteEvent = true;
    this.rootClosedAfterLastEvent = false;
    return lastClose + CLOSE_TAG.length;
  }

  private namesActivationProvider(start: number, close: number): boolean {
    if (this.keepAll) return true;
    const hit = this.nextProviderHit(start);
    return hit >= 0 && hit < close;
  }

  /** The first activation provider name (closed by a quote) at or after `from`, or -1. */
  private nextProviderHit(from: number): number {
    let first = -1;
    for (const cursor of this.providers) {
      const hit = cursor.at(this.window, from);
      if (hit >= 0 && (first < 0 || hit < first)) first = hit;
    }
    return first;
  }

  /** Looks at the text between events: DOCTYPE (refused), the `<Events>` root. */
  private inspectGap(from: number, to: number, atWindowTail: boolean): void {
    if (to <= from || (to - from < MIN_INTERESTING_GAP && !atWindowTail)) return;
    const w = this.window;
    const doctypeAt = w.indexOfWithin(DOCTYPE, from, to);
    if (doctypeAt >= 0) {
      if (atWindowTail && !this.finalPass && w.length - doctypeAt < DOCTYPE_LOOKAHEAD) this.doctypeWaitFrom = doctypeAt;
      else this.refuseDoctype(doctypeAt);
      return;
    }
    // A `</Events>` before the root's start tag does not close it, whether both sit in one chunk or not.
    let closeFrom = from;
    if (!this.sawEventStart && !this.rootOpened) {
      const rootAt = w.indexOfWithin(ROOT_OPEN, from, to);
      if (rootAt >= 0 && START_TAG_FOLLOWERS.has(w.unitAt(rootAt + ROOT_OPEN.length))) {
        this.rootOpened = true;
        closeFrom = rootAt;
      }
    }
    if (this.rootOpened && w.indexOfWithin(ROOT_CLOSE, closeFrom, to) >= 0) this.rootClosedAfterLastEvent = true;
  }

  private refuseDoctype(pos: number): void {
    const w = this.window;
    const hasEntities = w.indexOfWithin(ENTITY, pos, Math.min(w.length, pos + DOCTYPE_LOOKAHEAD)) >= 0;
    const line = this.lineAt(pos);
    const byte = w.byteOffset(pos);
    this.refused = t(hasEntities ? 'problem.xml.doctypeEntitiesRefused' : 'problem.xml.doctypeRefused', { byte: formatOffset(byte), line: formatOffset(line) });
    this.problems.push({ code: 'doctype-refused', message: this.refused, line, byte });
    this.partial = this.sawCompleteEvent;
  }

  private reportOversized(start: number): void {
    const line = this.lineAt(start);
    const byte = this.window.byteOffset(start);
    this.partial = true;
    this.problems.push({
      code: 'event-too-large',
      message: t('problem.xml.eventTooLarge', { line: formatOffset(line), byte: formatOffset(byte), limit: formatOffset(this.maxEventBytes) }),
      line,
      byte,
    });
  }

  private checkEnding(): void {
    const fileEnd = formatOffset(this.totalBytes);
    if (this.skippingOversized) {
      this.partial = true;
      this.problems.push({ code: 'truncated', message: t('problem.xml.endsInOversized', { byte: fileEnd }), byte: this.totalBytes });
    } else {
      const start = this.findStart(0, true);
      if (start >= 0) {
        const line = this.lineAt(start);
        const byte = this.window.byteOffset(start);
        this.partial = true;
        this.problems.push({
          code: 'truncated',
          message: t('problem.xml.truncatedEvent', { byte: formatOffset(byte), line: formatOffset(line), end: fileEnd }),
          line,
          byte,
        });
      } else {
        this.checkTrailingText();
      }
    }
    if (this.window.cutMidCharacter) {
      this.partial = true;
      this.problems.push({
        code: 'odd-utf16-length',
        message: t('problem.xml.oddUtf16', { size: fileEnd }),
        byte: this.totalBytes,
      });
    }
  }

  /** After the last event: `</Events>` when a root was opened; a cut start tag means truncation. */
  private checkTrailingText(): void {
    const w = this.window;
    const decoded = w.decode(0, w.length, 4096);
    const leadingSpace = decoded.length - decoded.trimStart().length;
    const trailing = decoded.trim();
    if (trailing.includes('</Events>')) this.rootClosedAfterLastEvent = true;
    const cutTag = trailing.startsWith('<') && !trailing.startsWith('</Events>') && !trailing.startsWith('<!--');
    if (!this.sawEventStart) return;
    if (cutTag || (this.rootOpened && !this.rootClosedAfterLastEvent)) {
      const byte = w.byteOffset(leadingSpace);
      const line = this.lineAt(leadingSpace);
      this.partial = true;
      this.problems.push({
        code: 'truncated',
        message: t(cutTag ? 'problem.xml.truncatedTag' : 'problem.xml.truncatedRoot', { byte: formatOffset(byte), line: formatOffset(line) }),
        line,
        byte,
      });
    }
  }
}
