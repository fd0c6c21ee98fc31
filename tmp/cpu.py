import subprocess, resource, sys, os
cmds = [["-e","0"],["dist/src/bin.js","explain","0xC004F074"],["dist/src/bin.js","scan","fixtures/fleet/PC03","-q","--fail-on","never"],["/tmp/ds-base/dist/src/bin.js","explain","0xC004F074"],["/tmp/ds-base/dist/src/bin.js","scan","fixtures/fleet/PC03","-q","--fail-on","never"]]
tot = {i: [] for i in range(len(cmds))}
for r in range(8):
    for i, c in enumerate(cmds):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(["node"] + c, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        tot[i].append((after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime))
base = sorted(tot[0])[4]
for i, c in enumerate(cmds):
    m = sorted(tot[i])[4]
    print(f"{' '.join(c)[:60]:60s} median CPU {m*1000:6.0f} ms  {m/base:.2f}x")
