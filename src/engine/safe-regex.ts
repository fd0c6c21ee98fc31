/**
 * Refuses regular expressions that can backtrack exponentially, before any
 * fact is tested: a rule's `|re:` runs on evidence, and `^(a+)+$` against a
 * 35-character host name never ends. Two shapes cause it (as in safe-regex and
 * the ReDoS literature): a repeated group holding another unbounded repeat
 * (star height above one: `(a+)+`, `(\w+\s?)*`), and a repeated alternation
 * whose branches can start with the same character (`(a|ab)*`, `(\w|\d)+`).
 * The check reads the pattern's structure, so it errs towards refusing.
 */
import { t } from '../i18n/index.js';

interface Node {
  /** Characters the node can start with: a set of single characters, or `any` when hard to say. */
  first: Set<string> | 'any';
  /** The node can match the empty string. */
  nullable: boolean;
  /** The node holds an unbounded repetition somewhere inside. */
  unbounded: boolean;
}

export class UnsafeRegexError extends Error {}

/** Throws UnsafeRegexError naming the shape when `source` can backtrack catastrophically. */
export function assertSafeRegex(source: string): void {
  new Checker(source).sequenceUntil(null);
}

const CLASS_ESCAPES: Record<string, string> = { d: '0123456789', w: 'abcdefghijklmnopqrstuvwxyz0123456789_', s: ' \t\r\n\f\v' };

class Checker {
  private pos = 0;
  constructor(private readonly source: string) {}

  /** A sequence of alternatives up to `)` (or the end); returns the alternation as one node. */
  sequenceUntil(close: ')' | null): Node & { branches: Node[] } {
    const branches: Node[] = [];
    let current: Node[] = [];
    while (this.pos < this.source.length) {
      const ch = this.source[this.pos]!;
      if (ch === ')' && close) break;
      if (ch === '|') {
        this.pos++;
        branches.push(concat(current));
        current = [];
        continue;
      }
      current.push(this.quantified(this.atom()));
    }
    branches.push(concat(current));
    return { ...alternation(branches), branches };
  }

  private atom(): Node & { branches?: Node[] } {
    const ch = this.source[this.pos++]!;
    if (ch === '(') {
      if (this.source[this.pos] === '?') {
        // (?:…) (?=…) (?!…) (?<=…) (?<!…) (?<name>…)
        this.pos++;
        if (this.source[this.pos] === '<' && /[=!]/.test(this.source[this.pos + 1] ?? '')) this.pos += 2;
        else if (this.source[this.pos] === '<') this.pos = this.source.indexOf('>', this.pos) + 1;
        else this.pos++;
      }
      const inner = this.sequenceUntil(')');
      this.pos++; // ')'
      return inner;
    }
    if (ch === '[') return this.characterClass();
    if (ch === '\\') return this.escape();
    if (ch === '.') return { first: 'any', nullable: false, unbounded: false };
    if (ch === '^' || ch === '$') return { first: new Set(), nullable: true, unbounded: false };
    return { first: new Set([ch.toLowerCase()]), nullable: false, unbounded: false };
  }

  private escape(): Node {
    const ch = this.source[this.pos++] ?? '';
    const lower = ch.toLowerCase();
    if (CLASS_ESCAPES[lower] !== undefined) return { first: ch === lower ? new Set(CLASS_ESCAPES[lower]) : 'any', nullable: false, unbounded: false };
    if (ch === 'b' || ch === 'B') return { first: new Set(), nullable: true, unbounded: false };
    if (/[1-9k]/.test(ch)) return { first: 'any', nullable: true, unbounded: false }; // backreference
    if (ch === 'u' || ch === 'x' || ch === 'p' || ch === 'P') {
      const end = this.source[this.pos] === '{' ? this.source.indexOf('}', this.pos) + 1 : this.pos + (ch === 'x' ? 2 : ch === 'u' ? 4 : 0);
      this.pos = Math.max(this.pos, end);
      return { first: 'any', nullable: false, unbounded: false };
    }
    return { first: new Set([lower]), nullable: false, unbounded: false };
  }

