/**
 * Rendering: a record's token stream and its substitution values → an element
 * tree, as Windows renders it (optional substitutions without a value drop
 * their element or attribute, array values repeat their element, embedded
 * BinXML values are spliced in). Bounded by the chunk's work budget.
 */
import type { XmlElement } from '../xml/element.js';
import { need } from './errors.js';
import { MAX_EMBED_DEPTH, parseTokens, type ChunkContext, type ContentNode, type ElementNode, type ValueRef } from './binxml.js';
import { ARRAY_FLAG, renderValue, VALUE_BINXML, VALUE_NULL } from './values.js';

/**
 * What the event record model does not read: System children other than
 * Provider, EventID, Level, TimeCreated, EventRecordID, Channel and Computer,
 * and UserData. Leaving them out saves a fifth of the rendering work.
 */
const NOT_IN_RECORD: Readonly<Record<string, ReadonlySet<string>>> = {
  System: new Set(['Version', 'Task', 'Opcode', 'Keywords', 'Correlation', 'Execution', 'Security']),
  Event: new Set(['UserData', 'ProcessingErrorData', 'DebugData']),
};

/**
 * Renders a record's BinXML stream in [start, end) to its root elements:
 * whole (`full`), or only what the event record model reads.
 */
export function renderRecord(ctx: ChunkContext, start: number, end: number, full = true): XmlElement[] {
  const { nodes } = parseTokens(ctx, start, end, 'record');
  const out: XmlElement[] = [];
  const renderer = new Renderer(ctx, full);
  const root = newElement('#root');
  renderer.content(nodes, [], root, 0);
  for (const child of root.children) out.push(child);
  return out;
}

function newElement(name: string): XmlElement {
  return { name, attrs: Object.create(null) as Record<string, string>, children: [], text: '' };
}

type Rendered = string | string[] | null | { markup: ValueRef };

class Renderer {
  constructor(
    private readonly ctx: ChunkContext,
    private readonly full: boolean,
  ) {}

  private value(values: readonly ValueRef[], index: number): Rendered {
    const ref = values[index];
    if (!ref || ref.type === VALUE_NULL) return null;
    if (ref.type === VALUE_BINXML) return { markup: ref };
    return renderValue(ref.type, this.ctx.bytes, ref.start, ref.size);
  }

  content(nodes: readonly ContentNode[], values: readonly ValueRef[], parent: XmlElement, embedDepth: number): void {
    for (const node of nodes) {
      this.ctx.spend(1);
      switch (node.kind) {
        case 'text':
          parent.text += node.text;
          break;
        case 'sub':
          this.substitute(this.value(values, node.index), parent, embedDepth);
          break;
        case 'instance':
          this.content(node.template.nodes, node.values, parent, embedDepth);
          break;
        case 'element':
          this.element(node, values, parent, embedDepth);
          break;
      }
    }
  }

  private substitute(value: Rendered, parent: XmlElement, embedDepth: number): void {
    if (value === null) return;
    if (typeof value === 'string') parent.text += value;
    else if (Array.isArray(value)) parent.text += value.join(',');
    else this.embedded(value.markup, parent, embedDepth);
  }

  private embedded(ref: ValueRef, parent: XmlElement, embedDepth: number): void {
    need(embedDepth < MAX_EMBED_DEPTH, 'embeddedTooDeep', { depth: MAX_EMBED_DEPTH });
    const { nodes } = parseTokens(this.ctx, ref.start, ref.start + ref.size, 'record');
    this.content(nodes, [], parent, embedDepth + 1);
  }

  private element(node: ElementNode, values: readonly ValueRef[], parent: XmlElement, embedDepth: number): void {
    if (!this.full && NOT_IN_RECORD[parent.name]?.has(node.name)) return;
    // An optional substitution with no value drops its element; an array repeats it once per item.
    let items: string[] | null = null;
    for (const part of node.content) {
      if (part.kind !== 'sub') continue;
      const ref = values[part.index];
      if (part.optional && (!ref || ref.type === VALUE_NULL)) return;
      if (!items && ref && ref.type & ARRAY_FLAG) items = this.value(values, part.index) as string[];
    }
    if (!items) {
      parent.children.push(this.build(node, values, embedDepth, null));
      return;
    }
    this.ctx.spend(items.length);
    for (const item of items) parent.children.push(this.build(node, values, embedDepth, item));
  }

  private build(node: ElementNode, values: readonly ValueRef[], embedDepth: number, item: string | null): XmlElement {
    const element = newElement(node.name);
    for (const attribute of node.attrs) {
      let text = '';
      let omitted = false;
      for (const part of attribute.parts) {
        if (part.kind === 'text') {
          text += part.text;
          continue;
        }
        const value = this.value(values, part.index);
        if (value === null) omitted ||= part.optional;
        else if (typeof value === 'string') text += value;
        else if (Array.isArray(value)) text += value.join(',');
      }
      if (!omitted) element.attrs[attribute.name] = text;
    }
    if (item === null) {
      this.content(node.content, values, element, embedDepth);
      return element;
    }
    for (const part of node.content) {
      const ref = part.kind === 'sub' ? values[part.index] : undefined;
      if (ref && ref.type & ARRAY_FLAG) element.text += item;
      else this.content([part], values, element, embedDepth);
    }
    return element;
  }
}
