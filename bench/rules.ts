/**
 * Are grouping and the rules linear in the fleet size? Reads a generated fleet
 * once, then times groupByMachine + evaluate on its first N machines, for
 * doubling N (one process; the read is not timed).
 *   node dist/bench/rules.js <fleet dir>
 * Prints one JSON line per N: machines, facts, seconds, µs per machine.
 */
import pLimit from 'p-limit';
import { discover } from '../src/input/discover.js';
import { readFileEvidence } from '../src/input/read.js';
import { groupByMachine } from '../src/pipeline/machines.js';
import { evaluate, loadRules } from '../src/engine/index.js';
import { loadCatalog } from '../src/catalog/catalog.js';
import { RULES_DIR } from '../src/data/paths.js';
import type { Fact } from '../src/model/facts.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: rules.js <fleet dir>');
const catalog = loadCatalog();
const rules = loadRules([RULES_DIR], catalog);
const { files } = await discover([dir]);
const limit = pLimit(4);
const evidence = await Promise.all(files.map((file) => limit(() => readFileEvidence(file))));
const byMachine = new Map<string, Fact[]>();
for (const fact of evidence.flatMap((item) => item.facts)) {
  const list = byMachine.get(fact.machine) ?? [];
  list.push(fact);
  byMachine.set(fact.machine, list);
}
const names = [...byMachine.keys()].sort();
for (let count = Math.max(1, Math.floor(names.length / 8)); count <= names.length; count *= 2) {
  const facts = names.slice(0, count).flatMap((name) => byMachine.get(name)!);
  const started = process.hrtime.bigint();
  const machines = groupByMachine(facts);
  const result = evaluate(machines, rules, catalog, { now: new Date('2026-11-22T00:00:00Z') });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(
    JSON.stringify({ machines: count, facts: facts.length, fleetFindings: result.fleetFindings.length, seconds, microsecondsPerMachine: Math.round((seconds * 1e6) / count) }) + '\n',
  );
}
