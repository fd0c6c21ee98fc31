/**
 * Parse one small XML element (a single `<Event>` or CLIXML record cut from
 * the byte stream) with sax, the strict streaming parser xml2js is built on,
 * into a plain element tree. Never used on a whole export. Before sax sees the
 * text, a linear pre-scan refuses any DOCTYPE and bounds the nesting depth, so
 * a hostile element costs one pass; sax in strict mode expands only the five
 * predefined entities and character references.
 */
import { createRequire } from 'node:module';
import type Sax from 'sax';
import { t } from '../../../i18n/index.js';

export interface XmlElement {
  /** Local name (namespace prefix removed). */
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Character data directly inside this element (CDATA included); '' when it is only whitespace. */
  text: string;
}

export class XmlError extends Error {
  constructor(
    message: string,
    readonly kind: 'syntax' | 'doctype' | 'depth' | 'incomplete' = 'syntax',
  ) {
    super(message);
  }
}

const DEFAULT_MAX_DEPTH = 64;

/** `e:Event` → `Event`; `xmlns:e` stays as it is. */
function localName(name: string): string {
  return name.startsWith('xmlns') ? name : name.slice(name.lastIndexOf(':') + 1);
}

interface OpenElement {
  element: XmlElement;
  sawCdata: boolean;
}

// Loaded on the first kept event: a scan of slmgr text alone never needs it.
let sax: typeof Sax | undefined;
const saxPackage = (): typeof Sax => (sax ??= createRequire(import.meta.url)('sax') as typeof Sax);

/** Parse `text`, which must hold exactly one root element. Throws XmlError. */
export function parseXmlElement(text: string, maxDepth = DEFAULT_MAX_DEPTH): XmlElement {
  checkMarkup(text, maxDepth);
  const parser = saxPackage().parser(true, { trim: false, normalize: false, xmlns: false });
  const open: OpenElement[] = [];
  let root: XmlElement | undefined;
  let failure: Error | null = null;
  // No prototype: attribute names such as `__proto__` stay plain keys. (sax's own
  // attribute object is a plain one that drops `__proto__`, so they are taken one by one.)
  let attrs = Object.create(null) as Record<string, string>;
  parser.onerror = (error) => {
    failure ??= error;
    parser.resume();
  };
  parser.onattribute = ({ name, value }) => {
    attrs[localName(name)] = value;
  };
  parser.onopentag = (tag) => {
    const element: XmlElement = { name: localName(tag.name), attrs, children: [], text: '' };
    attrs = Object.create(null) as Record<string, string>;
    const parent = open[open.length - 1];
    if (parent) parent.element.children.push(element);
    else root ??= element;
    open.push({ element, sawCdata: false });
  };
  parser.onclosetag = () => {
    const closed = open.pop();
    if (closed && !closed.sawCdata && closed.element.text.trim() === '') closed.element.text = '';
  };
  parser.ontext = (chars) => {
    const current = open[open.length - 1];
    if (current) current.element.text += chars;
  };
  parser.oncdata = (chars) => {
    const current = open[open.length - 1];
    if (current) {
      current.element.text += chars;
      current.sawCdata = true;
    }
  };
  try {
    parser.write(text).close();
  } catch (error) {
    // sax itself can trip, e.g. over an attribute named `hasOwnProperty`.
    failure ??= error instanceof Error ? error : new Error(String(error));
  }
  if (failure) throw toXmlError(failure, text);
  if (!root) throw new XmlError(t('problem.xml.noElement'), 'incomplete');
  return root;
}

/** The first `&#…;` whose character XML 1.0 forbids (controls other than tab, CR, LF; surrogates; U+FFFE/FFFF). */
function forbiddenCharacterReference(text: string): { reference: string; codePoint: number; control: boolean } | null {
  for (const match of text.matchAll(/&#(?:x([0-9a-f]{1,8})|(\d{1,10}));/gi)) {
    const codePoint = match[1] !== undefined ? Number.parseInt(match[1], 16) : Number(match[2]);
    const allowed =
      codePoint === 0x9 ||
      codePoint === 0xa ||
      codePoint === 0xd ||
      (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
      (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
      (codePoint >= 0x10000 && codePoint <= 0x10ffff);
    if (!allowed) return { reference: match[0], codePoint, control: codePoint < 0x20 };
  }
  return null;
}

function toXmlError(error: Error, text: string): XmlError {
  const message = error.message.split('\n')[0] ?? error.message;
  if (/Invalid character entity/.test(message)) {
    const forbidden = forbiddenCharacterReference(text);
    if (forbidden)
      return new XmlError(
        t(forbidden.control ? 'problem.xml.forbiddenControl' : 'problem.xml.forbiddenCharacter', {
          reference: forbidden.reference,
          codePoint: `U+${forbidden.codePoint.toString(16).toUpperCase().padStart(4, '0')}`,
        }),
      );
    const entity = /&(?!(?:lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);)([^;&\s<]{0,32});/i.exec(text);
    return new XmlError(entity ? t('problem.xml.undefinedEntity', { entity: `&${entity[1]};` }) : t('problem.xml.undefinedEntityUnnamed'));
  }
  const incomplete = /Unclosed root tag|Unexpected end|unclosed/i.test(message);
  // sax's own words, quoted inside a sentence of ours
  return new XmlError(t('problem.xml.parserSays', { detail: message }), incomplete ? 'incomplete' : 'syntax');
}

/**
 * One linear pass over the markup: refuses DOCTYPE and nesting deeper than
 * `maxDepth`, skipping comments, CDATA and processing instructions.
 */
function checkMarkup(text: string, maxDepth: number): void {
  let depth = 0;
  let pos = text.indexOf('<');
  while (pos >= 0) {
    const next = text.charCodeAt(pos + 1);
    if (next === 33 /* ! */) {
      if (text.startsWith('<!--', pos)) pos = skipPast(text, pos + 4, '-->');
      else if (text.startsWith('<![CDATA[', pos)) pos = skipPast(text, pos + 9, ']]>');
      else if (/^<!DOCTYPE/i.test(text.slice(pos, pos + 9))) throw new XmlError(t('problem.xml.doctypeInElement'), 'doctype');
      else pos += 2;
    } else if (next === 63 /* ? */) {
      pos = skipPast(text, pos + 2, '?>');
    } else if (next === 47 /* / */) {
      depth--;
      pos += 2;
    } else {
      const end = text.indexOf('>', pos);
      if (end < 0) return; // sax reports the cut-off tag
      if (text.charCodeAt(end - 1) !== 47 /* / */ && ++depth > maxDepth) {
        throw new XmlError(t('problem.xml.tooDeep', { depth: maxDepth }), 'depth');
      }
      pos = end + 1;
    }
    if (pos < 0) return;
    pos = text.indexOf('<', pos);
  }
}

function skipPast(text: string, from: number, terminator: string): number {
  const end = text.indexOf(terminator, from);
  return end < 0 ? -1 : end + terminator.length;
}

/** First child with this local name. */
export function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((c) => c.name === name);
}
