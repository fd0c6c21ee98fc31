/**
 * Terminal layout for every script: East Asian wide characters take two columns,
 * and Chinese and Japanese text, which has no spaces, may break between any two
 * characters (but not before closing punctuation nor after an opening bracket).
 */

const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;
const CLOSING = '、。，．：；！？）」』】〕〉》”’)\\]}';
const OPENING = '（「『【〔〈《';
const BREAKABLE = /[\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uff60]/u;

export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += WIDE.test(ch) ? 2 : 1;
  return width;
}

/** Pads with spaces to `width` columns (a longer text is returned as it is). */
export function padToWidth(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

interface Token {
  text: string;
  /** Joined to the previous token with a space (false: CJK, no space between). */
  spaced: boolean;
}

/**
 * Words separated by spaces; inside a word, each CJK character is a token of its own,
 * with the closing punctuation after it and the opening brackets before it.
 */
function tokens(text: string): Token[] {
  const out: Token[] = [];
  for (const word of text.split(' ').filter((w) => w !== '')) {
    const first = out.length;
    let current = '';
    let opening = '';
    const push = (piece: string): void => {
      out.push({ text: opening + piece, spaced: out.length === first });
      opening = '';
    };
    for (const ch of word) {
      if (OPENING.includes(ch)) {
        if (current) push(current);
        current = '';
        opening += ch;
      } else if (CLOSING.includes(ch) && current === '' && opening === '' && out.length > first) out[out.length - 1]!.text += ch;
      else if (BREAKABLE.test(ch) && !CLOSING.includes(ch)) {
        if (current) push(current);
        current = '';
        push(ch);
      } else current += ch;
    }
    if (current || opening) push(current);
  }
  return out;
}

/** Greedy wrap by display width; words longer than the line (paths, URLs) stay whole. */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  let lineWidth = 0;
  for (const token of tokens(text)) {
    const tokenWidth = displayWidth(token.text);
    const joint = line === '' ? '' : token.spaced ? ' ' : '';
    if (line === '') {
      line = token.text;
      lineWidth = tokenWidth;
    } else if (lineWidth + joint.length + tokenWidth <= width) {
      line += joint + token.text;
      lineWidth += joint.length + tokenWidth;
    } else {
      lines.push(line);
      line = token.text;
      lineWidth = tokenWidth;
    }
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}
