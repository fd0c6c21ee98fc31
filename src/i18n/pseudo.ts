/**
 * The pseudo-language `qps`: English with accented letters, stretched by a third
 * and bracketed, so that any plain English left in a report is a string that
 * does not go through the message files, and layouts show what longer text does.
 * Placeholders, plural syntax and `code spans` are kept as they are.
 */
import { parseMessage, type MessagePart } from './format.js';

const ACCENTED: Record<string, string> = Object.fromEntries(
  [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((ch, i) => [ch, [...'áƀçðéƒĝĥíĵķļɱñóþǫŕšţúṽŵẋýžÁƁÇÐÉƑĜĤÍĴĶĻṀÑÓÞǪŔŠŢÚṼŴẊÝŽ'][i]!]),
);

/** Leaves `{{placeholders}}` and `code spans` alone. */
function accent(literal: string): string {
  return literal
    .split(/(\{\{[^}]*\}\}|`[^`]*`)/)
    .map((piece, i) => (i % 2 === 1 ? piece : piece.replace(/[A-Za-z]/g, (ch) => ACCENTED[ch] ?? ch)))
    .join('');
}

function rebuild(parts: MessagePart[]): string {
  return parts
    .map((part) => {
      if (typeof part === 'string') return accent(part);
      if ('value' in part) return part.value === '#' ? '#' : `{${part.value}}`;
      const branches = Object.entries(part.branches).map(([selector, branch]) => `${selector} {${rebuild(branch)}}`);
      return `{${part.plural}, plural, ${branches.join(' ')}}`;
    })
    .join('');
}

export function pseudoLocalize(text: string): string {
  if (text.trim() === '') return text;
  const letters = text.replace(/\{\{[^}]*\}\}|\{[^{}]*\}/g, '').length;
  // Padding in short runs, so a layout may wrap it like words of a longer language.
  const padding = '~'.repeat(Math.max(1, Math.ceil(letters / 3))).replace(/(~{6})(?=~)/g, '$1 ');
  return `⟦${rebuild(parseMessage(text))}${padding}⟧`;
}
