/**
 * Binary XML tokens → a small node tree: template definitions compiled once
 * per chunk (with where their provider and EventID come from), record streams
 * parsed to template instances and their value descriptors. Every offset is
 * chunk-relative and checked; nothing walks the chunk's linked lists; nesting,
 * value counts and the work per chunk are bounded. Rendering: render.ts.
 */
import { asEvtxFormatError, EvtxFormatError, need } from './errors.js';
import { utf16 } from './values.js';

export const CHUNK_BYTES = 65536;
export const CHUNK_HEADER_BYTES = 512;
/** Element nesting inside one stream (the crate allows 512; real events use 4–6). */
const MAX_ELEMENT_DEPTH = 64;
/** Embedded BinXML values inside values (real records: 1). */
export const MAX_EMBED_DEPTH = 16;
/** Tokens read plus nodes rendered per chunk; beyond it the chunk is treated as corrupt. */
export const MAX_WORK_PER_CHUNK = 4_000_000;

interface TextNode { kind: 'text'; text: string }
interface SubstitutionNode { kind: 'sub'; index: number; optional: boolean }
interface AttributeNode { name: string; parts: (TextNode | SubstitutionNode)[] }
export interface ElementNode { kind: 'element'; name: string; attrs: AttributeNode[]; content: ContentNode[] }
export interface ValueRef { type: number; start: number; size: number }
interface InstanceNode { kind: 'instance'; template: CompiledTemplate; values: ValueRef[] }
export type ContentNode = ElementNode | TextNode | SubstitutionNode | InstanceNode;

/** Where Event/System/Provider/@Name comes from in a template. */
type ProviderSlot = { literal: string } | { index: number } | null;

/** Where Event/System/EventID comes from in a template. */
type EventIdSlot = { literal: number } | { index: number } | null;

export interface CompiledTemplate {
  nodes: ContentNode[];
  provider: ProviderSlot;
  eventId: EventIdSlot;
}

type TemplateEntry = CompiledTemplate | EvtxFormatError | 'compiling';

/** Per-chunk state: the chunk bytes, its names and templates, and the work spent. */
export class ChunkContext {
  private readonly names = new Map<number, string>();
  private readonly templates = new Map<number, TemplateEntry>();
  private work = 0;

  constructor(readonly bytes: Buffer) {}

  spend(units: number): void {
    this.work += units;
    if (this.work > MAX_WORK_PER_CHUNK) throw new EvtxFormatError('tooMuchWork', {}, true);
  }

  name(offset: number): string {
    const cached = this.names.get(offset);
    if (cached !== undefined) return cached;
    const b = this.bytes;
    need(offset >= CHUNK_HEADER_BYTES && offset + 10 <= CHUNK_BYTES, 'nameOffsetOutside', { offset });
    const count = b.readUInt16LE(offset + 6);
    need(offset + 10 + 2 * count <= CHUNK_BYTES, 'namePastChunk', { offset });
    const name = utf16(b, offset + 8, offset + 8 + 2 * count);
    this.names.set(offset, name);
    return name;
  }

  template(offset: number): CompiledTemplate {
    const entry = this.templates.get(offset);
    if (entry === 'compiling') throw new EvtxFormatError('templateSelf', { offset });
    if (entry instanceof EvtxFormatError) throw entry;
    if (entry) return entry;
    this.templates.set(offset, 'compiling');
    try {
      const compiled = compileTemplate(this, offset);
      this.templates.set(offset, compiled);
      return compiled;
    } catch (error) {
      const failure = asEvtxFormatError(error);
      this.templates.set(offset, failure);
      throw failure;
    }
  }
}

const TEMPLATE_HEADER_BYTES = 24;

function compileTemplate(ctx: ChunkContext, offset: number): CompiledTemplate {
  need(offset >= CHUNK_HEADER_BYTES && offset + TEMPLATE_HEADER_BYTES <= CHUNK_BYTES, 'templateOffsetOutside', { offset });
  const bodySize = ctx.bytes.readUInt32LE(offset + 20);
  const start = offset + TEMPLATE_HEADER_BYTES;
  need(start + bodySize <= CHUNK_BYTES, 'templatePastChunk', { offset });
  const { nodes } = parseTokens(ctx, start, start + bodySize, 'template');
  return { nodes, provider: providerSlot(nodes), eventId: eventIdSlot(nodes) };
}

