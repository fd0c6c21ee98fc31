import { describe, expect, it } from '@jest/globals';
import { assertSafeRegex } from '../../src/engine/safe-regex.js';

describe('assertSafeRegex (issue 20 case 17)', () => {
  it.each([
    ['^(a+)+$'],
    ['(a*)*'],
    ['^(\\w+\\s?)*$'],
    ['(?:x+y?)+z'],
    ['(a|ab)*c'],
    ['(\\w|\\d)+$'],
    ['(a|a)*'],
    ['(.*a){20}'],
    ['(a?)*b'],
    ['^([a-z0-9]+\\.?)+$'],
  ])('refuses %s', (pattern) => {
    expect(() => assertSafeRegex(pattern)).toThrow(/exponential time/);
  });

  it.each([
    ['^kms\\d+\\.corp\\.contoso\\.com$'],
    ['(kms|host)0[1-9]'],
    ['^(\\d{1,3}\\.){3}\\d{1,3}$'],
    ['[a-z]+-[0-9]+'],
    ['^PC-(?:HR|FIN)\\d{2,4}$'],
    ['(ab|cd)+'],
    ['.*contoso.*'],
    ['^[^.]+$'],
    ['\\(\\w+\\)'],
  ])('accepts %s', (pattern) => {
    expect(() => assertSafeRegex(pattern)).not.toThrow();
  });
});
