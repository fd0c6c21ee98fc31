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
import type { Writable } from 'node:stream';

/** The run cannot do its job: bad usage, broken rules, no input. Exit 2. */
class UsageError extends Error {}

/** An option or argument the user got wrong: one line, then where to read how it goes. */
class BadArgument extends UsageError {}

const HELP_POINTER = "Run 'activation-doctor --help' (or 'activation-doctor <command> --help') for usage.";

interface OutputOptions {
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

function outputOptions(command: Command): Command {
  return command
    .addOption(new Option('-f, --format <format>', 'output format (see the list below; default: text, or what the -o file name ends with)').choices([...OUTPUT_FORMATS]).default('text'))
    .addOption(new Option('--rows <kind>', 'csv and jsonl: a row per finding, or per machine (the fleet inventory)').choices([...ROW_KINDS]).default('findings'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .addOption(
      new Option('--fail-on <level>', 'exit 1 when a finding at or above this severity is open')
        .choices([...FAIL_ON_LEVELS])
        .default('error'),
    )
    .option('--fail-on-unknown', 'exit 1 when a machine has no evidence of its license state (verdict unknown; always on for check)')
    .option('--strict', 'exit 2 when any input file is unreadable, partial or in error')
    .option('-q, --quiet', 'nothing on stderr but errors: no progress, no summary line (the report itself is unchanged)')
    .option('--no-color', 'no colour even on a terminal')
    .addHelpText('after', `\nFormats (--format):\n${formatsHelp()}\n`);
}

function scanInputOptions(command: Command): Command {
  return command
    .option('--rules <dir>', 'a folder of more rules, added to the built-in ones (repeatable)', collect, [])
    .option('-j, --jobs <n>', 'files read at once (default: number of cores)')
    .option('--machine <name>', 'machine name for text files given directly or lying in a scanned root')
    .option('--only <pattern>', 'report only machines whose name matches (wildcards * and ?; repeatable)', collect, [])
    .option('--since <when>', 'ignore evidence older than this (ISO date or 7d / 12h)')
    .option('--until <when>', 'ignore evidence newer than this (ISO date or 7d / 12h)')
    .option('--max-file-size <mb>', 'skip files larger than this many MiB', '4096')
    .option('--max-text-size <mb>', 'read at most this many MiB of a text file', '16')
    .option('--file-timeout <seconds>', 'stop reading a file after this many seconds (0: no limit)', '120');
}

function buildProgram(): Command {
  const program = new Command('activation-doctor')
    .description('Explains why Windows and Office volume activation (KMS, MAK) fails, from event log exports and slmgr/ospp output.')
    .version(TOOL_VERSION)
    .exitOverride()
    .showHelpAfterError(HELP_POINTER);

  scanInputOptions(outputOptions(program.command('scan')))
    .description('scan files, folders (recursive) or globs and report per machine')
    .argument('<paths...>', 'files, folders or globs')
    .action(async (paths: string[], options: ScanCliOptions, command: Command) => runScan(paths, withFormatOfOutput(options, command)));

  scanInputOptions(outputOptions(program.command('check')))
    .description('assert that a gold image matches a policy (exit 1 when it does not)')
    .requiredOption('--policy <file|name>', 'policy YAML file, or a built-in policy by name (kms-client-image, mak-image: the files in policies/)')
    .argument('<paths...>', 'evidence collected on the image')
    .action(async (paths: string[], options: ScanCliOptions & { policy: string }, command: Command) => runCheck(paths, withFormatOfOutput(options, command)));

  outputOptions(program.command('merge'))
    .description('merge per-shard JSON reports into one fleet report, re-running the cross-machine rules')
    .option('--rules <dir>', 'a folder of more rules, added to the built-in ones (repeatable)', collect, [])
    .argument('<reports...>', 'JSON reports written by scan --format json')
    .action(async (files: string[], options: ScanCliOptions, command: Command) => runMerge(files, withFormatOfOutput(options, command)));

  program
    .command('events')
    .description('list the event records read from .evtx, event XML and event text: activation events, or all with --all')
    .argument('<paths...>', 'files, folders or globs')
    .option('--all', 'every record, not only those of activation providers')
    .addOption(new Option('-f, --format <format>', 'output format').choices([...EVENT_OUTPUT_FORMATS]).default('jsonl'))
    .option('-o, --output <file>', 'write the records to a file instead of stdout')
    .option('-q, --quiet', 'no per-file problems on stderr')
    .action(async (paths: string[], options: EventsCliOptions) => runEvents(paths, options));

  program
    .command('explain')
    .description('what an error code means, its causes and what to run next')
    .argument('[codes...]', 'codes in any spelling, or pasted lines that contain them')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--list', 'list the whole catalog')
    .action(async (codes: string[], options: { format: 'text' | 'json'; list?: boolean }) => {
      if (codes.length === 0 && !options.list) throw new BadArgument('explain: give at least one code (explain 0xC004F074), or --list');
      const { explain } = await import('./catalog/explain.js');
      const result = explain(codes, { format: options.format, list: options.list, catalog: loadCatalogOrFail() });
      if (result.output) process.stdout.write(ensureNewline(result.output));
      if (result.errors) process.stderr.write(ensureNewline(result.errors));
      process.exitCode = result.exitCode;
    });

  const rules = program.command('rules').description('list and test detection rules');
  rules
    .command('list')
    .option('--rules <dir>', 'a folder of more rules (repeatable)', collect, [])
    .action(async (options: { rules?: string[] }) => {
      const { listRules } = await import('./engine/docs.js');
      process.stdout.write(ensureNewline(listRules(await loadRulesOrFail(options.rules, loadCatalogOrFail()))));
    });
  rules
    .command('test')
    .argument('[dir]', 'a rule folder (default: the built-in rules)')
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
  for (const arg of result.missing) process.stderr.write(`activation-doctor: ${arg}: no such file, folder or glob match\n`);
  if (result.files.length === 0) throw new UsageError('no input files found');
  if (!options.quiet) {
    for (const file of result.files) {
      for (const problem of file.problems) process.stderr.write(`activation-doctor: ${file.path}: ${problem.message}\n`);
    }
    const read = result.files.filter((file) => file.status === 'read' || file.status === 'partial').length;
    process.stderr.write(`${result.records} records from ${read} of ${result.files.length} files\n`);
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
  if (report.files.length === 0) throw new UsageError(missing.map(describeMissing).join('; ') || 'no input files found');
  for (const arg of missing) writeStderr(`activation-doctor: ${describeMissing(arg)}`);
  return report;
}

/** Why a path argument gave no file: an empty folder is not a typo. */
function describeMissing(arg: string): string {
  try {
    if (statSync(arg).isDirectory()) return `no files in ${arg}`;
  } catch {
    // not there at all
  }
  return `${arg}: no such file, folder or glob match`;
}

/** Fail before a long scan, not after it, when the report cannot be written as asked. */
function assertOutputOptions(options: OutputOptions): void {
  if (options.rows === 'machines' && options.format !== 'csv' && options.format !== 'jsonl') {
    throw new BadArgument(`--rows machines applies to --format csv and jsonl, not ${options.format}`);
  }
  assertWritable(options.output);
}

function assertWritable(output: string | undefined): void {
  if (!output) return;
  if (isFolder(output)) throw new UsageError(`--output ${output} is a folder: give a file name, e.g. ${join(output, 'report.json')}`);
  const folder = dirname(resolve(output));
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw new BadArgument(`--output ${output}: the folder ${folder} does not exist or cannot be written`);
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
    if (!parsed && /^\s*\d+\s*[dhm]\s*$/i.test(value)) throw new BadArgument(`${flag}: '${value}' reaches further back than a date can (about 270,000 years): give a smaller age, such as 3650d`);
    if (!parsed) throw new BadArgument(`${flag}: '${value}' is neither an ISO date (2026-10-01) nor an age (7d, 12h, 30m)`);
    return parsed;
  };
  return { since: bound(options.since, '--since'), until: bound(options.until, '--until'), machines: options.only };
}

async function emit(report: Report, options: OutputOptions): Promise<void> {
  const color = options.color !== false && !options.output && options.format === 'text' && isColorTerminal();
  const ruleTitles = new Map((rulesCache ?? []).map((rule) => [rule.id, rule.title]));
  const renderOptions = {
    color,
    catalog: loadCatalogOrFail(),
    ruleTitles,
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
    writeStderr(`activation-doctor: ${unknown} machine(s) have no evidence of their license state (unknown); --fail-on-unknown makes that fail the run`);
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
  if (!Number.isInteger(parsed) || parsed < 1) throw new BadArgument(`${flag}: expected a whole number of at least 1, got '${value}'`);
  return parsed;
}

/** Seconds to milliseconds; 0, and anything longer than a timer can wait (24.8 days), is no limit. */
function fileTimeoutMs(value: string | undefined): number {
  if (value === undefined) return DEFAULT_FILE_TIMEOUT_MS;
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds < 0) {
    throw new UsageError(`--file-timeout: expected a number of seconds (0 for no limit), got '${value}'`);
  }
  const ms = seconds * 1000;
  return seconds === 0 || ms > MAX_TIMER_MS ? Infinity : Math.max(1, ms);
}

function mebibytes(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new BadArgument(`${flag}: expected a positive number of MiB, got '${value}'`);
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
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and --version end with code 0; usage errors were already printed by commander
      return error.exitCode === 0 ? 0 : 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    writeStderr(`activation-doctor: ${message}`);
    if (error instanceof BadArgument) process.stderr.write(`${HELP_POINTER}\n`);
    if (!(error instanceof UsageError) && error instanceof Error && process.env.ACTIVATION_DOCTOR_DEBUG) {
      process.stderr.write(`${error.stack}\n`);
    }
    return 2;
  }
}
