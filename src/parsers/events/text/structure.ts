/**
 * An event message (in any display language) → the event's insertion strings, read
 * from the structure the message table gives them: the `Info:` comma list of
 * 12288/12289/12290, `hr=0x…` and the `RuleId=…;AppId=…;SkuId=…` arguments of 8198,
 * a code with `AppId`/`SkuId` (8233), `N: <SkuId>, …` lines (1003). Words are never
 * matched; GUIDs, codes, `=` pairs and field counts are the same in every language.
 */
import { UNSHOWN_FAILURE_ID } from '../record.js';

const HEX = /^0x[0-9a-f]{1,8}$/i;
const GUID = /^\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?$/i;
const GUID_IN_TEXT = /\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?/i;
const CLIENT_TIME = /^\d{4}\/\d{1,2}\/\d{1,2}[ :]\d{1,2}:\d{2}(?::\d{2})?$/;
const INTEGER = /^\d{1,15}$/;
/** `0xC004F074, 0x00000000, host:1688, …`: a code followed by a comma, then the rest of the line. */
const INFO_LIST = /(?<![0-9a-z_])(0x[0-9a-f]{1,8})[ \t]*,([^\n]*)/i;
const HR = /(?<![0-9a-z_])hr[ \t]*=[ \t]*(0x[0-9a-f]{1,8})(?![0-9a-z_])/i;
/** 8198's (and 8197's) rules-engine arguments: `RuleId=…;Action=…;AppId=…;SkuId=…[;…]`. */
const RULE_ARGUMENTS = /RuleId[ \t]*=[^\s;]*(?:;[ \t]*[A-Za-z]+[ \t]*=[^\s;]*)*/i;
const FIRST_CODE = /(?<![0-9a-z_])(0x[0-9a-f]{1,8})(?![0-9a-z_])/i;
// One `[ \t]*` on each side of the optional `=`/`:` (two runs around an optional token would split a long run of spaces every way).
const APP_ID = /AppId[ \t]*(?:[=:][ \t]*)?\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/i;
const SKU_ID = /Sku[ \t]*Id[ \t]*(?:[=:][ \t]*)?\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\(null\))/i;
const TRIGGER = /Trigger[ \t]*(?:[=:][ \t]*)?([A-Za-z]+)/;
const STATUS_LINE = /^[ \t]*\d+[ \t]*:[ \t]*\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?[ \t]*,/i;
/** A DNS domain in any quotation marks (12293/12294 put it in quotes in every language). */
const QUOTED_DOMAIN = /['"‘’“”„«»「」『』]([A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)+)['"‘’“”„«»「」『』]/;

/** What a message's structure says: the insertion strings in order, and the event id the structure belongs to. */
export interface Structure {
  /** The id this structure belongs to (used to read the data; kept in facts only when the text shows it). */
  eventId: number;
  data: string[];
}

/** The ids whose facts come from the Info comma list. */
const INFO_LIST_IDS = new Set([12288, 12289, 12290]);

function isHex(field: string | undefined): boolean {
  return field !== undefined && HEX.test(field);
}
function isGuidOrEmpty(field: string | undefined): boolean {
  return field !== undefined && (field === '' || GUID.test(field));
}

/** The Info list's id from its field count and shapes; null when the shape is none of them. */
function infoListId(fields: string[]): number | null {
  const [, second, third, fourth, fifth] = fields;
  if ((fields.length === 10 || fields.length === 9) && isHex(second) && isGuidOrEmpty(fourth) && (fifth === '' || CLIENT_TIME.test(fifth ?? ''))) return 12288;
  if (fields.length === 9 && INTEGER.test(second ?? '') && isGuidOrEmpty(fourth) && (fifth === '' || CLIENT_TIME.test(fifth ?? ''))) return 12290;
  if (fields.length === 8 && isHex(second) && /^[01]$/.test(third ?? '') && fields.slice(3, 7).every((f) => f === '' || INTEGER.test(f))) return 12289;
  return null;
}

/** The `Info:` list (12288/12289/12290) found in one line of text. */
export function infoList(line: string, shownId: number | null): Structure | null {
  const match = INFO_LIST.exec(line);
  if (!match) return null;
  const fields = [match[1]!, ...match[2]!.split(',')].map((field) => field.trim());
  while (fields.length > 10 && fields[fields.length - 1] === '') fields.pop();
  const byShape = infoListId(fields);
  const eventId = shownId !== null && INFO_LIST_IDS.has(shownId) ? shownId : byShape;
  if (eventId === null || byShape === null) return null;
  return { eventId, data: [fields.join(', ')] };
}

/**
 * The structure of one event's message. `shownId` is the id the text shows (null when
 * it shows none): it picks between structures that look alike (8200/8208/1014 all
 * carry `hr=`), and a structure that contradicts it is not used.
 */
export function structureOf(message: string, shownId: number | null): Structure | null {
  for (const line of message.split('\n')) {
    const info = infoList(line, shownId);
    if (info && (shownId === null || shownId === info.eventId)) return info;
  }
  const statusLines = message.split('\n').filter((line) => STATUS_LINE.test(line));
  if (statusLines.length > 0 && (shownId === null || shownId === 1003)) {
    const beforeBlob = message.slice(0, message.indexOf(statusLines[0]!));
    const appId = GUID_IN_TEXT.exec(beforeBlob)?.[1] ?? '';
    return { eventId: 1003, data: [appId, '\n' + statusLines.map((l) => l.trim()).join('\n')] };
  }
  const stateData = ruleEngineStateData(message);
  if (stateData && (shownId === null || shownId === 8230)) {
    return { eventId: 8230, data: [`Security-SPP-Action-StateData (REG_SZ) =${stateData}`] };
  }
  const hr = HR.exec(message);
  if (hr) return hrStructure(message, hr, shownId);
  return codeStructure(message, shownId);
}

/** 8230's `AppId=…;…;LicenseState=…;…` (found from LicenseState= backwards: no pattern rescans a long line). */
function ruleEngineStateData(message: string): string | null {
  const state = message.indexOf('LicenseState=');
  if (state < 0) return null;
  const start = message.lastIndexOf('AppId=', state);
  if (start < 0 || state - start > 2000 || /\s/.test(message.slice(start, state))) return null;
  const end = message.slice(state).search(/\s/);
  return message.slice(start, end < 0 ? message.length : state + end);
}

function hrStructure(message: string, hr: RegExpExecArray, shownId: number | null): Structure | null {
  const code = `hr=${hr[1]}`;
  const rest = message.slice(hr.index + hr[0].length);
  const args = RULE_ARGUMENTS.exec(message);
  if (args && (shownId === null || shownId === 8198)) return { eventId: 8198, data: [code, args[0]] };
  const guid = GUID_IN_TEXT.exec(rest)?.[1];
  if (shownId === 8198 || shownId === 8200) return { eventId: shownId, data: [code] };
  if (shownId === 8208 || shownId === 1014) return { eventId: shownId, data: guid ? [code, guid] : [code] };
  if (shownId !== null) return null;
  // hr= alone belongs to 8198 (6.1), 8200, 8208 or 1014: without the id it is an activation failure of unknown id.
  return { eventId: UNSHOWN_FAILURE_ID, data: [code] };
}

function codeStructure(message: string, shownId: number | null): Structure | null {
  const code = FIRST_CODE.exec(message)?.[1];
  const appId = APP_ID.exec(message)?.[1];
  const skuId = SKU_ID.exec(message)?.[1];
  if (code && appId && skuId && (shownId === null || shownId === 8233)) {
    return { eventId: 8233, data: [code, appId, skuId, TRIGGER.exec(message.slice(message.search(SKU_ID)))?.[1] ?? ''] };
  }
  const domain = QUOTED_DOMAIN.exec(message)?.[1];
  if (shownId === 12294 && domain) return { eventId: 12294, data: [domain] };
  if (code && (shownId === 12293 || (shownId === null && domain && !INFO_LIST.test(message) && /[:：]\s*0x/i.test(message)))) {
    return { eventId: 12293, data: [code, domain ?? ''] };
  }
  if (!code && appId && (shownId === null || shownId === 12306 || shownId === 1040)) {
    const remaining = /-\s*(\d+)\s/.exec(message.slice(message.search(SKU_ID) + 1));
    if (shownId === 12306 || (shownId === null && remaining)) return { eventId: 12306, data: [appId, skuId ?? '(null)', remaining?.[1] ?? ''] };
    if (skuId) return { eventId: 1040, data: [appId, skuId] };
  }
  if (code && shownId !== null) return { eventId: shownId, data: [code] };
  return null;
}
