import { t, type MessageValue } from '../../../i18n/index.js';

/**
 * Damage found while decoding one record or chunk: reported, never thrown out of the reader.
 * `reason` names the message `problem.evtx.reason.<reason>`, written in the language in force.
 */
export class EvtxFormatError extends Error {
  constructor(
    reason: string,
    values: Record<string, MessageValue> = {},
    /** The rest of the chunk cannot be trusted (not only this record). */
    readonly fatalForChunk = false,
  ) {
    super(t(`problem.evtx.reason.${reason}`, values));
  }
}

/** Anything else thrown while decoding (a bug, not the file's damage): its own words, quoted in a sentence of ours. */
export function asEvtxFormatError(error: unknown): EvtxFormatError {
  return error instanceof EvtxFormatError ? error : new EvtxFormatError('unexpected', { detail: error instanceof Error ? error.message : String(error) });
}

export function need(condition: boolean, reason: string, values?: Record<string, MessageValue>): asserts condition {
  if (!condition) throw new EvtxFormatError(reason, values);
}
