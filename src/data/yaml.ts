/**
 * YAML (and JSON) data files, with the line of every field for messages.
 */
import type { Document, LineCounter, ScalarTag } from 'yaml';
import { DataFileError } from './errors.js';
import { loadYamlPackage } from './lazy.js';

export interface YamlData {
  value: unknown;
  /** 1-based line of the value at `path` (or of its nearest existing parent), or null. */
  lineOf(path: readonly (string | number)[]): number | null;
}

/** YAML 1.2 reads `0xC004F074` as a number; in our data it is always an HRESULT string. */
const hresultTag: ScalarTag = {
  identify: () => false,
  default: true,
  tag: 'tag:yaml.org,2002:str',
  test: /^0x[0-9a-fA-F]+$/,
  resolve: (text: string) => (text.length <= 10 ? `0x${text.slice(2).toUpperCase().padStart(8, '0')}` : text),
};

/** Parses one data file's text; a syntax error is a DataFileError with the line. */
export function parseYaml(text: string, file: string): YamlData {
  const yaml = loadYamlPackage();
  const lines: LineCounter = new yaml.LineCounter();
  const doc = yaml.parseDocument(text.replace(/^\uFEFF/, ''), {
    customTags: (tags) => [hresultTag, ...tags.filter((tag) => (tag as ScalarTag).format !== 'HEX')],
    lineCounter: lines,
    prettyErrors: true,
    uniqueKeys: true,
  });
  const first = doc.errors[0];
  if (first) {
    const where = first.linePos ? ` (line ${first.linePos[0].line})` : '';
    throw new DataFileError(file, '', `not valid YAML${where}: ${first.message.split('\n')[0]}`);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // yaml refuses alias bombs ("Excessive alias count…") with a message that names no file
    throw new DataFileError(file, '', `YAML aliases expand too far (an alias bomb): refused, nothing was expanded (${(error as Error).message})`);
  }
  return { value, lineOf: (path) => lineOf(doc, lines, path) };
}

function lineOf(doc: Document, lines: LineCounter, path: readonly (string | number)[]): number | null {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return lines.linePos(node.range[0]).line;
  }
  return null;
}