function childElement(nodes: readonly ContentNode[], name: string): ElementNode | undefined {
  for (const node of nodes) if (node.kind === 'element' && node.name === name) return node;
  return undefined;
}

function systemChild(nodes: readonly ContentNode[], name: string): ElementNode | undefined {
  return childElement(childElement(childElement(nodes, 'Event')?.content ?? [], 'System')?.content ?? [], name);
}

function eventIdSlot(nodes: readonly ContentNode[]): EventIdSlot {
  const content = systemChild(nodes, 'EventID')?.content;
  if (!content || content.length !== 1) return null;
  const part = content[0]!;
  if (part.kind === 'sub') return { index: part.index };
  return part.kind === 'text' && /^\s*\d{1,5}\s*$/.test(part.text) ? { literal: Number(part.text) & 0xffff } : null;
}

function providerSlot(nodes: readonly ContentNode[]): ProviderSlot {
  const provider = systemChild(nodes, 'Provider');
  const parts = provider?.attrs.find((attr) => attr.name === 'Name')?.parts;
  if (!parts || parts.length !== 1) return null;
  const part = parts[0]!;
  return part.kind === 'text' ? { literal: part.text } : { index: part.index };
}

type StreamMode = 'template' | 'record';

interface ParsedStream {
  nodes: ContentNode[];
  end: number;
}

/** Reads the name whose offset field sits at `at`; an inline name is skipped. Returns the name and the next position. */
function readName(ctx: ChunkContext, at: number, end: number): [string, number] {
  need(at + 4 <= end, 'nameReferenceShort');
  const offset = ctx.bytes.readUInt32LE(at);
  const name = ctx.name(offset);
  if (offset !== at + 4) return [name, at + 4];
  const next = offset + 10 + 2 * ctx.bytes.readUInt16LE(offset + 6);
  need(next <= end, 'inlineNamePast');
  return [name, next];
}

const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * Tokens in [start, end) → nodes. Template bodies carry dependency ids in
 * element starts and may hold substitutions; record streams and embedded
 * values carry neither and may hold template instances.
 */
