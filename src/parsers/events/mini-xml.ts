/**
 * A strict, DTD-free XML parser for one small element (a single `<Event>` or
 * CLIXML record cut from the byte stream). It never expands entities beyond
 * the five predefined ones and character references, refuses any `<!DOCTYPE`,
 * and bounds nesting depth, so hostile input costs at most one linear pass.
 */

export interface XmlElement {
  /** Local name (namespace prefix removed). */
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Concatenated character data directly inside this element. */
  text: string;
}

export class XmlError extends Error {
  constructor(
    message: string,
    /** Character offset inside the parsed string. */
    readonly offset: number,
    readonly kind: 'syntax' | 'doctype' | 'depth' | 'incomplete' = 'syntax',
  ) {
    super(message);
  }
}

export const DEFAULT_MAX_DEPTH = 64;

const PREDEFINED_ENTITIES = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['quot', '"'],
  ['apos', "'"],
]);

function decodeEntities(raw: string, offset: number): string {
  if (raw.indexOf('&') < 0) return raw;
  return raw.replace(/&([^;&\s]{0,12});?/g, (whole, name: string) => {
    if (!whole.endsWith(';')) throw new XmlError('bare "&" in text', offset);
    if (name.startsWith('#')) {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      if (!Number.isInteger(code) || code < 1 || code > 0x10ffff) throw new XmlError(`bad character reference &${name};`, offset);
      return String.fromCodePoint(code);
    }
    const value = PREDEFINED_ENTITIES.get(name);
    if (value === undefined) throw new XmlError(`undefined entity &${name}; (entities are never expanded)`, offset);
    return value;
  });
}

function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon < 0 ? qualified : qualified.slice(colon + 1);
}

function isNameEnd(code: number): boolean {
  // whitespace, '/', '>', '='
  return code === 32 || code === 9 || code === 10 || code === 13 || code === 47 || code === 62 || code === 61;
}

function skipSpaces(text: string, pos: number): number {
  let i = pos;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) break;
    i++;
  }
  return i;
}

function expectEnd(text: string, from: number, terminator: string, what: string): number {
  const end = text.indexOf(terminator, from);
  if (end < 0) throw new XmlError(`unterminated ${what}`, from, 'incomplete');
  return end;
}

/** Parse `text`, which must hold exactly one root element (whitespace, comments and PIs around it are allowed). */
export function parseXmlElement(text: string, maxDepth = DEFAULT_MAX_DEPTH): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let pos = 0;
  const length = text.length;

  while (pos < length) {
    const lt = text.indexOf('<', pos);
    const textEnd = lt < 0 ? length : lt;
    if (textEnd > pos) {
      const run = text.slice(pos, textEnd);
      const top = stack[stack.length - 1];
      if (top) top.text += decodeEntities(run, pos);
      else if (run.trim() !== '') throw new XmlError('text outside the root element', pos);
    }
    if (lt < 0) break;
    pos = lt;
    const next = text.charCodeAt(pos + 1);
    if (next === 33 /* ! */) {
      if (text.startsWith('<!--', pos)) {
        pos = expectEnd(text, pos + 4, '-->', 'comment') + 3;
      } else if (text.startsWith('<![CDATA[', pos)) {
        const end = expectEnd(text, pos + 9, ']]>', 'CDATA section');
        const top = stack[stack.length - 1];
        if (!top) throw new XmlError('CDATA outside the root element', pos);
        top.text += text.slice(pos + 9, end);
        pos = end + 3;
      } else if (/^<!DOCTYPE/i.test(text.slice(pos, pos + 9))) {
        throw new XmlError('DOCTYPE refused', pos, 'doctype');
      } else {
        throw new XmlError('unsupported markup declaration', pos);
      }
    } else if (next === 63 /* ? */) {
      pos = expectEnd(text, pos + 2, '?>', 'processing instruction') + 2;
    } else if (next === 47 /* / */) {
      const end = expectEnd(text, pos + 2, '>', 'end tag');
      const name = localName(text.slice(pos + 2, end).trim());
      const open = stack.pop();
      if (!open) throw new XmlError(`unexpected end tag </${name}>`, pos);
      if (open.name !== name) throw new XmlError(`end tag </${name}> does not match <${open.name}>`, pos);
      pos = end + 1;
      if (stack.length === 0) root = open;
    } else {
      if (root) throw new XmlError('content after the root element', pos);
      const tag = parseStartTag(text, pos);
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(tag.element);
      if (stack.length >= maxDepth) throw new XmlError(`elements nested deeper than ${maxDepth} levels`, pos, 'depth');
      if (!tag.selfClosing) stack.push(tag.element);
      else if (!parent) root = tag.element;
      pos = tag.end;
    }
  }
  if (stack.length > 0) throw new XmlError(`element <${stack[stack.length - 1]!.name}> is not closed`, length, 'incomplete');
  if (!root) throw new XmlError('no element found', 0, 'incomplete');
  return root;
}

/** Reads `<name attr="v" …>` or `<name …/>` at `start`. */
function parseStartTag(text: string, start: number): { element: XmlElement; selfClosing: boolean; end: number } {
  let pos = start + 1;
  while (pos < text.length && !isNameEnd(text.charCodeAt(pos))) pos++;
  const qualified = text.slice(start + 1, pos);
  if (qualified === '' || qualified.includes('<')) throw new XmlError('malformed start tag', start);
  // No prototype: attribute names such as `__proto__` are plain keys.
  const attrs = Object.create(null) as Record<string, string>;
  const element: XmlElement = { name: localName(qualified), attrs, children: [], text: '' };
  for (;;) {
    pos = skipSpaces(text, pos);
    if (pos >= text.length) throw new XmlError(`start tag <${qualified}> is cut off`, start, 'incomplete');
    const c = text.charCodeAt(pos);
    if (c === 62 /* > */) return { element, selfClosing: false, end: pos + 1 };
    if (c === 47 /* / */ && text.charCodeAt(pos + 1) === 62) return { element, selfClosing: true, end: pos + 2 };
    const nameStart = pos;
    while (pos < text.length && !isNameEnd(text.charCodeAt(pos))) pos++;
    const attrName = text.slice(nameStart, pos);
    pos = skipSpaces(text, pos);
    if (attrName === '' || text.charCodeAt(pos) !== 61 /* = */) throw new XmlError(`malformed attribute in <${qualified}>`, pos);
    pos = skipSpaces(text, pos + 1);
    const quote = text[pos];
    if (quote !== '"' && quote !== "'") throw new XmlError(`unquoted attribute value in <${qualified}>`, pos);
    const valueEnd = text.indexOf(quote, pos + 1);
    if (valueEnd < 0) throw new XmlError(`attribute value in <${qualified}> is cut off`, pos, 'incomplete');
    const rawValue = text.slice(pos + 1, valueEnd);
    if (rawValue.includes('<')) throw new XmlError(`"<" inside an attribute value of <${qualified}>`, pos);
    element.attrs[localName(attrName)] = decodeEntities(rawValue, pos);
    pos = valueEnd + 1;
  }
}

/** First child with this local name. */
export function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((c) => c.name === name);
}
