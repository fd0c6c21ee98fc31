/**
 * Commander's own words (help headings, "(default: …)", usage errors) in the
 * language in force. Commander has no message catalog, so its few fixed
 * phrases are matched here and rebuilt from our messages.
 */
import { Help, type Argument, type HelpConfiguration, type Option } from 'commander';
import { t, withLabel } from './index.js';

const TITLES: Record<string, string> = {
  'Usage:': 'cli.help.usage',
  'Options:': 'cli.help.options',
  'Commands:': 'cli.help.commands',
  'Arguments:': 'cli.help.arguments',
  'Global Options:': 'cli.help.globalOptions',
};

const HELP_WORDS: Record<string, string> = { choices: 'cli.help.choices', default: 'cli.help.default', preset: 'cli.help.preset', env: 'cli.help.env' };

/** `(choices: "a", "b", default: "x")` → the same in the language in force. */
function localizeExtras(text: string): string {
  return text
    .replace(/\((choices|default|preset|env): /g, (_, word: string) => `(${withLabel(t(HELP_WORDS[word]!), '')}`)
    .replace(/, (choices|default|preset|env): /g, (_, word: string) => `${t('punctuation.listSeparator')}${withLabel(t(HELP_WORDS[word]!), '')}`);
}

export function localizedHelp(): HelpConfiguration {
  return {
    styleTitle: (title: string) => (TITLES[title] ? t(TITLES[title]!) : title),
    optionDescription: (option: Option) => localizeExtras(Help.prototype.optionDescription.call(new Help(), option)),
    argumentDescription: (argument: Argument) => localizeExtras(Help.prototype.argumentDescription.call(new Help(), argument)),
  };
}

const ERRORS: [RegExp, string][] = [
  [/^error: unknown option '([^']*)'(?:\n?\(Did you mean (.*)\?\))?/, 'cli.commander.unknownOption'],
  [/^error: unknown command '([^']*)'(?:\n?\(Did you mean (.*)\?\))?/, 'cli.commander.unknownCommand'],
  [/^error: missing required argument '([^']*)'/, 'cli.commander.missingArgument'],
  [/^error: option '([^']*)' argument missing/, 'cli.commander.optionArgumentMissing'],
  [/^error: required option '([^']*)' not specified/, 'cli.commander.requiredOption'],
  [/^error: option '([^']*)' argument '([^']*)' is invalid\. Allowed choices are (.*)\./, 'cli.commander.invalidChoice'],
  [/^error: too many arguments(?: for '([^']*)')?\. Expected (\d+) arguments? but got (\d+)\./, 'cli.commander.tooManyArguments'],
];

/** One of commander's error lines in the language in force; anything else as it is. */
export function localizeCommanderMessage(text: string): string {
  for (const [pattern, id] of ERRORS) {
    const match = pattern.exec(text);
    if (!match) continue;
    const [, a = '', b = '', c = ''] = match;
    const message = t(id, { a, b, c });
    const suggestion = id.startsWith('cli.commander.unknown') && b ? `\n${t('cli.commander.didYouMean', { b })}` : '';
    return `${message}${suggestion}${text.slice(match[0].length)}`;
  }
  return text;
}
