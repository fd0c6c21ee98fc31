import { readFileSync } from 'node:fs';
import { loadCatalog } from '../dist/src/catalog/catalog.js';
import { loadRules } from '../dist/src/engine/load.js';
import { groupByMachine } from '../dist/src/pipeline/machines.js';
import { evaluate } from '../dist/src/engine/evaluate.js';
const r = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const facts = r.machines.flatMap(m => m.facts);
const catalog = loadCatalog(); const rules = loadRules(undefined, catalog);
for (let i = 0; i < 3; i++) {
const c0 = process.cpuUsage(); const machines = groupByMachine(facts); const c1 = process.cpuUsage(c0);
const c2 = process.cpuUsage(); evaluate(machines, rules, catalog, {}); const c3 = process.cpuUsage(c2);
console.log('facts', facts.length, 'group ms', ((c1.user+c1.system)/1000).toFixed(0), 'evaluate ms', ((c3.user+c3.system)/1000).toFixed(0));
}
const per = [];
for (const rule of rules) { const m = groupByMachine(facts); const c = process.cpuUsage(); evaluate(m, [rule], catalog, {}); const d = process.cpuUsage(c); per.push([rule.id, (d.user+d.system)/1000]); }
per.sort((a,b)=>b[1]-a[1]); console.log(per.slice(0,6).map(([id,ms])=>`${id} ${ms.toFixed(0)}`).join('\n'));
