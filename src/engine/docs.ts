/**
 * Text about rules: `activation-doctor rules list`, docs/rules.md and its
 * translations docs/i18n/rules.<lang>.md (rule titles and messages from
 * messages/<lang>/rules.yaml, headings and labels from messages/<lang>/authoring.yaml).
 */
import { loadYamlPackage } from '../data/lazy.js';
import { localizeRules, t, withLanguage, type Language } from '../i18n/index.js';
import { displayWidth, padToWidth } from '../i18n/width.js';
import { TRANSLATED_RULE_MESSAGES } from '../i18n/localize.js';
import { FACT_KINDS } from '../model/facts.js';
import { GROUP_BUILTINS, OVERALL_BUILTINS } from './compile.js';
import { OPERATORS } from './conditions.js';
import { COMPUTED_FIELDS, FIELDS_BY_KIND, TRANSFORMS } from './fields.js';
import { TEMPLATE_SPECIALS } from './render.js';
import type { Rule, RuleSource } from './types.js';

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

function sortedRules(rules: Rule[]): Rule[] {
  return [...rules].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Where a finding's code comes from: `from hresult, else 0xC004F074`, in the language in force. */
function codeLabel(rule: Rule): string {
  const fields = rule.codeFrom.map((f) => f.text).join(', ');
  if (fields && rule.code) return t('docs.rules.codeFromElse', { fields, code: rule.code });
  if (fields) return t('docs.rules.codeFrom', { fields });
  return rule.code || '-';
}

const severityWord = (rule: Rule): string => t(`docs.rules.severity.${rule.severity}`);
const scopeWord = (rule: Rule): string => t(`docs.rules.scope.${rule.scope}`);

/** `rules list`: one line per rule, errors first; pass rules localized (localizeRules) for their titles. */
export function listRules(rules: Rule[]): string {
  const rows = sortedRules(rules).map((rule) => [rule.id, severityWord(rule), scopeWord(rule), codeLabel(rule), rule.title]);
  const header = ['id', 'severity', 'scope', 'code', 'title'].map((column) => t(`docs.rules.listColumn.${column}`));
  const widths = header.map((_, column) => Math.max(displayWidth(header[column]!), ...rows.map((row) => displayWidth(row[column]!))));
  const format = (row: string[]) => row.map((cell, column) => (column === row.length - 1 ? cell : padToWidth(cell, widths[column]!))).join('  ');
  return [format(header), ...rows.map(format), '', t('docs.rules.count', { count: rules.length })].join('\n');
}

const escapeCell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

const LOGIC_KEYS: readonly (keyof RuleSource)[] = ['join', 'where', 'groupBy', 'aggregate', 'having', 'overall', 'subject', 'code', 'codeFrom', 'fallback', 'supersedes', 'recoverable', 'recoveredBy', 'attachToMachines', 'messages'];

/** The rule's messages in the language of the page (English ones are in its YAML already). */
function translatedMessages(rule: Rule, lang: Language): string[] {
  if (lang === 'en') return [];
  const lines = TRANSLATED_RULE_MESSAGES.filter((key) => rule.messages[key] !== undefined).map(
    (key) => `- ${t(`docs.rules.message.${key}`)} ${escapeCell(rule.messages[key]!)}`,
  );
  return lines.length ? [t('docs.rules.messagesHeading'), '', ...lines, ''] : [];
}

function ruleSection(rule: Rule, lang: Language): string {
  const logic: Record<string, unknown> = {};
  for (const key of LOGIC_KEYS) if (rule.definition[key] !== undefined) logic[key] = rule.definition[key];
  return [
    `### ${rule.id}`,
    '',
    t('docs.rules.summaryLine', { title: rule.title, severity: severityWord(rule), scope: scopeWord(rule), kinds: rule.kinds.join(', '), code: codeLabel(rule) }),
    '',
    ...(rule.description ? [rule.description.trim(), ''] : []),
    ...translatedMessages(rule, lang),
    '```yaml',
    loadYamlPackage().stringify(logic, { lineWidth: 0 }).trimEnd(),
    '```',
    '',
    t('docs.rules.tests', { valid: rule.tests.valid.length, invalid: rule.tests.invalid.length }),
    '',
  ].join('\n');
}

/** A two-column table of names and what they mean, in the language in force (`docs.rules.<family>.<name>`). */
function table(title: string, family: string, names: readonly string[]): string {
  const ref = (id: string) => t(`docs.rules.reference.${id}`);
  return [`| ${ref(title)} | ${ref('meaning')} |`, '|---|---|', ...names.map((name) => `| \`${name}\` | ${escapeCell(t(`docs.rules.${family}.${name}`))} |`)].join('\n');
}

const code = (text: string): string => `\`${text}\``;

/** The rule language: how to write a rule, for rule authors (docs/rules.md and its translations). */
function ruleLanguage(): string[] {
  const ref = (id: string, values = {}) => t(`docs.rules.reference.${id}`, values);
  const fieldRows = FACT_KINDS.map((kind) => `| ${code(kind)} | ${FIELDS_BY_KIND[kind].map(code).join(', ')} |`);
  const comment = (id: string) => t(`docs.rules.exampleComment.${id}`);
  const steps = ['step1', 'step2', 'step3', 'step4', 'step5', 'step6', 'step7', 'step8'].map((step, index) => `${index + 1}. ${ref(step)}`);
  return [
    `## ${ref('aRule')}`,
    '',
    '```yaml',
    `id: kms-host-not-usable            # ${comment('id')}`,
    'title: The KMS host cannot activate this product',
    'severity: error                    # error | warning | info',
    `kinds: [activation-error, kms-request, kms-response]   # ${comment('kinds')}`,
    `where: { hresult: 0xC004F042 }     # ${comment('where')}`,
    `code: 0xC004F042                   # ${comment('code')}`,
    `recoverable: true                  # ${comment('recoverable')}`,
    `messages:                          # ${comment('messages')}`,
    '  title: The KMS host[[ {{kmsHost}}]] cannot activate this product ({{code}})',
    '  cause: The host key does not cover this product. {{seen}}',
    `  runOnMachines: '{{kmsHost}}'         # ${comment('runOn')}`,
    '  runOnCommand: cscript slmgr.vbs /dlv',
    `tests:                             # ${comment('tests')}`,
    '  valid:',
    '    - name: success',
    "      facts: [{ kind: kms-request, time: '2026-10-02T08:00:00Z', hresult: '0x00000000' }]",
    '  invalid:',
    '    - name: 12288 with 0xC004F042',
    "      facts: [{ kind: kms-request, time: '2026-10-02T08:00:00Z', hresult: '0xC004F042', kmsHost: kms01 }]",
    "      findings: [{ code: '0xC004F042', severity: error, titleIncludes: kms01 }]",
    '```',
    '',
    ref('aFile'),
    '',
    `## ${ref('evaluated')}`,
    '',
    ...steps,
    '',
    `## ${ref('verdicts')}`,
    '',
    ref('verdictsText'),
    '',
    ref('findingText', { placeholders: code('{{placeholders}}') }),
    '',
    `## ${ref('conditions')}`,
    '',
    ref('conditionsText', { not: code('not: {...}') }),
    '',
    table('operator', 'operator', OPERATORS),
    '',
    ref('transforms', { transforms: TRANSFORMS.map(code).join(', ') }),
    '',
    table('computedField', 'computed', COMPUTED_FIELDS),
    '',
    table('groupAggregate', 'aggregate', [...GROUP_BUILTINS, ...OVERALL_BUILTINS]),
    '',
    ref('ownAggregates', { valueAggregate: code('name: { max | min | sum | distinct | values: field or [fields] }'), countAggregate: code('name: { count | rate: conditions }') }),
    '',
    table('templatePlaceholder', 'placeholder', TEMPLATE_SPECIALS),
    '',
    ref('placeholdersText', { minimumCount: code('{{minimumCount}}'), example: code('The KMS host[[ {{kmsHost}}]] did not answer') }),
    '',
    `## ${ref('factFields')}`,
    '',
    `| ${ref('kind')} | ${ref('fields')} |`,
    '|---|---|',
    ...fieldRows,
    '',
  ];
}

/** docs/rules.md (English) or docs/i18n/rules.<lang>.md: the rule language and every rule, from the rule metadata and the messages; deterministic. */
export function renderRulesDoc(rules: Rule[], lang: Language = 'en'): string {
  return withLanguage(lang, () => {
    const sorted = sortedRules(localizeRules(rules, lang));
    const source = lang === 'en' ? 'rules/*.yaml' : `rules/*.yaml and messages/${lang}/rules.yaml`;
    const columns = ['id', 'severity', 'scope', 'code', 'title'].map((column) => t(`docs.rules.column.${column}`));
    return [
      `# ${t('docs.rules.heading')}`,
      '',
      `<!-- Generated by renderRulesDoc() in src/engine/docs.ts from ${source}. Do not edit by hand. -->`,
      '',
      ...t('docs.rules.intro').split('\n'),
      '',
      ...(lang === 'en' ? [] : [...t('docs.rules.descriptionsInEnglish').split('\n'), '']),
      ...ruleLanguage(),
      `## ${t('docs.rules.rulesHeading')}`,
      '',
      `| ${columns.join(' | ')} |`,
      '|---|---|---|---|---|',
      ...sorted.map((rule) => `| [${rule.id}](#${rule.id}) | ${severityWord(rule)} | ${scopeWord(rule)} | ${escapeCell(codeLabel(rule))} | ${escapeCell(rule.title)} |`),
      '',
      ...sorted.map((rule) => ruleSection(rule, lang)),
    ].join('\n');
  });
}
