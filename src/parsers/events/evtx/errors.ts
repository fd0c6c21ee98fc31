/** Damage found while decoding one record or chunk: reported, never thrown out of the reader. */
export class EvtxFormatError extends Error {
  constructor(
    message: string,
    /** The rest of the chunk cannot be trusted (not only this record). */
    readonly fatalForChunk = false,
  ) {
    super(message);
  }
}

export function need(condition: boolean, message: string): asserts condition {
  if (!condition) throw new EvtxFormatError(message);
}
