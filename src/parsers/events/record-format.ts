/**
 * Event records written out by `activation-doctor events`: one JSON object per
 * line, or one `<Event>` element per line in the shape `wevtutil qe /f:xml`
 * writes (root-less), which the event XML reader reads back to the same facts.
 */
import type { EventRecord } from './record.js';

export const EVENT_OUTPUT_FORMATS = ['jsonl', 'xml'] as const;
export type EventOutputFormat = (typeof EVENT_OUTPUT_FORMATS)[number];

const FRACTION = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/;

/** SystemTime as written, cut to 7 fractional digits (evtxexport writes 9); else the parsed ISO time. */
export function recordTime(record: EventRecord): string | null {
  const written = record.systemTime ? FRACTION.exec(record.systemTime) : null;
  if (written && record.time) return written[2] ? `${written[1]}.${written[2].slice(0, 7)}Z` : `${written[1]}Z`;
  return record.time;
}

/** Named data as an object (a repeated name keeps every value, in an array); unnamed as an array. */
function recordData(record: EventRecord): string[] | Record<string, string | string[]> {
  const names = record.dataNames;
  if (!names || names.some((name) => name === null)) return record.data;
  const named = Object.create(null) as Record<string, string | string[]>;
  names.forEach((name, i) => {
    const value = record.data[i] ?? '';
    const key = name as string;
    const previous = named[key];
    if (previous === undefined) named[key] = value;
    else named[key] = Array.isArray(previous) ? [...previous, value] : [previous, value];
  });
  return named;
}

const json = JSON.stringify;

/** `data` as JSON: the object of recordData, written without building it (a named-data object per record cost a tenth of the run). */
function dataJson(record: EventRecord): string {
  const names = record.dataNames;
  if (!names || names.some((name) => name === null)) return json(record.data);
  if (new Set(names).size !== names.length) return json(recordData(record));
  return `{${names.map((name, i) => `${json(name)}:${json(record.data[i] ?? '')}`).join(',')}}`;
}

/** One JSON line; the same object as JSON.stringify of the fields in this order would give. */
export function recordToJson(record: EventRecord, file: string): string {
  let line =
    `{"file":${json(file)},"recordId":${json(record.recordId)},"eventId":${record.eventId},"qualifiers":${json(record.qualifiers)},` +
    `"provider":${json(record.provider)},"time":${json(recordTime(record))},"computer":${json(record.computer)},` +
    `"channel":${json(record.channel)},"level":${json(record.level)},"data":${dataJson(record)}`;
  if (record.message !== null) line += `,"message":${json(record.message)}`;
  if (record.offset !== undefined) line += `,"offset":${record.offset}`;
  if (record.line > 0) line += `,"line":${record.line}`;
  return line + '}';
}

// XML 1.0 allows none of these, not even as character references.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;');
}

function element(name: string, text: string | number | null): string {
  return text === null ? '' : `<${name}>${escapeXml(String(text))}</${name}>`;
}

const EVENT_NAMESPACE = 'http://schemas.microsoft.com/win/2004/08/events/event';

export function recordToXml(record: EventRecord): string {
  const qualifiers = record.qualifiers === null ? '' : ` Qualifiers='${record.qualifiers}'`;
  const time = recordTime(record);
  const system =
    `<Provider Name='${escapeXml(record.provider)}'/>` +
    `<EventID${qualifiers}>${record.eventId}</EventID>` +
    element('Level', record.level) +
    (time === null ? '' : `<TimeCreated SystemTime='${escapeXml(time)}'/>`) +
    element('EventRecordID', record.recordId) +
    element('Channel', record.channel) +
    element('Computer', record.computer);
  const data = record.data
    .map((value, i) => {
      const name = record.dataNames?.[i];
      const attribute = name === null || name === undefined ? '' : ` Name='${escapeXml(name)}'`;
      return `<Data${attribute}>${escapeXml(value)}</Data>`;
    })
    .join('');
  const eventData = data ? `<EventData>${data}</EventData>` : '<EventData/>';
  const rendering = record.message === null ? '' : `<RenderingInfo>${element('Message', record.message)}</RenderingInfo>`;
  return `<Event xmlns='${EVENT_NAMESPACE}'><System>${system}</System>${eventData}${rendering}</Event>`;
}
