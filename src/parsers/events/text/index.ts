/** Activation events written as text or JSON (Event Viewer, wevtutil, PowerShell, SIEM exports) → facts. */
export { readEventText, looksLikeEventText, NOT_EVENT_TEXT } from './read.js';
