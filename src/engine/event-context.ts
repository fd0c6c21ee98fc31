/**
 * `{{context}}` of an activation error: where the failure was seen. slmgr and ospp
 * facts name their command (`slmgr /ato`), which is never translated; an event's
 * context is a phrase (the fact keeps the English one) said in the report's language.
 */
import type { Fact } from '../model/facts.js';
import { t } from '../i18n/index.js';

const EVENT_CONTEXTS: Record<number, string> = {
  8198: 'context.event8198',
  8200: 'context.event8200',
  8208: 'context.event8208',
  1014: 'context.event1014',
  12291: 'context.event12291',
  8233: 'context.event8233',
};

const UNSHOWN_ID_CONTEXT = 'activation event (id not shown)';

export function contextPhrase(fact: Fact): unknown {
  if (fact.kind !== 'activation-error') return undefined;
  if (fact.context === UNSHOWN_ID_CONTEXT) return t('context.eventIdNotShown');
  if (fact.eventId === undefined || !fact.context.startsWith('event ')) return fact.context;
  const id = EVENT_CONTEXTS[fact.eventId];
  return id ? t(id) : t('context.event', { id: String(fact.eventId) });
}
