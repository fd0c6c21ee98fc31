/**
 * Command-line wiring only: options → library calls → output → exit code.
 */
import { accessSync, constants, createWriteStream, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { Command, CommanderError, Option } from 'commander';
import type { ScanProgress } from './pipeline/scan.js';
import { loadCatalog, type Catalog } from './catalog/catalog.js';
import type { Rule } from './engine/types.js';
import { formatForFile, formatsHelp, renderPieces, summaryLine, OUTPUT_FORMATS, ROW_KINDS, type OutputFormat, type RowKind } from './report/index.js';
import { OutputError, writeReportFile, writeReportStream } from './report/output.js';
import { terminalSafe } from './report/text.js';
import { RULES_DIR } from './data/paths.js';
import { DataFileError } from './data/errors.js';
import { parseTimeBound, type FactFilter } from './pipeline/filter.js';
import { exitCodeFor, FAIL_ON_LEVELS, type FailOn, type FiltersGiven } from './pipeline/exit-code.js';
import { TOOL_VERSION } from './data/version.js';
import type { Report } from './model/report.js';
import { DEFAULT_FILE_TIMEOUT_MS, MAX_TIMER_MS } from './input/budgets.js';
import { EVENT_OUTPUT_FORMATS, type EventOutputFormat } from './parsers/events/record-format.js';
import { currentLanguage, detectLanguage, isLanguage, LANGUAGE_CHOICES, localizeCatalog, localizeRules, setLanguage, t, type Language } from './i18n/index.js';
import { localizeCommanderMessage, localizedHelp } from './i18n/commander.js';
import type { Writable } from 'node:stream';

/** The run cannot do its job: bad usage, broken rules, no input. Exit 2. */
class UsageError extends Error {}

/** An option or argument the user got wrong: one line, then where to read how it goes. */
class BadArgument extends UsageError {}

const helpPointer = (): string => t('cli.helpPointer');

interface OutputOptions {
  lang?: Language;
  format: OutputFormat;
  rows: RowKind;
  /** Exit 1 when a machine's verdict is unknown (always on for check). */
  failOnUnknown?: boolean;
  output?: string;
  failOn: FailOn;
  strict?: boolean;
  quiet?: boolean;
  color?: boolean;
}

interface ScanCliOptions extends OutputOptions {
  rules?: string[];
  jobs?: string;
  machine?: string;
  only?: string[];
  since?: string;
  until?: string;
  maxFileSize?: string;
  maxTextSize?: string;
  fileTimeout?: string;
}

function langOption(command: Command): Command {
  return command.addOption(new Option('--lang <lang>', t('cli.option.lang')).choices([...LANGUAGE_CHOICES]));
}

function outputOptions(command: Command): Command {
  return langOption(command)
    .addOption(new Option('-f, --format <format>', t('cli.option.format')).choices([...OUTPUT_FORMATS]).default('text'))
    .addOption(new Option('--rows <kind>', t('cli.option.rows')).choices([...ROW_KINDS]).default('findings'))
    .option('-o, --output <file>', t('cli.option.output'))
    .addOption(
      new Option('--fail-on <level>', t('cli.option.failOn'))
        .choices([...FAIL_ON_LEVELS])
        .default('error'),
    )
    .option('--fail-on-unknown', t('cli.option.failOnUnknown'))
    .option('--strict', t('cli.option.strict'))
    .option('-q, --quiet', t('cli.option.quiet'))
    .option('--no-color', t('cli.option.noColor'))
    .addHelpText('after', `\n${t('cli.help.formats')}\n${formatsHelp()}\n`);
}

function scanInputOptions(command: Command): Command {
  return command
    .option('--rules <dir>', t('cli.option.rules'), collect, [])
    .option('-j, --jobs <n>', t('cli.option.jobs'))
    .option('--machine <name>', t('cli.option.machine'))
    .option('--only <pattern>', t('cli.option.only'), collect, [])
    .option('--since <when>', t('cli.option.since'))
    .option('--until <when>', t('cli.option.until'))
    .option('--max-file-size <mb>', t('cli.option.maxFileSize'), '4096')
    .option('--max-text-size <mb>', t('cli.option.maxTextSize'), '16')
    .option('--file-timeout <seconds>', t('cli.option.fileTimeout'), '120');
}

/** Help and commander's messages in the language in force: set it (main() does, from argv and the environment) before building. */
function buildProgram(): Command {
  const program = new Command('activation-doctor')
    .description(t('cli.description'))
    .version(TOOL_VERSION, '-V, --version', t('cli.option.version'))
    .helpOption('-h, --help', t('cli.option.help'))
    .helpCommand('help [command]', t('cli.command.help'))
    .configureHelp(localizedHelp())
    .configureOutput({ outputError: (text, write) => write(localizeCommanderMessage(text)) })
    .exitOverride()
    .showHelpAfterError(helpPointer());
  langOption(program);
  program.hook('preAction', (_, action) => {
    const lang = (action.opts() as { lang?: string }).lang ?? (program.opts() as { lang?: string }).lang;
    if (lang !== undefined && isLanguage(lang)) setLanguage(lang);
  });

  scanInputOptions(outputOptions(program.command('scan')))
    .description(t('cli.command.scan'))
    .argument('<paths...>', t('cli.argument.paths'))
    .action(async (paths: string[], options: ScanCliOptions, command: Command) => runScan(paths, withFormatOfOutput(options, command)));

  scanInputOptions(outputOptions(program.command('check')))
    .description(t('cli.command.check'))
    .requiredOption('--policy <file|name>', t('cli.option.policy'))
    .argument('<paths...>', t('cli.argument.evidence'))
    .action(async (paths: string[], options: ScanCliOptions & { policy: string }, command: Command) => runCheck(paths, withFormatOfOutput(options, command)));

  outputOptions(program.command('merge'))
    .description(t('cli.command.merge'))
    .option('--rules <dir>', t('cli.option.rules'), collect, [])
    .argument('<reports...>', t('cli.argument.reports'))
    .action(async (files: string[], options: ScanCliOptions, command: Command) => runMerge(files, withFormatOfOutput(options, command)));

  langOption(program.command('events'))
    .description(t('cli.command.events'))
    .argument('<paths...>', t('cli.argument.paths'))
    .option('--all', t('cli.option.allEvents'))
    .addOption(new Option('-f, --format <format>', t('note.help.eventsFormat')).choices([...EVENT_OUTPUT_FORMATS]).default('jsonl'))
    .option('-o, --output <file>', t('cli.option.eventsOutput'))
    .option('-q, --quiet', t('cli.option.eventsQuiet'))
    .action(async (paths: string[], options: EventsCliOptions) => runEvents(paths, options));

  langOption(program.command('explain'))
    .description(t('cli.command.explain'))
    .argument('[codes...]', t('cli.argument.codes'))
    .addOption(new Option('-f, --format <format>', t('note.help.explainFormat')).choices(['text', 'json']).default('text'))
    .option('--list', t('cli.option.list'))
    .action(async (codes: string[], options: { format: 'text' | 'json'; list?: boolean }) => {
      if (codes.length === 0 && !options.list) throw new BadArgument(t('cli.error.explainNoCode'));
      const { explain } = await import('./catalog/explain.js');
      const result = explain(codes, { format: options.format, list: options.list, catalog: localizeCatalog(loadCatalogOrFail(), currentLanguage()) });
      if (result.output) process.stdout.write(ensureNewline(result.output));
      if (result.errors) process.stderr.write(ensureNewline(result.errors));
      process.exitCode = result.exitCode;
    });

  const rules = program.command('rules').description(t('cli.command.rules'));
  langOption(rules.command('list'))
    .description(t('cli.command.rulesList'))
    .option('--rules <dir>', t('cli.option.rules'), collect, [])
    .action(async (options: { rules?: string[] }) => {
      const { listRules } = await import('./engine/docs.js');
      // Rule titles in the language in force; ids, severities and codes as they are.
      const loaded = await loadRulesOrFail(options.rules, loadCatalogOrFail());
      process.stdout.write(ensureNewline(listRules(localizeRules(loaded, currentLanguage()))));
    });
  langOption(rules.command('test'))
    .description(t('cli.command.rulesTest'))
    .argument('[dir]', t('cli.argument.ruleDir'))
    .action(async (dir: string | undefined) => {
      const { testRules } = await import('./engine/tester.js');
      const catalog = loadCatalogOrFail();
      const loaded = await loadRulesOrFail(undefined, catalog, dir ? [dir] : [RULES_DIR]);
      const result = testRules(loaded, catalog);
      process.stdout.write(ensureNewline(result.output));
      process.exitCode = result.failed > 0 ? 1 : 0;
    });
  return program;
}

/** `-o report.html` without `--format` writes html: the file name says which format. */
function withFormatOfOutput<T extends OutputOptions>(options: T, command: Command): T {
  if (!options.output || command.getOptionValueSource('format') !== 'default') return options;
  const format = formatForFile(options.output);
  return format ? { ...options, format } : options;
}

interface EventsCliOptions {
  all?: boolean;
  format: EventOutputFormat;
  output?: string;
  quiet?: boolean;
}

async function runEvents(paths: string[], options: EventsCliOptions): Promise<void> {
  assertWritable(options.output);
  const out: Writable = options.output ? createWriteStream(options.output) : process.stdout;
  let closed = false;
  let resume: (() => void) | null = null;
  const wake = (): void => {
    const waiting = resume;
    resume = null;
    waiting?.();
  };
  out.on('drain', wake);
  out.on('error', () => {
    closed = true; // a closed pipe (`| head`) ends the listing, not the process
    wake();
  });
  const write = (text: string): Promise<void> | void => {
    if (closed || out.write(text)) return;
    return new Promise((done) => {
      resume = done;
    });
  };
  const { listEvents } = await import('./pipeline/events.js');
  const result = await listEvents(paths, { all: Boolean(options.all), format: options.format, write });
  if (options.output) await new Promise<void>((done) => out.end(done));
  for (const arg of result.missing) process.stderr.write(`activation-doctor: ${t('cli.error.noSuchPath', { path: arg })}\n`);
  if (result.files.length === 0) throw new UsageError(t('cli.error.noInput'));
  if (!options.quiet) {
    for (const file of result.files) {
      for (const problem of file.problems) process.stderr.write(`activation-doctor: ${file.path}: ${problem.message}\n`);
    }
    const read = result.files.filter((file) => file.status === 'read' || file.status === 'partial').length;
    writeStderr(t('note.events.summary', { records: result.records, read, files: result.files.length }));
  }
  process.exitCode = 0;
}

async function runScan(paths: string[], options: ScanCliOptions): Promise<void> {
  const report = await scanForCli(paths, options);
  await emit(report, options);
}

async function runCheck(paths: string[], options: ScanCliOptions & { policy: string }): Promise<void> {
  const { applyPolicy, loadPolicy } = await import('./policy/index.js');
  let policy;
  try {
    policy = loadPolicy(options.policy);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  await emit(applyPolicy(policy, await scanForCli(paths, options)), { ...options, failOnUnknown: true });
}

async function runMerge(files: string[], options: ScanCliOptions): Promise<void> {
  const { mergeReports, readReportFile } = await import('./pipeline/merge.js');
  const catalog = loadCatalogOrFail();
  const rules = await loadRulesOrFail(options.rules, catalog);
  runInputs = files;
  const shards: Report[] = [];
  for (const file of files) {
    try {
      shards.push(readReportFile(file));
    } catch (error) {
      if (error instanceof DataFileError) throw new UsageError(error.message);
      throw error;
    }
  }
  assertOutputOptions(options);
  await emit(mergeReports(shards, rules, catalog), options);
}

async function scanForCli(paths: string[], options: ScanCliOptions): Promise<Report> {
  runInputs = paths;
  assertOutputOptions(options);
  const catalog = loadCatalogOrFail();
  const rules = await loadRulesOrFail(options.rules, catalog);
  const { scan } = await import('./pipeline/scan.js');
  const { ProgressBar } = await import('./pipeline/progress.js');
  const progress = !options.quiet && process.stderr.isTTY ? new ProgressBar(process.stderr) : null;
  const { report, missing } = await scan(paths, {
    rules,
    catalog,
    jobs: positiveInt(options.jobs, '--jobs') ?? availableParallelism(),
    machineName: options.machine,
    filter: buildFilter(options),
    maxFileBytes: mebibytes(options.maxFileSize, '--max-file-size'),
    maxTextBytes: mebibytes(options.maxTextSize, '--max-text-size'),
    fileTimeoutMs: fileTimeoutMs(options.fileTimeout),
    onProgress: progress ? (state: ScanProgress) => progress.update(state) : undefined,
  });
  progress?.finish();
  if (report.files.length === 0) throw new UsageError(missing.map(describeMissing).join('; ') || t('cli.error.noInput'));
  for (const arg of missing) writeStderr(`activation-doctor: ${describeMissing(arg)}`);
  return report;
}

/** Why a path argument gave no file: an empty folder is not a typo. */
function describeMissing(arg: string): string {
  try {
    if (statSync(arg).isDirectory()) return t('cli.error.emptyFolder', { path: arg });
  } catch {
    // not there at all
  }
  return t('cli.error.noSuchPath', { path: arg });
}

/** Fail before a long scan, not after it, when the report cannot be written as asked. */
function assertOutputOptions(options: OutputOptions): void {
  if (options.rows === 'machines' && options.format !== 'csv' && options.format !== 'jsonl') {
    throw new BadArgument(t('cli.error.rowsFormat', { format: options.format }));
  }
  assertWritable(options.output);
}

function assertWritable(output: string | undefined): void {
  if (!output) return;
  if (isFolder(output)) throw new UsageError(t('cli.error.outputIsFolder', { output, example: join(output, 'report.json') }));
  const folder = dirname(resolve(output));
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw new BadArgument(t('cli.error.outputFolder', { output, folder }));
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function buildFilter(options: ScanCliOptions): FactFilter {
  const bound = (value: string | undefined, flag: string): string | undefined => {
    if (value === undefined) return undefined;
    const parsed = parseTimeBound(value);
    if (!parsed && /^\s*\d+\s*[dhm]\s*$/i.test(value)) throw new BadArgument(t('cli.error.timeTooFar', { flag, value }));
    if (!parsed) throw new BadArgument(t('cli.error.timeBound', { flag, value }));
    return parsed;
  };
  return { since: bound(options.since, '--since'), until: bound(options.until, '--until'), machines: options.only };
}

async function emit(report: Report, options: OutputOptions): Promise<void> {
  const color = options.color !== false && !options.output && options.format === 'text' && isColorTerminal();
  const lang = currentLanguage();
  const ruleTitles = new Map(localizeRules(rulesCache ?? [], lang).map((rule) => [rule.id, rule.title]));
  const renderOptions = {
    color,
    catalog: localizeCatalog(loadCatalogOrFail(), lang),
    ruleTitles,
    lang,
    failOn: options.failOn,
    failOnUnknown: options.failOnUnknown,
    rows: options.rows,
    generatedAt: reportTime(),
    inputs: runInputs,
    command: commandWithoutOutputOptions(process.argv.slice(2)),
  };
  const { code, reason } = exitCodeFor(report, options.failOn, Boolean(options.strict), Boolean(options.failOnUnknown), filtersGiven(options));
  process.exitCode = code;
  const pieces = renderPieces(report, options.format, renderOptions);
  try {
    if (options.output) await writeReportFile(options.output, pieces);
    else await writeReportStream(process.stdout, pieces);
  } catch (error) {
    if (error instanceof OutputError) throw new UsageError(error.message);
    throw error;
  }
  if (!options.quiet) writeStderr(summaryLine(report));
  // --quiet keeps errors: a run that could not do its job (exit 2) always says why
  if (reason && (!options.quiet || code === 2)) writeStderr(`activation-doctor: ${reason}`);
  const unknown = report.summary.machinesByVerdict.unknown;
  if (code === 0 && unknown > 0 && !options.quiet) {
    writeStderr(`activation-doctor: ${t('cli.unknownMachines', { count: unknown })}`);
  }
}

function filtersGiven(options: OutputOptions & Partial<ScanCliOptions>): FiltersGiven {
  return { only: (options.only ?? []).length > 0, since: options.since, until: options.until };
}

/** Paths and names in messages come from the evidence: no escape sequence reaches the terminal. */
function writeStderr(line: string): void {
  process.stderr.write(`${terminalSafe(line)}\n`);
}

function isColorTerminal(): boolean {
  return Boolean(process.stdout.isTTY) && !('NO_COLOR' in process.env && process.env.NO_COLOR !== '');
}

let catalogCache: Catalog | undefined;
function loadCatalogOrFail(): Catalog {
  try {
    catalogCache ??= loadCatalog();
    return catalogCache;
  } catch (error) {
    if (error instanceof DataFileError) throw new UsageError(error.message);
    throw error;
  }
}

/** The rules the run loaded, for rule metadata in reports. */
let rulesCache: Rule[] | undefined;

async function loadRulesOrFail(extraDirs: string[] | undefined, catalog: Catalog, baseDirs: string[] = [RULES_DIR]): Promise<Rule[]> {
  const { loadRules } = await import('./engine/load.js');
  try {
    rulesCache = loadRules([...baseDirs, ...(extraDirs ?? [])], catalog);
    return rulesCache;
  } catch (error) {
    if (error instanceof DataFileError) throw new UsageError(error.message);
    throw error;
  }
}

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new BadArgument(t('cli.error.positiveInt', { flag, value }));
  return parsed;
}

/** Seconds to milliseconds; 0, and anything longer than a timer can wait (24.8 days), is no limit. */
function fileTimeoutMs(value: string | undefined): number {
  if (value === undefined) return DEFAULT_FILE_TIMEOUT_MS;
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds < 0) {
    throw new UsageError(t('cli.error.fileTimeout', { value }));
  }
  const ms = seconds * 1000;
  return seconds === 0 || ms > MAX_TIMER_MS ? Infinity : Math.max(1, ms);
}

function mebibytes(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new BadArgument(t('cli.error.mebibytes', { flag, value }));
  return Math.floor(parsed * 1024 * 1024);
}

/** Repeatable options: `--only PC* --only SRV*` (a variadic option would swallow the paths after it). */
function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Output ends with a newline, so a summary on stderr never lands on its last line; nothing stays nothing. */
function ensureNewline(text: string): string {
  return text === '' || text.endsWith('\n') ? text : `${text}\n`;
}

/** `--lang X` or `--lang=X` anywhere in argv, so that help and usage errors are in that language too. */
function languageFromArgv(argv: readonly string[]): Language | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = arg === '--lang' ? argv[i + 1] : arg.startsWith('--lang=') ? arg.slice('--lang='.length) : undefined;
    if (value !== undefined && isLanguage(value)) return value;
  }
  return undefined;
}

