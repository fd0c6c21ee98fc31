/**
 * slmgr / ospp text → facts. One pass over the classified lines (lines.ts) with a
 * small state machine: a product block collects one `license` fact (and a `kms-host`
 * fact for a KMS host); `Error:` lines, `/ato` and ospp `/act` results become
 * `activation-error` / `activation-success` facts.
 */
import { t } from '../../i18n/index.js';
import type { LicenseFact } from '../../model/facts.js';
import type { ParseContext, ParseResult } from '../../model/report.js';
import { evidenceKind } from './evidence.js';
import { type Line, splitLines } from './lines.js';
import { closeBlock, startBlock, type State } from './blocks.js';
import { handleField } from './fields.js';
import { handleError, handleFixed, handleXprState } from './fixed.js';
import { inferField, looksLikeLocalizedError } from './infer.js';
import { markTruncation } from './truncation.js';
import { parseGuid, parseHresult } from './values.js';

export function parseSlmgrText(text: string, ctx: ParseContext): ParseResult {
  const state: State = {
    ctx,
    facts: [],
    problems: [],
    command: null,
    serviceVersion: null,
    block: null,
    activating: null,
    nextOsppIsActAttempt: false,
    recognized: 0,
    actIdentities: [],
  };
  const lines = splitLines(text);
  if (evidenceKind(lines) === null) {
    return { facts: [], problems: [], partial: false, skippedReason: t('problem.slmgr.notSlmgr') };
  }
  for (const [index, line] of lines.entries()) {
    if ((index & 255) === 0 && ctx.deadline !== undefined && Date.now() > ctx.deadline) {
      state.problems.push({ code: 'file-timeout', message: t('problem.slmgr.timeout', { line: String(line.lineNo) }), line: line.lineNo });
      closeBlock(state);
      return { facts: state.facts, problems: state.problems, partial: true };
    }
    handleLine(state, line);
  }
  const truncated = markTruncation(state, lines);
  closeBlock(state);
  addActIdentities(state);
  if (state.facts.length === 0) {
    return {
      facts: [],
      problems: state.problems,
      partial: false,
      skippedReason: t(state.recognized > 0 ? 'problem.slmgr.nothingUsable' : 'problem.slmgr.notSlmgrShort'),
    };
  }
  const facts = state.facts.sort((a, b) => (a.source.line ?? 0) - (b.source.line ?? 0));
  return { facts, problems: state.problems, partial: truncated };
}

function handleLine(state: State, line: Line): void {
  const kind = line.kind;
  switch (kind.type) {
    case 'blank':
    case 'other':
      return;
    case 'banner':
      state.recognized++;
      return;
    case 'prompt':
      closeBlock(state);
      state.command = kind.command;
      state.activating = null;
      return;
    case 'fixed':
      state.recognized++;
      return handleFixed(state, line, kind.fixed);
    case 'error':
      return handleError(state, line, kind);
    case 'activating':
      state.recognized++;
      closeBlock(state);
      state.activating = { product: kind.product, activationId: kind.activationIdText ? parseGuid(kind.activationIdText) : null, lineNo: line.lineNo };
      return;
    case 'xprHeader':
      state.recognized++;
      startBlock(state, 'slmgr', line).fact.product = kind.product;
      return;
    case 'xprState':
      state.recognized++;
      return handleXprState(state, line, kind.state, kind.dateText);
    case 'field':
      state.recognized++;
      return handleField(state, line, kind.field, kind.value);
    case 'unknownKv': {
      if (looksLikeLocalizedError(state, kind.label, kind.value)) {
        const code = parseHresult(kind.value);
        return handleError(state, line, { type: 'error', code, message: kind.value.replace(/^0x[0-9a-f]+\s*/i, '') || null });
      }
      const field = inferField(state, kind.label, kind.value);
      if (field) handleField(state, line, field, kind.value);
      return;
    }
  }
}

/** An ospp `/act` product is the failing or activated product's identity, unless `/dstatus` in the same file lists it in full. */
function addActIdentities(state: State): void {
  const identity = (fact: LicenseFact) => fact.activationId ?? fact.product;
  const listed = new Set(state.facts.filter((fact): fact is LicenseFact => fact.kind === 'license').map(identity));
  for (const fact of state.actIdentities) {
    const key = identity(fact);
    if (key === null || listed.has(key)) continue;
    // The attempt's result is its own fact (activation-error or -success); the identity carries no state.
    state.facts.push({ ...fact, errorCode: null });
    listed.add(key);
  }
}
