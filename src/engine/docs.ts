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

function table(title: string, entries: Record<string, string>): string {
  return [`| ${title} | meaning |`, '|---|---|', ...Object.entries(entries).map(([name, text]) => `| \`${name}\` | ${escapeCell(text)} |`)].join('\n');
}

/** The rule language (docs/rules.md only: a reference for rule authors, in English). */
function ruleLanguage(): string[] {
  const fieldRows = FACT_KINDS.map((kind) => `| \`${kind}\` | ${FIELDS_BY_KIND[kind].map((f) => `\`${f}\``).join(', ')} |`);
  return [
    '## A rule',
    '',
    '```yaml',
    'id: kms-host-not-usable            # kebab-case, unique across all rule directories',
    'title: The KMS host cannot activate this product',
    'severity: error                    # error | warning | info',
    'kinds: [activation-error, kms-request, kms-response]   # fact kinds it reads',
    'where: { hresult: 0xC004F042 }     # conditions (below)',
    'code: 0xC004F042                   # catalog entry; or codeFrom: hresult',
    'recoverable: true                  # a later success closes it',
    'messages:                          # templates; missing ones come from the catalog entry',
    '  title: The KMS host[[ {{kmsHost}}]] cannot activate this product ({{code}})',
    '  cause: The host key does not cover this product. {{seen}}',
    '  runOnMachines: \'{{kmsHost}}\'         # a command meant for other machines (Finding.runOn), never nextCommand',
    '  runOnCommand: cscript slmgr.vbs /dlv',
    'tests:                             # run by `activation-doctor rules test`',
    '  valid:',
    '    - name: success',
    "      facts: [{ kind: kms-request, time: '2026-10-02T08:00:00Z', hresult: '0x00000000' }]",
    '  invalid:',
    '    - name: 12288 with 0xC004F042',
    "      facts: [{ kind: kms-request, time: '2026-10-02T08:00:00Z', hresult: '0xC004F042', kmsHost: kms01 }]",
    "      findings: [{ code: '0xC004F042', severity: error, titleIncludes: kms01 }]",
    '```',
    '',
    'A file holds one rule or a list of rules. Test facts name only the fields that matter (the tester fills `machine: PC01`, `time: null` and a source); expected findings may give `machine` (null for a fleet finding), `code`, `severity`, `recovered`, `titleIncludes`, `causeIncludes`, `resolutionIncludes`, `nextCommand` and `runOnCommand` (exact commands, null for none), and must account for every finding the rule produces. Rules with a command carry a case with Windows evidence and one with Office evidence (ospp output, the Office application id or the OSPP provider).',
    '',
    '## How a rule is evaluated',
    '',
    '1. Facts of the `kinds` the rule reads are taken from each machine (`scope: machine`) or from the whole fleet (`scope: fleet`).',
    '2. `join` attaches another fact of the same machine to each one, under an alias (`before`, `after`, `nearest` or `any` in time, optionally `withinMinutes`, `sameFields` that must agree, `undated: true` to allow facts without a time).',
    '3. `where` keeps the facts whose conditions hold.',
    '4. Facts are grouped by `groupBy` (the first non-null of the fields listed). Machine rules without `groupBy` group by the code (`codeFrom`), so one finding per machine and code.',
    '5. Each group gets built-in aggregates and the rule\'s own `aggregate`s; `having` keeps the groups whose aggregates hold.',
    '6. Fleet rules with `overall` produce one finding for the groups that passed, if `overall` holds over their union; otherwise one finding per group. `subject` (fleet rules) narrows the facts a finding is about (its evidence, machines and attachments) while the aggregates still see the whole group. `attachToMachines: true` also gives each machine the finding, with its own evidence.',
    '7. `recoverable: true` (or a custom `recoveredBy`): when a success is newer than the newest evidence (same product when both name an activation ID), the finding is kept as `info` with `recovered: true` and does not count toward the verdict.',
    '8. One explanation per code and machine: a `fallback: true` finding is dropped when a non-fallback rule explains the same code on the same machine, and `supersedes: [rule ids]` drops those rules\' findings with the same code. The finding that stays takes over their evidence.',
    '',
    '## Verdicts',
    '',
    'Each machine is `failing` when it has an open (not recovered) error finding, `warning` when its worst open finding is a warning, `ok` when its evidence shows the license state, and `unknown` otherwise (src/pipeline/assemble.ts decides, for every command and format). A failure followed by a success is kept as a recovered information note, so the newest state wins. Fleet rules with `attachToMachines` count toward the verdict of each machine involved.',
    '',
    'The finding\'s title, cause, resolution and next command come from `messages` (templates with `{{placeholders}}`), else from the catalog entry of its code (`nextCommand`: the first resolution step with a command). Commands follow the product: slmgr commands become ospp.vbs commands for Office evidence, and an evaluation edition gets the evaluation advice instead of KMS or MAK activation. Findings are ordered open before recovered, by severity, then newest first; evidence is deduplicated and capped at 20 (`moreEvidence` counts the rest).',
    '',
    '## Conditions',
    '',
    'A condition mapping holds `field|transform|operator: value` pairs, all of which must hold, plus `all: [...]`, `any: [...]` and `not: {...}`. A value `$field` reads another field of the same fact (or group): `currentCount|lt: $request.minimumCount`. HRESULT values may be written unquoted (`0xC004F074`). Every operator except `exists` is false on a missing value.',
    '',
    table('operator', OPERATORS),
    '',
    `Transforms: ${TRANSFORMS.map((t) => `\`${t}\``).join(', ')} (\`shortname\`: host name without domain or port, upper case; \`len\`: length of a list or string).`,
    '',
    table('computed field', COMPUTED_FIELDS),
    '',
    table('group aggregate', { ...GROUP_BUILTINS, ...OVERALL_BUILTINS }),
    '',
    'Own aggregates: `name: { max | min | sum | distinct | values: field or [fields] }` (`distinct` counts, `values` lists up to 10 for templates) or `name: { count | rate: conditions }`.',
    '',
    table('template placeholder', TEMPLATE_SPECIALS),
    '',
    'Besides these, a placeholder names an aggregate, a field of the newest evidence fact, or a field of a joined fact (`{{minimumCount}}` finds `request.minimumCount`). A part written `[[ … ]]` is optional: it is dropped when one of its placeholders has no value (`The KMS host[[ {{kmsHost}}]] did not answer`).',
    '',
    '## Fact fields',
    '',
    '| kind | fields |',
    '|---|---|',
    ...fieldRows,
    '',
  ];
}

/** docs/rules.md (English, with the rule language) or docs/i18n/rules.<lang>.md, from the rule metadata; deterministic. */
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
      ...(lang === 'en' ? ruleLanguage() : [...t('docs.rules.referenceInEnglish').split('\n'), '']),
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
