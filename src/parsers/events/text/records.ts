/**
 * Event text → one ShownEvent per event. Shapes, told apart by structure (labels
 * are translated, so they are never matched except PowerShell's property names,
 * which are not):
 * - Format-List (`Get-WinEvent | Format-List`): `Name : value`, continuation lines
 *   indented to the value column, wrapped at the console width;
 * - header blocks: Event Viewer "Copy details as text" (`Log Name:` … `Description:`),
 *   `wevtutil qe /f:text` (`Event[0]:` then indented `Label: value` lines);
 * - tables: Event Viewer "Save Selected Events" as tab-separated .txt or .csv;
 * - no header at all (Event Viewer's General tab, a pasted Info line): each
 *   structure found in the text is one event.
 */
import { isHandledEventId } from '../event-facts.js';
import { structureOf, infoList } from './structure.js';
import type { TextLine } from './clean.js';
import { activationProvider, emptyShown, eventIdFrom, integerFrom, looksLikeOtherProvider, looksLikeTime, type ShownEvent, timeFrom } from './shown.js';

export function shownEvents(lines: TextLine[]): ShownEvent[] {
  return formatList(lines) ?? keyValueRecords(lines) ?? table(lines) ?? headerBlocks(lines) ?? headerless(lines);
}

// ---------------------------------------------------------------------------
// Key=value records (Splunk's classic WinEventLog format: a time line, then LogName=, EventCode=, …, Message=)

const KV_LINE = /^(LogName|EventCode|EventType|ComputerName|SourceName|Type|RecordNumber|Keywords|TaskCategory|OpCode|Message|User|Sid|SidType)=(.*)$/;

function keyValueRecords(lines: TextLine[]): ShownEvent[] | null {
  if (lines.filter((line) => /^(?:EventCode|SourceName)=/.test(line.text)).length < 2) return null;
  const events: ShownEvent[] = [];
  let current: ShownEvent | null = null;
  let inMessage = false;
  let pendingTime: { text: string; no: number } | null = null;
  const finish = () => {
    if (current) events.push(current);
    current = null;
    inMessage = false;
  };
  for (const line of lines) {
    const match = KV_LINE.exec(line.text);
    if (match && (match[1] === 'LogName' || !current)) {
      finish();
      current = emptyShown(pendingTime?.no ?? line.no);
      if (pendingTime) Object.assign(current, timeFrom(pendingTime.text));
      pendingTime = null;
    }
    if (match && current && !(inMessage && match[1] !== 'LogName')) {
      const [, key, value] = match;
      if (key === 'EventCode') current.eventId = eventIdFrom(value);
      else if (key === 'SourceName') {
        current.provider = activationProvider(value);
        current.otherProvider = current.provider === null && looksLikeOtherProvider(value!);
      } else if (key === 'ComputerName') current.computer = value!.trim() || null;
      else if (key === 'RecordNumber') current.recordId = integerFrom(value);
      else if (key === 'LogName') current.channel = value!.trim() || null;
      else if (key === 'Message') {
        current.message = value!;
        inMessage = true;
      }
      current.lastLine = line.no;
      continue;
    }
    if (!inMessage && line.text.trim() !== '' && looksLikeTime(line.text)) {
      // the time line that starts the next record
      pendingTime = { text: line.text.trim(), no: line.no };
      continue;
    }
    if (inMessage && current) {
      if (looksLikeTime(line.text) && line.text.trim() !== '') {
        pendingTime = { text: line.text.trim(), no: line.no };
        inMessage = false;
        continue;
      }
      current.message += '\n' + line.text;
      current.lastLine = line.no;
    }
  }
  finish();
  return events;
}

// ---------------------------------------------------------------------------
// Format-List

const FL_LINE = /^([A-Za-z]+) *: ?(.*)$/;
/** Get-WinEvent's EventLogRecord and Get-EventLog's EventLogEntry property names (PowerShell never translates them). */
const FL_PROPERTIES = new Set([
  'id',
  'providername',
  'timecreated',
  'message',
  'machinename',
  'recordid',
  'logname',
  'leveldisplayname',
  'qualifiers',
  'level',
  'index',
  'entrytype',
  'instanceid',
  'eventid',
  'source',
  'timegenerated',
]);

