import { describe, expect, it } from '@jest/globals';
import { DataFileError } from '../../src/data/errors.js';
import { schemaProblems } from '../../src/data/schema.js';
import { parseYaml } from '../../src/data/yaml.js';

function errorOf(action: () => unknown): DataFileError {
  try {
    action();
  } catch (error) {
    if (error instanceof DataFileError) return error;
    throw error;
  }
  throw new Error('expected a DataFileError');
}

describe('parseYaml: one reader for every data file', () => {
  it('reads unquoted HRESULTs as upper-case strings, not numbers', () => {
    expect(parseYaml('code: 0xc004f074\nshort: 0x5\n', 'a.yaml').value).toEqual({ code: '0xC004F074', short: '0x00000005' });
  });

  it('drops a byte order mark and reads JSON too', () => {
    expect(parseYaml('\uFEFFid: x\n', 'a.yaml').value).toEqual({ id: 'x' });
    expect(parseYaml('{"id": "x", "n": 1}', 'a.json').value).toEqual({ id: 'x', n: 1 });
  });

  it('refuses duplicate keys and broken syntax with the file and the line', () => {
    expect(errorOf(() => parseYaml('id: a\nid: b\n', 'dup.yaml')).message).toMatch(/^dup\.yaml: not valid YAML \(line 2\)/);
    expect(errorOf(() => parseYaml('a: [1, 2\nb: 3\n', 'cut.yaml')).message).toMatch(/^cut\.yaml: not valid YAML \(line \d+\)/);
  });

  it('knows the line of every field, or of its nearest parent', () => {
    const data = parseYaml('name: gold\nrequire:\n  channel:\n    - A\n    - B\n', 'p.yaml');
    expect(data.lineOf(['require', 'channel', 1])).toBe(5);
    expect(data.lineOf(['require', 'missing'])).toBe(3);
    expect(data.lineOf([])).toBe(1);
  });
});

describe('DataFileError', () => {
  it('reads file: field "x" (line N): problem, or file: problem', () => {
    expect(new DataFileError('r.yaml', 'where.any[1]', 'is not a known property here', 7).message).toBe(
      'r.yaml: field "where.any[1]" (line 7): is not a known property here',
    );
    expect(new DataFileError('r.yaml', '', 'the file holds no rule').message).toBe('r.yaml: the file holds no rule');
  });
});

describe('schemaProblems: one translation of schema errors', () => {
  it('names the deepest field first, with a plain problem', () => {
    const [first] = schemaProblems('policy', { name: 'gold', require: { channel: [1] } });
    expect(first).toEqual({ field: 'require.channel[0]', path: ['require', 'channel', 0], problem: 'must be text' });
    expect(schemaProblems('policy', { name: 'gold', require: { minRearm: 1 } })[0]).toMatchObject({
      field: 'require.minRearm',
      problem: 'is not a known property here',
    });
    expect(schemaProblems('policy', { require: { noMakKey: true } })[0]).toMatchObject({ field: 'name', problem: 'is required' });
  });
});
