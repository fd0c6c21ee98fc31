/** Activation events written as text or JSON (Event Viewer, wevtutil, PowerShell, SIEM exports) → facts. */
export { readEventText, readEventTextRecords, looksLikeEventText, notEventText } from './read.js';