/** When the report was made: now, or SOURCE_DATE_EPOCH (seconds) for reproducible output. */
function reportTime(): string {
  const epoch = Number(process.env.SOURCE_DATE_EPOCH);
  return (process.env.SOURCE_DATE_EPOCH && Number.isFinite(epoch) ? new Date(epoch * 1000) : new Date()).toISOString();
}

const OUTPUT_OPTIONS_WITH_VALUE = new Set(['-f', '--format', '-o', '--output', '--rows']);

/** The arguments as given, less where and how to write the report: the command that makes the same report in another format. */
function commandWithoutOutputOptions(args: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (OUTPUT_OPTIONS_WITH_VALUE.has(arg)) i++;
    else if (!/^(?:--format|--output|--rows)=/.test(arg) && !/^-[fo]\S/.test(arg) && arg !== '-q' && arg !== '--quiet') kept.push(arg);
  }
  return kept;
}

/** The paths the command was given, for report headers. */
let runInputs: string[] = [];

export async function main(argv: string[]): Promise<number> {
  setLanguage(languageFromArgv(argv) ?? detectLanguage());
  try {
    // inside the try: building the help text reads the message files, and a broken one is a DataFileError like any data file
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and --version end with code 0; usage errors were already printed by commander
      return error.exitCode === 0 ? 0 : 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    writeStderr(`activation-doctor: ${message}`);
    if (error instanceof BadArgument) process.stderr.write(`${helpPointer()}\n`);
    if (!(error instanceof UsageError) && error instanceof Error && process.env.ACTIVATION_DOCTOR_DEBUG) {
      process.stderr.write(`${error.stack}\n`);
    }
    return 2;
  }
}
