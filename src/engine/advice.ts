/**
 * Product-aware advice: a suggested command must be right for the product the
 * evidence is about. Office is managed with ospp.vbs, not slmgr; an evaluation
 * edition cannot be activated through KMS or with a MAK.
 */
import type { Fact } from '../model/facts.js';
import { currentLanguage, t, type Language } from '../i18n/index.js';

const OFFICE_APPLICATION_ID = '0ff1ce15-a989-479d-af46-f275c6370663';

/** Office's evidence: ospp output, the Office application id, the OSPP event provider. */
export function isOfficeFact(fact: Fact): boolean {
  if (fact.provider && /office/i.test(fact.provider)) return true;
  const applicationId = 'applicationId' in fact ? fact.applicationId : null;
  if (typeof applicationId === 'string' && applicationId.toLowerCase() === OFFICE_APPLICATION_ID) return true;
  if (fact.kind === 'license') return fact.origin === 'ospp' || /\boffice\b/i.test(fact.product ?? fact.description ?? '');
  if (fact.kind === 'activation-error') return /^ospp\b/i.test(fact.context);
  return false;
}

/** A time-based evaluation edition (`TIMEBASED_EVAL`, `Retail:TB:Eval`, "Evaluation" in the name). */
export function isEvaluationFact(fact: Fact): boolean {
  if (fact.kind !== 'license') return false;
  return /EVAL/i.test(fact.channel ?? '') || /eval/i.test(fact.keyChannel ?? '') || /\bevaluation\b/i.test(`${fact.product ?? ''} ${fact.description ?? ''}`);
}

const OSPP_REARM = '"%ProgramFiles%\\Common Files\\Microsoft Shared\\OfficeSoftwareProtectionPlatform\\OSPPREARM.EXE"';

/** One slmgr option as ospp.vbs writes it; null when ospp has none (the command stays as it is). */
function osppOption(option: string, argument: string | undefined): string | null {
  switch (option.toLowerCase()) {
    case 'ato':
      return '/act';
    case 'dlv':
    case 'dli':
    case 'xpr':
      return '/dstatus';
    case 'ckms':
      return '/remhst';
    case 'skms': {
      if (!argument) return '/sethst';
      const [, host, port] = /^(.+?)(?::(\d+))?$/.exec(argument) ?? [];
      return port ? `/sethst:${host} /setprt:${port}` : `/sethst:${host}`;
    }
    case 'skms-domain':
      return argument ? `/skms-domain:${argument}` : '/skms-domain';
    case 'ipk':
      return argument ? `/inpkey:${argument}` : '/inpkey';
    default:
      return null;
  }
}

/**
 * An option and the word after it. In Chinese or Japanese prose the words after `slmgr /skms-domain `
 * are never its argument (no CJK in the class); in any prose see PROSE_ARGUMENT.
 */
const SLMGR_COMMAND =
  /(cscript\s+(?:\/\/nologo\s+)?)?(?:%windir%\\system32\\)?slmgr(?:\.vbs)?\s+\/([a-z][\w-]*)(?:([ :])(<[^>]+>|[^\s;,)<\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]+))?/gi;

/**
 * In prose the word after an option is an argument only when it looks like one (a <placeholder>, a
 * host or domain with a dot, host:port, a product key); otherwise it is the sentence going on
 * ("slmgr /ato or by phone", German "slmgr /ipk den …") and must stay.
 */
const PROSE_ARGUMENT = /^(?:<[^>]+>|[\w-]+(?:\.[\w-]+)+(?::\d+)?|[\w-]+:\d+|[A-Z0-9]{5}(?:-[A-Z0-9]{5}){4})$/i;

/**
 * slmgr commands rewritten for Office: `cscript slmgr.vbs /ato` → `cscript ospp.vbs /act`,
 * `/skms host:1688` → `/sethst:host /setprt:1688`, `/rearm` → OSPPREARM.EXE, `slui 4` (phone
 * activation) → `/dinstid`, `slui 0x2a CODE` → `/ddescr:CODE`. In prose
 * (`command: false`) the same words without `cscript`.
 */
export function forOffice(text: string, command: boolean): string {
  return text
    .replace(/\bslui(?:\.exe)? 4\b/gi, command ? 'cscript ospp.vbs /dinstid' : t('advice.phoneInstallationId', { command: 'ospp.vbs /dinstid' }))
    .replace(/\bslui(?:\.exe)? 0x2a (0x[0-9A-F]{8})\b/gi, (_, code: string) => `${command ? 'cscript ' : ''}ospp.vbs /ddescr:${code}`)
    .replace(SLMGR_COMMAND, (whole, cscript: string | undefined, option: string, separator: string | undefined, word: string | undefined) => {
    // a sentence's closing period or colon is not part of the argument (`mit slmgr /skms host:1688.`)
    const written = command ? word : word?.replace(/[.:]+$/, '');
    const argument = written !== undefined && (command || PROSE_ARGUMENT.test(written)) ? written : undefined;
    const rest = word === undefined ? '' : argument === undefined ? `${separator ?? ''}${word}` : word.slice(argument.length);
    if (option.toLowerCase() === 'rearm') return (command ? OSPP_REARM : 'OSPPREARM.EXE') + rest;
    const ospp = osppOption(option, argument);
    if (ospp === null) return whole;
    if (command && ospp.includes(' /setprt:')) {
      const [sethst, setprt] = ospp.split(' ');
      return `cscript ospp.vbs ${sethst} && cscript ospp.vbs ${setprt}`;
    }
    return `${cscript || command ? 'cscript ' : ''}ospp.vbs ${ospp.replace(' /setprt:', `${t('punctuation.and')}/setprt:`)}${rest}`;
  });
}

/**
 * Sentences about the KMS host itself (a Windows machine, managed with slmgr), by language: an Office
 * client's advice keeps their commands as they are.
 */
const HOST_SENTENCE: Record<Language, RegExp> = {
  en: /\b(on|of) the (KMS )?host\b|host itself/i,
  qps: /\b(on|of) the (KMS )?host\b|host itself/i,
  de: /\b(auf|an) dem (KMS-)?Host\b|\bHost selbst\b/i,
  ru: /на узле|сам узел/i,
  'zh-CN': /在 ?(KMS ?)?主机上|主机本身/,
  'zh-TW': /在 ?(KMS ?)?主機上|主機本身/,
  ja: /ホスト自体|ホストで|ホストのカウント/,
};

/** Office advice in prose, except what is to be done on the KMS host; sentences end with . ; , : or 。；. */
export function forOfficeProse(text: string): string {
  const host = HOST_SENTENCE[currentLanguage()];
  return text
    .split(/((?<=[.;,:])\s+|(?<=[。；]))/)
    .map((piece, i) => (i % 2 === 1 || host.test(piece) ? piece : forOffice(piece, false)))
    .join('');
}

/** What an evaluation edition needs instead of KMS or MAK advice, in the language in force. */
export function evaluationResolution(): string {
  return t('advice.evaluation', { activate: 'slmgr /ato', convert: 'DISM /Online /Set-Edition:<edition> /ProductKey:<key> /AcceptEula' });
}
export const EVALUATION_COMMAND = 'DISM /Online /Get-TargetEditions';

/** Advice that would send an evaluation edition to KMS or MAK activation. */
export function mentionsVolumeActivation(resolution: string, nextCommand: string | null): boolean {
  return /\bKMS\b|\bMAK\b|\/ato\b|\/ipk\b|\/skms\b/i.test(`${resolution} ${nextCommand ?? ''}`);
}
