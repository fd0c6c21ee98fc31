import { readFileSync, readdirSync } from 'node:fs';
const dir = process.argv[2];
const p = JSON.parse(readFileSync(dir + '/' + readdirSync(dir)[0], 'utf8'));
const agg = new Map();
function walk(n, stack) {
  const cf = n.callFrame; const key = `${cf.functionName || '(anon)'} ${cf.url.split('/').slice(-2).join('/')}:${cf.lineNumber}`;
  const self = (n.selfSize ?? 0);
  agg.set(key, (agg.get(key) ?? 0) + self);
  for (const c of n.children ?? []) walk(c, stack);
}
walk(p.head, []);
for (const [k, v] of [...agg.entries()].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log((v/1048576).toFixed(1).padStart(7), 'MB', k);
