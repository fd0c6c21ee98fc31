import { readFileSync, readdirSync } from 'node:fs';
const dir = process.argv[2];
const p = JSON.parse(readFileSync(dir + '/' + readdirSync(dir)[0], 'utf8'));
const dt = new Map();
for (let i = 0; i < p.samples.length; i++) dt.set(p.samples[i], (dt.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
const byId = new Map(p.nodes.map(n => [n.id, n]));
const parent = new Map(); for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
// inclusive time per top-level src folder: attribute each sample to the first frame (from leaf up) in dist/src
const agg = new Map();
for (const n of p.nodes) {
  const t = (dt.get(n.id) ?? 0) / 1000; if (!t) continue;
  let cur = n, label = null;
  while (cur) { const u = cur.callFrame.url; if (u.includes('/dist/src/')) { label = u.split('/dist/src/')[1]; break; } cur = byId.get(parent.get(cur.id)); }
  label ??= n.callFrame.functionName || n.callFrame.url || '(native)';
  agg.set(label, (agg.get(label) ?? 0) + t);
}
for (const [k, v] of [...agg.entries()].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(v.toFixed(0).padStart(6), k);
