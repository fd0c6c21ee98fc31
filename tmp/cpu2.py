import subprocess, resource, sys
cmds = [["-e","0"]] + [["--input-type=module","-e",f"await import('{m}')"] for m in sys.argv[1:]]
tot = {i: [] for i in range(len(cmds))}
for r in range(8):
    for i, c in enumerate(cmds):
        b = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(["node"] + c, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        a = resource.getrusage(resource.RUSAGE_CHILDREN)
        tot[i].append((a.ru_utime + a.ru_stime) - (b.ru_utime + b.ru_stime))
for i, c in enumerate(cmds):
    print(f"{c[-1][:70]:70s} {sorted(tot[i])[4]*1000:6.0f} ms")
