/**
 * A strict RFC 4180 reader, to check what a spreadsheet would see: quoted cells may hold
 * commas, quotes and line breaks; a bare quote, a bare line break or a last record
 * without CRLF is an error.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
      } else {
        if (ch === '"') quoted = false;
        else cell += ch;
        i++;
      }
      continue;
    }
    if (ch === '"' && cell === '') quoted = true;
    else if (ch === '"') throw new Error(`bare quote at ${i}`);
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else if (ch === '\r' || ch === '\n') throw new Error(`bare line break at ${i}`);
    else cell += ch;
    i++;
  }
  if (cell !== '' || row.length) throw new Error('last record not terminated by CRLF');
  return rows;
}
