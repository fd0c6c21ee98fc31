/**
 * Saved or pasted `slmgr.vbs` and `ospp.vbs` output → facts.
 *
 * - `parseSlmgrText(text, ctx)`: every product block, KMS host block, error and
 *   activation result in a transcript (slmgr, ospp, or both mixed), any language.
 * - `classifyText(text)`: a cheap check for the sniffer: is this text evidence?
 */
import { evidenceKind } from './evidence.js';
import { splitLines } from './lines.js';

export { parseSlmgrText } from './parse.js';

/** The sniffer's budget: classification reads at most this many characters. */
const CLASSIFY_CHARS = 64 * 1024;

/** 'ospp' when only ospp output is present, 'slmgr' when slmgr output (or a mix) is, null otherwise. */
export function classifyText(text: string): 'slmgr' | 'ospp' | null {
  return evidenceKind(splitLines(text.slice(0, CLASSIFY_CHARS)));
}