function formatList(lines: TextLine[]): ShownEvent[] | null {
  const named = lines.filter((l) => {
    const m = FL_LINE.exec(l.text);
    return m !== null && / :/.test(l.text) && FL_PROPERTIES.has(m[1]!.toLowerCase());
  });
  if (named.length < 2) return null;
  const events: ShownEvent[] = [];
  let current: ShownEvent | null = null;
  let seen = new Set<string>();
  let property: string | null = null;
  let valueColumn = 0;
  let value: string[] = [];
  /** Console columns each part of the value filled (its line's length). */
  let filled: number[] = [];
  const width = lines.reduce((max, l) => Math.max(max, l.text.length), 0);
  const flush = () => {
    if (current && property) setProperty(current, property, joinWrapped(value, filled, width));
    property = null;
    value = [];
    filled = [];
  };
  for (const line of lines) {
    const match = FL_LINE.exec(line.text);
    const isContinuation = property !== null && /^\s/.test(line.text) && line.text.trim() !== '';
    if (isContinuation) {
      value.push(line.text.slice(Math.min(valueColumn, line.text.search(/\S/))));
      filled.push(line.text.length);
      if (current) current.lastLine = line.no;
      continue;
    }
    if (match && / :/.test(line.text)) {
      const name = match[1]!.toLowerCase();
      flush();
      // A property seen again starts the next event.
      if (!current || seen.has(name)) {
        if (current) events.push(current);
        current = emptyShown(line.no);
        seen = new Set();
      }
      seen.add(name);
      property = name;
      current.lastLine = line.no;
      valueColumn = line.text.indexOf(':') + 2;
      value = [match[2]!];
      filled = [line.text.length];
      continue;
    }
    flush();
    if (line.text.trim() === '' && current && current.message !== null && current.eventId !== null) {
      events.push(current);
      current = null;
    }
  }
  flush();
  if (current) events.push(current);
  return events;
}

/**
 * Lines that fill the console (the widest line of the file, 60 columns or more) were cut
 * by it, mid-word: joined without a break, so a GUID split over two lines becomes whole.
 */
function joinWrapped(parts: string[], filled: number[], width: number): string {
  let text = parts[0] ?? '';
  for (let i = 1; i < parts.length; i++) {
    const cutByConsole = width >= 60 && filled[i - 1]! >= width - 1;
    text += cutByConsole ? parts[i] : '\n' + parts[i];
  }
  return text;
}

function setProperty(event: ShownEvent, name: string, value: string): void {
  const v = value.trim();
  switch (name) {
    case 'id':
    case 'eventid':
      event.eventId = eventIdFrom(v);
      return;
    case 'instanceid': {
      // Get-EventLog: Qualifiers << 16 | EventID (1073754112 = 16384 << 16 | 12288).
      const instance = integerFrom(v);
      if (instance !== null && instance <= 0xffffffff) {
        event.eventId = instance % 0x10000;
        event.qualifiers = Math.floor(instance / 0x10000) & 0xffff || null;
      }
      return;
    }
    case 'index':
      event.recordId = integerFrom(v);
      return;
    case 'timegenerated':
      Object.assign(event, timeFrom(v));
      return;
    case 'source':
    case 'providername':
      event.provider = activationProvider(v);
      event.otherProvider = event.provider === null && looksLikeOtherProvider(v);
      return;
    case 'timecreated':
      Object.assign(event, timeFrom(v));
      return;
    case 'message':
      event.message = value;
      return;
    case 'machinename':
      event.computer = v || null;
      return;
    case 'recordid':
      event.recordId = integerFrom(v);
      return;
    case 'logname':
      event.channel = v || null;
      return;
    case 'qualifiers':
      event.qualifiers = integerFrom(v);
      return;
    default:
      return;
  }
}

// ---------------------------------------------------------------------------
// Header blocks (Event Viewer "Copy details as text", wevtutil /f:text)

const LABEL_LINE = /^\s{0,4}([^\s:：<>=,][^:：<>=,]{0,38}?)\s*[:：]\s*(.*)$/;
const RECORD_MARKER = /^\s*Event\[\d+\]\s*:?\s*$/i;

interface Labelled {
  index: number;
  label: string;
  value: string;
}

function labelled(line: TextLine, index: number): Labelled | null {
  if (RECORD_MARKER.test(line.text)) return null;
  const match = LABEL_LINE.exec(line.text);
  if (!match || /^0x/i.test(match[1]!)) return null;
  return { index, label: match[1]!.trim(), value: match[2]!.trim() };
}