  private characterClass(): Node {
    const negated = this.source[this.pos] === '^';
    const chars = new Set<string>();
    let vague = negated;
    for (let first = true; this.pos < this.source.length && (first || this.source[this.pos] !== ']'); first = false) {
      const ch = this.source[this.pos++]!;
      if (ch === '\\') {
        const escaped = this.source[this.pos++] ?? '';
        const set = CLASS_ESCAPES[escaped.toLowerCase()];
        if (set !== undefined && escaped === escaped.toLowerCase()) for (const c of set) chars.add(c);
        else if (set !== undefined || /[uxpP]/.test(escaped)) vague = true;
        else chars.add(escaped.toLowerCase());
      } else if (this.source[this.pos] === '-' && this.source[this.pos + 1] !== ']' && this.pos + 1 < this.source.length) {
        const to = this.source[this.pos + 1]!;
        this.pos += 2;
        const [a, b] = [ch.toLowerCase().charCodeAt(0), to.toLowerCase().charCodeAt(0)];
        if (b - a > 256 || b < a) vague = true;
        else for (let c = a; c <= b; c++) chars.add(String.fromCharCode(c));
      } else chars.add(ch.toLowerCase());
    }
    this.pos++; // ']'
    return { first: vague ? 'any' : chars, nullable: false, unbounded: false };
  }

  private quantified(node: Node & { branches?: Node[] }): Node {
    const quantifier = this.readQuantifier();
    if (!quantifier) return node;
    const repeats = quantifier.max > 1;
    if (repeats && node.unbounded) {
      throw new UnsafeRegexError(t('ruleError.unsafe.nestedRepetition'));
    }
    if (repeats && node.branches && node.branches.length > 1 && branchesOverlap(node.branches)) {
      throw new UnsafeRegexError(t('ruleError.unsafe.overlappingAlternation'));
    }
    if (repeats && quantifier.max === Infinity && node.nullable) {
      throw new UnsafeRegexError(t('ruleError.unsafe.emptyRepetition'));
    }
    return {
      first: node.first,
      nullable: node.nullable || quantifier.min === 0,
      unbounded: node.unbounded || quantifier.max === Infinity || quantifier.max > 100,
    };
  }

  private readQuantifier(): { min: number; max: number } | null {
    const ch = this.source[this.pos];
    let result: { min: number; max: number } | null = null;
    if (ch === '*') result = { min: 0, max: Infinity };
    else if (ch === '+') result = { min: 1, max: Infinity };
    else if (ch === '?') result = { min: 0, max: 1 };
    else if (ch === '{') {
      const match = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.pos));
      if (!match) return null;
      this.pos += match[0].length - 1;
      result = { min: Number(match[1]), max: match[2] ? (match[3] ? Number(match[3]) : Infinity) : Number(match[1]) };
    }
    if (!result) return null;
    this.pos++;
    if (this.source[this.pos] === '?' || this.source[this.pos] === '+') this.pos++; // lazy (possessive is not JS, but harmless)
    return result;
  }
}

function concat(nodes: Node[]): Node {
  let first: Set<string> | 'any' = new Set();
  let nullable = true;
  for (const node of nodes) {
    if (nullable) first = union(first, node.first);
    nullable &&= node.nullable;
  }
  return { first, nullable, unbounded: nodes.some((node) => node.unbounded) };
}

function alternation(branches: Node[]): Node {
  let first: Set<string> | 'any' = new Set();
  for (const branch of branches) first = union(first, branch.first);
  return { first, nullable: branches.some((branch) => branch.nullable), unbounded: branches.some((branch) => branch.unbounded) };
}

function union(a: Set<string> | 'any', b: Set<string> | 'any'): Set<string> | 'any' {
  if (a === 'any' || b === 'any') return 'any';
  return new Set([...a, ...b]);
}

function branchesOverlap(branches: Node[]): boolean {
  for (let i = 0; i < branches.length; i++) {
    for (let j = i + 1; j < branches.length; j++) {
      const a = branches[i]!;
      const b = branches[j]!;
      if (a.nullable || b.nullable) return true;
      if (a.first === 'any' || b.first === 'any') return true;
      for (const ch of a.first) if (b.first.has(ch)) return true;
    }
  }
  return false;
}