export function parseTokens(ctx: ChunkContext, start: number, end: number, mode: StreamMode): ParsedStream {
  const b = ctx.bytes;
  const root: ContentNode[] = [];
  const stack: ElementNode[] = [];
  let attribute: AttributeNode | null = null;
  let p = start;
  const add = (node: ContentNode): void => {
    (stack.length ? stack[stack.length - 1]!.content : root).push(node);
  };
  const addValue = (node: TextNode | SubstitutionNode): void => {
    if (attribute) attribute.parts.push(node);
    else add(node);
  };
  const text = (from: number, units: number): TextNode => {
    need(from + 2 * units <= end, 'textPast');
    return { kind: 'text', text: utf16(b, from, from + 2 * units) };
  };
  while (p < end) {
    ctx.spend(1);
    const token = b[p]!;
    switch (token & 0xbf) {
      case 0x00:
        return { nodes: root, end: p + 1 };
      case 0x0f:
        need(p + 4 <= end, 'fragmentHeaderShort');
        p += 4;
        break;
      case 0x01: {
        p += mode === 'template' ? 3 : 1;
        need(p + 8 <= end, 'elementStartShort');
        const [name, next] = readName(ctx, p + 4, end);
        p = next + (token & 0x40 ? 4 : 0);
        need(p <= end, 'elementStartShort');
        need(stack.length < MAX_ELEMENT_DEPTH, 'tooDeep', { depth: MAX_ELEMENT_DEPTH });
        const element: ElementNode = { kind: 'element', name, attrs: [], content: [] };
        add(element);
        stack.push(element);
        attribute = null;
        break;
      }
      case 0x02:
        need(stack.length > 0, 'closeOutsideElement');
        attribute = null;
        p++;
        break;
      case 0x03:
      case 0x04:
        need(stack.length > 0, 'endNotOpened');
        stack.pop();
        attribute = null;
        p++;
        break;
      case 0x05: {
        need(p + 4 <= end, 'valueTextShort');
        const units = b.readUInt16LE(p + 2);
        addValue(text(p + 4, units));
        p += 4 + 2 * units;
        break;
      }
      case 0x06: {
        need(stack.length > 0, 'attributeOutsideElement');
        const [name, next] = readName(ctx, p + 1, end);
        attribute = { name, parts: [] };
        stack[stack.length - 1]!.attrs.push(attribute);
        p = next;
        break;
      }
      case 0x07: {
        need(p + 3 <= end, 'cdataShort');
        const units = b.readUInt16LE(p + 1);
        add(text(p + 3, units));
        p += 3 + 2 * units;
        break;
      }
      case 0x08:
        need(p + 3 <= end, 'characterReferenceShort');
        addValue({ kind: 'text', text: String.fromCharCode(b.readUInt16LE(p + 1)) });
        p += 3;
        break;
      case 0x09: {
        const [name, next] = readName(ctx, p + 1, end);
        addValue({ kind: 'text', text: ENTITIES[name] ?? `&${name};` });
        p = next;
        break;
      }
      case 0x0a:
        p = readName(ctx, p + 1, end)[1];
        break;
      case 0x0b:
        need(p + 3 <= end, 'processingInstructionShort');
        p += 3 + 2 * b.readUInt16LE(p + 1);
        need(p <= end, 'processingInstructionPast');
        break;
      case 0x0c: {
        need(mode === 'record', 'templateInTemplate');
        const instance = readInstance(ctx, p, end);
        add(instance.node);
        p = instance.end;
        break;
      }
      case 0x0d:
      case 0x0e:
        need(mode === 'template', 'substitutionOutsideTemplate');
        need(p + 4 <= end, 'substitutionShort');
        addValue({ kind: 'sub', index: b.readUInt16LE(p + 1), optional: (token & 0xbf) === 0x0e });
        p += 4;
        break;
      default:
        throw new EvtxFormatError('unknownToken', { token: `0x${token.toString(16)}`, offset: p });
    }
  }
  return { nodes: root, end: p };
}

export interface InstanceHead {
  template: CompiledTemplate;
  /** Position of the value count. */
  valuesAt: number;
}

/** The template instance at `at` (its 0x0C token), up to its descriptor array. */
export function readInstanceHead(ctx: ChunkContext, at: number, end: number): InstanceHead {
  need(at + 10 <= end, 'templateInstanceShort');
  const b = ctx.bytes;
  const definition = b.readUInt32LE(at + 6);
  let p = at + 10;
  if (definition === p) {
    need(p + TEMPLATE_HEADER_BYTES <= end, 'inlineTemplateShort');
    p += TEMPLATE_HEADER_BYTES + b.readUInt32LE(p + 20);
    need(p <= end, 'inlineTemplatePast');
  }
  return { template: ctx.template(definition), valuesAt: p };
}

function readValues(ctx: ChunkContext, at: number, end: number): { values: ValueRef[]; end: number } {
  const b = ctx.bytes;
  need(at + 4 <= end, 'substitutionCountShort');
  const count = b.readUInt32LE(at);
  need(4 * count <= end - at - 4, 'substitutionsDoNotFit', { count });
  ctx.spend(count);
  const values: ValueRef[] = new Array<ValueRef>(count);
  let data = at + 4 + 4 * count;
  for (let i = 0; i < count; i++) {
    const size = b.readUInt16LE(at + 4 + 4 * i);
    const type = b[at + 6 + 4 * i]!;
    need(data + size <= end, 'substitutionValuePast', { index: i });
    values[i] = { type, start: data, size };
    data += size;
  }
  return { values, end: data };
}

function readInstance(ctx: ChunkContext, at: number, end: number): { node: InstanceNode; end: number } {
  const head = readInstanceHead(ctx, at, end);
  const { values, end: next } = readValues(ctx, head.valuesAt, end);
  return { node: { kind: 'instance', template: head.template, values }, end: next };
}