function headerBlocks(lines: TextLine[]): ShownEvent[] | null {
  const starts: { begin: number; header: Labelled[] }[] = [];
  let run: Labelled[] = [];
  const closeRun = () => {
    if (isHeader(run)) starts.push({ begin: run[0]!.index, header: run });
    run = [];
  };
  lines.forEach((line, index) => {
    const entry = labelled(line, index);
    if (entry && (run.length === 0 || run[run.length - 1]!.index === index - 1)) run.push(entry);
    else {
      closeRun();
      if (entry) run.push(entry);
    }
  });
  closeRun();
  if (starts.length === 0) return null;
  return starts.map((start, i) => {
    const end = i + 1 < starts.length ? starts[i + 1]!.begin : lines.length;
    return fromHeader(lines, start.header, end);
  });
}

/** `Label: value` lines with an event id (the one small integer) and a provider name (two lines are enough for an activation provider). */
function isHeader(run: Labelled[]): boolean {
  const hasId = run.some((entry) => eventIdFrom(entry.value) !== null);
  // A forum paste often keeps only `Source:` and `Event ID:`.
  if (run.some((entry) => activationProvider(entry.value) !== null)) return hasId && run.length >= 2;
  if (run.length < 3) return false;
  // Provider names are never translated: another provider's name sits just before the date.
  const timeIndex = run.findIndex((entry) => entry.value !== '' && looksLikeTime(entry.value));
  return hasId && timeIndex > 0 && looksLikeOtherProvider(run[timeIndex - 1]!.value);
}

function fromHeader(lines: TextLine[], header: Labelled[], end: number): ShownEvent {
  const event = emptyShown(lines[header[0]!.index]!.no);
  const providerEntry = header.find((entry) => activationProvider(entry.value) !== null);
  event.provider = activationProvider(providerEntry?.value);
  const idEntry = header.find((entry) => eventIdFrom(entry.value) !== null);
  event.eventId = eventIdFrom(idEntry?.value);
  if (!event.provider) {
    // The source line is the one before the date (Event Viewer and wevtutil both print Log Name, Source, Date, Event ID).
    const timeIndex = header.findIndex((entry) => entry.value !== '' && looksLikeTime(entry.value));
    const source = timeIndex > 0 ? header[timeIndex - 1]!.value : '';
    event.otherProvider = looksLikeOtherProvider(source);
  }
  const timeEntry = header.find((entry) => entry.value !== '' && looksLikeTime(entry.value));
  Object.assign(event, timeFrom(timeEntry?.value));
  if (header[0] !== providerEntry && header[1] === providerEntry) event.channel = header[0]!.value || null;
  const idPosition = idEntry ? header.indexOf(idEntry) : 0;
  let description = header.findIndex((entry, i) => i > idPosition && entry.value === '');
  if (description < 0) description = header.length - 1;
  const computer = header[description - 1]?.value ?? '';
  if (/^[A-Za-z0-9][A-Za-z0-9.-]{0,254}$/.test(computer) && eventIdFrom(computer) === null) event.computer = computer;
  const messageLines = [header[description]!.value];
  let messageStarted = messageLines[0] !== '';
  event.lastLine = lines[header[description]!.index]!.no;
  for (let i = header[description]!.index + 1; i < end; i++) {
    const text = lines[i]!.text;
    const blank = text.trim() === '';
    // Activation messages have no blank line inside: a blank line after the message ends it (other text may follow).
    if (blank && messageStarted) break;
    messageStarted ||= !blank;
    // `Event Xml:` (in any language) is a label alone on its line, followed by the XML.
    if (lines[i]!.xml || (/[:：]\s*$/.test(text) && lines[i + 1]?.xml)) {
      event.hasXml = true;
      break;
    }
    messageLines.push(text);
    event.lastLine = lines[i]!.no;
  }
  event.message = messageLines.join('\n').trim();
  return event;
}

// ---------------------------------------------------------------------------
// Tables (Event Viewer "Save Selected Events": tab-separated .txt, .csv)

function table(lines: TextLine[]): ShownEvent[] | null {
  const first = lines.find((l) => l.text.trim() !== '');
  if (!first) return null;
  const separator = first.text.split('\t').length >= 4 ? '\t' : first.text.split(',').length >= 4 && !/0x/i.test(first.text) ? ',' : null;
  if (!separator) return null;
  const rows = readDelimited(lines, separator);
  const dataRows = rows.slice(1);
  if (dataRows.length === 0) return null;
  const columns = rows[0]!.cells.length;
  const idColumn = findColumn(dataRows, (cell) => eventIdFrom(cell) !== null);
  const timeColumn = findColumn(dataRows, (cell) => cell !== '' && looksLikeTime(cell));
  const providerColumn = timeColumn !== null && timeColumn + 1 < columns ? timeColumn + 1 : null;
  if (idColumn === null || timeColumn === null) return null;
  return dataRows.map((row) => {
    const event = emptyShown(row.line);
    const cells = row.cells;
    event.eventId = eventIdFrom(cells[idColumn]);
    Object.assign(event, timeFrom(cells[timeColumn]));
    const providerCell = cells.find((cell) => activationProvider(cell) !== null);
    event.provider = activationProvider(providerCell);
    event.otherProvider = event.provider === null && providerColumn !== null && looksLikeOtherProvider(cells[providerColumn] ?? '');
    // The description is the column past the header's names (Event Viewer names five and writes six).
    event.message = cells.length > columns ? cells.slice(columns).join(separator) : (cells[cells.length - 1] ?? '');
    return event;
  });
}

