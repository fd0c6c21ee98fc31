/**
 * Parse one small XML element (a single `<Event>` or CLIXML record cut from
 * the byte stream) with xml2js, into a plain element tree. Never used on a
 * whole export. Before xml2js sees the text, a linear pre-scan refuses any
 * DOCTYPE and bounds the nesting depth, so a hostile element costs one pass;
 * xml2js's strict sax parser expands only the five predefined entities.
 */
import xml2js from 'xml2js';

export interface XmlElement {
  /** Local name (namespace prefix removed). */
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Character data directly inside this element (CDATA included). */
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

export const DEFAULT_MAX_DEPTH = 64;

const PARSER_OPTIONS: xml2js.ParserOptions = {
  strict: true,
  async: false,
  explicitRoot: true,
  explicitChildren: true,
  preserveChildrenOrder: true,
  explicitCharkey: true,
  charkey: '_',
  attrkey: '$',
  childkey: '$$',
  trim: false,
  normalize: false,
  includeWhiteChars: false,
  tagNameProcessors: [xml2js.processors.stripPrefix],
  attrNameProcessors: [xml2js.processors.stripPrefix],
};

/** The node shape xml2js produces with the options above. */
interface Xml2jsNode {
  '#name': string;
  _?: string;
  $?: Record<string, string>;
  $$?: Xml2jsNode[];
}

let parserInstance: xml2js.Parser | null = null;

/** Building an xml2js parser costs more than parsing one small event, so one is reused (parsing is synchronous). */
function sharedParser(): xml2js.Parser {
  parserInstance ??= new xml2js.Parser(PARSER_OPTIONS);
  return parserInstance;
}

/** Parse `text`, which must hold exactly one root element. Throws XmlError. */
export function parseXmlElement(text: string, maxDepth = DEFAULT_MAX_DEPTH): XmlElement {
  checkMarkup(text, maxDepth);
  let parsed: Record<string, Xml2jsNode> | undefined;
  let failure: Error | null = null;
  const parser = sharedParser();
  try {
    parser.parseString(text, (error: Error | null, result: Record<string, Xml2jsNode>) => {
      failure = error;
      parsed = result;
    });
  } finally {
    parser.reset();
  }
  if (failure) throw toXmlError(failure, text);
  const root = parsed ? Object.values(parsed)[0] : undefined;
  if (!root) throw new XmlError('no element found', 'incomplete');
  return toElement(root);
}

function toXmlError(error: Error, text: string): XmlError {
  const message = error.message.split('\n')[0];
  if (/Invalid character entity/.test(message)) {
    const entity = /&(?!(?:lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);)([^;&\s<]{0,32});/i.exec(text);
    return new XmlError(`undefined entity ${entity ? `&${entity[1]};` : ''} (entities are never expanded)`.replace('  ', ' '));
  }
  const incomplete = /Unclosed root tag|Unexpected end|unclosed/i.test(message);
  return new XmlError(message, incomplete ? 'incomplete' : 'syntax');
}

function toElement(node: Xml2jsNode): XmlElement {
  // No prototype: attribute names such as `__proto__` stay plain keys.
  const attrs = Object.assign(Object.create(null) as Record<string, string>, node.$ ?? {});
  return { name: node['#name'], attrs, children: (node.$$ ?? []).map(toElement), text: node._ ?? '' };
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
      else if (/^<!DOCTYPE/i.test(text.slice(pos, pos + 9))) throw new XmlError('DOCTYPE refused', 'doctype');
      else pos += 2;
    } else if (next === 63 /* ? */) {
      pos = skipPast(text, pos + 2, '?>');
    } else if (next === 47 /* / */) {
      depth--;
      pos += 2;
    } else {
      const end = text.indexOf('>', pos);
      if (end < 0) return; // xml2js reports the cut-off tag
      if (text.charCodeAt(end - 1) !== 47 /* / */ && ++depth > maxDepth) {
        throw new XmlError(`elements nested deeper than ${maxDepth} levels`, 'depth');
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
