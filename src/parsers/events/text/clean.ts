/**
 * Paste damage around event text: Markdown quotes and code fences, trailing
 * backslash line breaks, backticks, zero-width characters, and the `- ` collapse
 * markers of Event Viewer's XML view. Line numbers are kept (one output line per
 * input line).
 */

export interface TextLine {
  /** 1-based line number in the file. */
  no: number;
  text: string;
  /** Part of an `<Event>…</Event>` element (read by the XML reader; blanked for the text readers). */
  xml?: boolean;
}

const QUOTE = /^[ \t]*>[ \t]?/;
const FENCE = /^[ \t]*(?:```|~~~)/;
/** Event Viewer's XML view marks collapsible elements with `- ` (and `+ ` when collapsed). */
const COLLAPSE_MARKER = /^[ \t]*[-+][ \t]+(?=<)/;

export function cleanLines(text: string): TextLine[] {
  const raw = text.split(/\r\n|\r|\n/);
  const lines: TextLine[] = [];
  for (let i = 0; i < raw.length; i++) lines.push({ no: i + 1, text: cleanLine(raw[i]!) });
  return lines;
}

/** The lines with every `<Event>…</Event>` element blanked out and flagged, for the text readers. */
export function withoutEventXml(lines: TextLine[]): TextLine[] {
  let inside = false;
  return lines.map((line) => {
    const starts = !inside && /^\s*<Event[\s>]/.test(line.text);
    if (starts) inside = true;
    if (!inside) return line;
    if (/<\/Event>/.test(line.text)) inside = false;
    return { no: line.no, text: '', xml: true };
  });
}

function cleanLine(raw: string): string {
  let line = raw.replace(/[\u200b-\u200d\ufeff]/g, '').replace(/\u00a0/g, ' ');
  for (let guard = 0; guard < 4 && QUOTE.test(line); guard++) line = line.replace(QUOTE, '');
  if (FENCE.test(line)) return '';
  line = line.replace(COLLAPSE_MARKER, '');
  // A Markdown hard line break (`\` at the end) is not part of the text.
  if (/[^\\]\\$/.test(line) || line === '\\') line = line.slice(0, -1);
  line = line.trimEnd();
  if (line.startsWith('`') || line.endsWith('`')) line = line.replace(/^`+/, '').replace(/`+$/, '');
  return line;
}