function findColumn(rows: { cells: string[] }[], test: (cell: string) => boolean): number | null {
  const width = rows.reduce((max, row) => Math.max(max, row.cells.length), 0);
  for (let column = 0; column < width; column++) {
    const filled = rows.filter((row) => (row.cells[column] ?? '') !== '');
    if (filled.length > 0 && filled.every((row) => test(row.cells[column]!))) return column;
  }
  return null;
}

/** RFC 4180-style rows (quoted cells may hold separators, quotes doubled, and line breaks). */
function readDelimited(lines: TextLine[], separator: string): { line: number; cells: string[] }[] {
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let startLine = 0;
  for (const line of lines) {
    if (!quoted) {
      if (line.text.trim() === '') continue;
      startLine = line.no;
    }
    const text = line.text;
    for (let i = 0; i < text.length; i++) {
      const char = text[i]!;
      if (quoted) {
        if (char === '"' && text[i + 1] === '"') {
          cell += '"';
          i++;
        } else if (char === '"') quoted = false;
        else cell += char;
      } else if (char === '"' && cell === '') quoted = true;
      else if (char === separator) {
        cells.push(cell.trim());
        cell = '';
      } else cell += char;
    }
    if (quoted) {
      cell += '\n';
      continue;
    }
    cells.push(cell.trim());
    rows.push({ line: startLine, cells });
    cells = [];
    cell = '';
  }
  if (quoted || cell !== '' || cells.length > 0) rows.push({ line: startLine, cells: [...cells, cell.trim()] });
  return rows;
}

// ---------------------------------------------------------------------------
// No header: every structure in the text is one event.

function headerless(lines: TextLine[]): ShownEvent[] {
  const events: ShownEvent[] = [];
  let paragraph: TextLine[] = [];
  const flush = () => {
    if (paragraph.length > 0) events.push(...fromParagraph(paragraph));
    paragraph = [];
  };
  for (const line of lines) {
    if (line.text.trim() === '') flush();
    else paragraph.push(line);
  }
  flush();
  return events;
}

/** A paragraph holds one event's message, or several Info lines pasted together (one event each). */
function fromParagraph(paragraph: TextLine[]): ShownEvent[] {
  const infoLines = paragraph.filter((line) => infoList(line.text, null) !== null);
  if (infoLines.length > 1) {
    return infoLines.map((line) => ({ ...emptyShown(line.no), message: line.text, lastLine: line.no }));
  }
  const message = paragraph.map((line) => line.text).join('\n');
  const shown = { ...emptyShown(paragraph[0]!.no), message, lastLine: paragraph[paragraph.length - 1]!.no, ...headerInProse(message) };
  if (!structureOf(message, shown.eventId)) return [];
  return [shown];
}

const PROVIDER_IN_TEXT =
  /Microsoft-Windows-Security-SPP|Microsoft-Windows-Security-Licensing-SLC|Office Software Protection Platform Service|Security-SPP|Security-Licensing-SLC/i;
/** A number standing alone (not part of a date, time, version or code). */
const STANDALONE_NUMBER = /(?<![\w/:.,-])(\d{3,5})(?![\w/:.-])/g;

/**
 * A header whose line breaks a forum lost (`Log Name: Application Source: Microsoft-Windows-Security-SPP
 * Date: … Event ID: 8198 Task Category: None …`): the provider, and the first activation event id
 * standing alone after it. Nothing is taken when the provider is not there.
 */
function headerInProse(text: string): { provider?: string; eventId?: number } {
  const provider = PROVIDER_IN_TEXT.exec(text);
  if (!provider) return {};
  const after = text.slice(provider.index + provider[0].length, provider.index + provider[0].length + 400);
  const id = [...after.matchAll(STANDALONE_NUMBER)].map((m) => Number(m[1])).find((n) => isHandledEventId(n));
  return { provider: activationProvider(provider[0])!, ...(id !== undefined ? { eventId: id } : {}) };
}
