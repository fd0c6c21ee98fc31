/**
 * Event JSON: one object per line (JSON lines), a JSON array, or pretty-printed
 * objects one after another (evtx_dump prints `Record N` before each). Shapes:
 * - Windows containers' Log Monitor: `{"Source":"EventLog","LogEntry":{"Channel","Level","EventId","Provider"?,"Message"}}`;
 * - Winlogbeat / Elastic: `winlog.{provider_name,event_id,computer_name,record_id,channel,event_data}`,
 *   `event.code`, `@timestamp`, `message`;
 * - Wazuh: `win.system.{providerName,eventID,computer,systemTime,eventRecordID,channel,message}`, `win.eventdata`
 *   (also under `data.win` in alerts);
 * - evtx_dump: `Event.System.{Provider.#attributes.Name,EventID,TimeCreated.#attributes.SystemTime,…}`, `Event.EventData.Data`.
 */
import type { TextLine } from './clean.js';
import { activationProvider, emptyShown, eventIdFrom, integerFrom, looksLikeOtherProvider, type ShownEvent, timeFrom } from './shown.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Does the text start like JSON (after paste cleaning)? */
export function looksLikeJson(lines: TextLine[]): boolean {
  const first = lines.find((l) => l.text.trim() !== '' && !/^Record \d+$/.test(l.text.trim()));
  return first !== undefined && /^\s*[[{]/.test(first.text);
}

/** Every top-level JSON value in the text, with the line it starts on. Unparsable stretches are skipped. */
export function jsonValues(lines: TextLine[]): { line: number; value: Json }[] {
  const values: { line: number; value: Json }[] = [];
  let buffer = '';
  let depth = 0;
  let inString = false;
  let escaped = false;
  let startLine = 0;
  for (const line of lines) {
    const text = line.text;
    if (depth === 0 && buffer === '' && !/^\s*[[{]/.test(text)) continue;
    if (buffer === '') startLine = line.no;
    for (const char of text) {
      if (inString) {
        if (escaped) escaped = false;
        else if (char === '\\') escaped = true;
        else if (char === '"') inString = false;
      } else if (char === '"') inString = true;
      else if (char === '{' || char === '[') depth++;
      else if (char === '}' || char === ']') depth--;
    }
    buffer += text + '\n';
    if (depth <= 0) {
      const parsed = tryParse(buffer);
      if (parsed !== undefined) {
        if (Array.isArray(parsed)) for (const item of parsed) values.push({ line: startLine, value: item });
        else values.push({ line: startLine, value: parsed });
      }
      buffer = '';
      depth = 0;
      inString = false;
    }
  }
  return values;
}

function tryParse(text: string): Json | undefined {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return undefined;
  }
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `a.b.c` in nested objects, or a flattened `"a.b.c"` key (Elastic exports both). */
function at(value: Json | undefined, path: string): Json | undefined {
  if (!isObject(value)) return undefined;
  if (path in value) return value[path];
  const dot = path.indexOf('.');
  if (dot < 0) return undefined;
  for (let i = dot; i >= 0; i = path.indexOf('.', i + 1)) {
    const head = path.slice(0, i);
    if (head in value) {
      const found = at(value[head], path.slice(i + 1));
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

function text(value: Json | undefined): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (isObject(value)) return text(value['#text']);
  return null;
}

export function shownFromJson(line: number, value: Json): ShownEvent | null {
  if (!isObject(value)) return null;
  return logMonitor(line, value) ?? evtxDump(line, value) ?? wazuh(line, value) ?? winlogbeat(line, value);
}

function withProvider(event: ShownEvent, provider: string | null): void {
  event.provider = activationProvider(provider);
  event.otherProvider = event.provider === null && provider !== null && looksLikeOtherProvider(provider);
}

function logMonitor(line: number, value: JsonObject): ShownEvent | null {
  const entry = at(value, 'LogEntry');
  if (!isObject(entry) || (text(at(value, 'Source')) ?? 'EventLog') !== 'EventLog') return null;
  const event = emptyShown(line);
  withProvider(event, text(entry['Provider']) ?? text(entry['ProviderName']));
  event.eventId = eventIdFrom(entry['EventId'] ?? entry['EventID']);
  event.channel = text(entry['Channel']);
  event.message = text(entry['Message']);
  Object.assign(event, timeFrom(text(entry['Time'] ?? at(value, 'Time'))));
  return event;
}

function evtxDump(line: number, value: JsonObject): ShownEvent | null {
  const root = at(value, 'Event');
  if (!isObject(root)) return null;
  const system = root['System'];
  const event = emptyShown(line);
  withProvider(event, text(at(system, 'Provider.#attributes.Name')) ?? text(at(system, 'Provider_attributes.Name')));
  event.eventId = eventIdFrom(text(at(system, 'EventID')));
  event.qualifiers = integerFrom(at(system, 'EventID.#attributes.Qualifiers') ?? null);
  const systemTime = text(at(system, 'TimeCreated.#attributes.SystemTime')) ?? text(at(system, 'TimeCreated_attributes.SystemTime'));
  Object.assign(event, timeFrom(systemTime));
  event.recordId = integerFrom(at(system, 'EventRecordID') ?? null);
  event.computer = text(at(system, 'Computer'));
  event.channel = text(at(system, 'Channel'));
  event.level = integerFrom(at(system, 'Level') ?? null);
  event.data = dataList(at(root, 'EventData.Data'));
  return event;
}

/** `Data` as evtx_dump writes it: a string, an array, `{"#text": …}`, or named `{Name: value}`. */
function dataList(data: Json | undefined): string[] | null {
  if (data === undefined || data === null) return null;
  if (typeof data === 'string' || typeof data === 'number') return [String(data)];
  if (Array.isArray(data)) return data.map((item) => text(item) ?? '');
  if (isObject(data) && '#text' in data) return dataList(data['#text']);
  return null;
}

function wazuh(line: number, value: JsonObject): ShownEvent | null {
  const win = at(value, 'win') ?? at(value, 'data.win');
  if (!isObject(win)) return null;
  const system = win['system'];
  const event = emptyShown(line);
  withProvider(event, text(at(system, 'providerName')));
  event.eventId = eventIdFrom(text(at(system, 'eventID')));
  Object.assign(event, timeFrom(text(at(system, 'systemTime'))));
  event.recordId = integerFrom(text(at(system, 'eventRecordID')));
  event.computer = text(at(system, 'computer'));
  event.channel = text(at(system, 'channel'));
  event.level = integerFrom(text(at(system, 'level')));
  event.qualifiers = integerFrom(text(at(system, 'eventQualifiers')));
  const message = text(at(system, 'message'));
  event.message = message ? message.replace(/^"|"$/g, '') : null;
  const eventData = win['eventdata'];
  // Wazuh joins a classic event's unnamed Data into one `data` string; the message structure reads it.
  const joined = text(at(eventData, 'data'));
  if (joined) event.message = event.message ? `${event.message}\n${joined}` : joined;
  return event;
}

function winlogbeat(line: number, value: JsonObject): ShownEvent | null {
  const winlog = at(value, 'winlog');
  if (!isObject(winlog)) return null;
  const event = emptyShown(line);
  withProvider(event, text(winlog['provider_name']) ?? text(at(value, 'event.provider')));
  event.eventId = eventIdFrom(text(winlog['event_id']) ?? text(at(value, 'event.code')));
  Object.assign(event, timeFrom(text(at(value, '@timestamp')) ?? text(at(value, 'event.created'))));
  event.recordId = integerFrom(text(winlog['record_id']));
  event.computer = text(winlog['computer_name']) ?? text(at(value, 'host.name'));
  event.channel = text(winlog['channel']);
  event.message = text(at(value, 'message'));
  const eventData = winlog['event_data'];
  if (isObject(eventData)) {
    // Classic events' unnamed Data come as param1, param2, … in order.
    const params = Object.keys(eventData)
      .filter((key) => /^param\d+$/i.test(key))
      .sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)));
    if (params.length > 0) event.data = params.map((key) => text(eventData[key]) ?? '');
  }
  return event;
}

/** Log Monitor's default (non-JSON) line: `<Source>EventLog</Source><Time>…</Time><LogEntry><Channel>…</Channel>…<Message>…</Message></LogEntry>`. */
const LOG_MONITOR_LINE = /<Source>\s*EventLog\s*<\/Source>/;

export function looksLikeLogMonitorLines(lines: TextLine[]): boolean {
  return lines.some((line) => LOG_MONITOR_LINE.test(line.text));
}

function element(line: string, name: string): string | null {
  const open = line.indexOf(`<${name}>`);
  if (open < 0) return null;
  const start = open + name.length + 2;
  const close = line.indexOf(`</${name}>`, start);
  if (close < 0) return null;
  return line
    .slice(start, close)
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** One ShownEvent per Log Monitor line (a message may go on over the following lines until `</Message>`). */
export function shownFromLogMonitorLines(lines: TextLine[]): ShownEvent[] {
  const events: ShownEvent[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!LOG_MONITOR_LINE.test(lines[i]!.text)) continue;
    const start = lines[i]!.no;
    let text = lines[i]!.text;
    while (!text.includes('</LogEntry>') && i + 1 < lines.length && !LOG_MONITOR_LINE.test(lines[i + 1]!.text) && text.length < 1_000_000)
      text += '\n' + lines[++i]!.text;
    const event = emptyShown(start);
    withProvider(event, element(text, 'Provider'));
    event.eventId = eventIdFrom(element(text, 'EventId') ?? element(text, 'EventID'));
    event.channel = element(text, 'Channel');
    event.message = element(text, 'Message');
    Object.assign(event, timeFrom(element(text, 'Time')));
    events.push(event);
  }
  return events;
}
