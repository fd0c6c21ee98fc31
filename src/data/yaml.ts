/**
 * YAML (and JSON) data files, with the line of every field for messages.
 */
import type { Document, LineCounter, ScalarTag, YAMLError } from 'yaml';
import { t } from '../i18n/index.js';
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
    const reason = syntaxReason(first);
    const line = first.linePos?.[0].line;
    throw new DataFileError(file, '', line === undefined ? t('dataFile.yaml.invalidNoLine', { reason }) : t('dataFile.yaml.invalid', { line, reason }));
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch {
    // yaml refuses alias bombs ("Excessive alias count…") with a message that names no file
    throw new DataFileError(file, '', t('dataFile.yaml.aliasBomb'));
  }
  return { value, lineOf: (path) => lineOf(doc, lines, path) };
}

/** The YAML reader's complaint in our words, for the mistakes people make; its own (English) words for the rest. */
function syntaxReason(error: YAMLError): string {
  switch (error.code) {
    case 'DUPLICATE_KEY':
      return t('dataFile.yaml.reason.duplicateKey');
    case 'BAD_INDENT':
      return t('dataFile.yaml.reason.badIndent');
    case 'TAB_AS_INDENT':
      return t('dataFile.yaml.reason.tabIndent');
    case 'MISSING_CHAR':
      return t('dataFile.yaml.reason.missingChar');
    case 'UNEXPECTED_TOKEN':
      return t('dataFile.yaml.reason.unexpectedToken');
    case 'MULTILINE_IMPLICIT_KEY':
      return t('dataFile.yaml.reason.multilineKey');
    case 'BLOCK_AS_IMPLICIT_KEY':
      return t('dataFile.yaml.reason.blockAsKey');
    case 'MULTIPLE_DOCS':
      return t('dataFile.yaml.reason.multipleDocs');
    case 'BAD_DQ_ESCAPE':
      return t('dataFile.yaml.reason.badEscape');
    case 'BAD_SCALAR_START':
      return t('dataFile.yaml.reason.badScalarStart');
    default:
      return t('dataFile.yaml.reason.other', { message: error.message.split('\n')[0]! });
  }
}

function lineOf(doc: Document, lines: LineCounter, path: readonly (string | number)[]): number | null {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return lines.linePos(node.range[0]).line;
  }
  return null;
}
