/** Per-file budgets shared by the reader and the CLI (a module of its own, so the CLI loads no reader to parse its options). */
export const DEFAULT_FILE_TIMEOUT_MS = 120_000;

/** setTimeout cannot wait longer than this (it fires at once instead); longer budgets are no limit at all. */
export const MAX_TIMER_MS = 2 ** 31 - 1;
