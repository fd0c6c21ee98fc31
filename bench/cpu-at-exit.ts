/**
 * Preloaded with `node --import` by bench/startup.ts: prints the process's CPU time
 * (user + system, from its start) on stderr at exit, so start-up can be compared
 * in CPU time, which a shared, loaded machine disturbs far less than wall time.
 */
process.on('exit', () => {
  const usage = process.cpuUsage();
  process.stderr.write(`\nCPU_MS ${(usage.user + usage.system) / 1000}\n`);
});
