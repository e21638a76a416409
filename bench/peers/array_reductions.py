"""Peer of bench/array-reductions.ts: the same nan-reductions in Python Dask (Debian's
python3-dask), threaded scheduler. Prints one JSON object: best wall time per case, seconds.

Dask 2022.12 (Debian 12) has no float32 random generator, so the array is drawn as float64 and
cast with .astype(np.float32): Dask fuses the cast into each chunk's task, as a user would write it.
"""
import argparse
import json
import time

import dask
import dask.array as da
import numpy as np

p = argparse.ArgumentParser()
p.add_argument("--workers", type=int, default=2)
p.add_argument("--repeat", type=int, default=3)
p.add_argument("--size", type=int, default=10000)
p.add_argument("--chunk", type=int, default=1000)
p.add_argument("--case", default="")
a = p.parse_args()

x = da.random.RandomState(42).random_sample((a.size, a.size), chunks=(a.chunk, a.chunk)).astype(np.float32)
lecture = da.random.random((a.size, a.size), chunks=(a.chunk, a.chunk))
side = min(a.size, 6000) - min(a.size, 6000) % 10
rows = da.random.random((side, side), chunks=(side // 10, side))
cases = {
    "lecture rand float64 mean axis 0": lambda: dask.compute(lecture.mean(axis=0)),
    "nanmean axis 0": lambda: dask.compute(da.nanmean(x, axis=0)),
    "nanstd axis 0": lambda: dask.compute(da.nanstd(x, axis=0)),
    "nanmean all": lambda: dask.compute(da.nanmean(x)),
    "nanstd all": lambda: dask.compute(da.nanstd(x)),
    "rechunk rows to columns float64 sum axis 0": lambda: dask.compute(rows.rechunk((side, side // 10)).sum(axis=0)),
    "nanmean+nanstd axis 0 together": lambda: dask.compute(da.nanmean(x, axis=0), da.nanstd(x, axis=0)),
}
out = {"dask": dask.__version__, "numpy": np.__version__, "times": {}, "check": {}}
with dask.config.set(scheduler="threads", num_workers=a.workers):
    for name, run in cases.items():
        if a.case not in name:
            continue
        best = float("inf")
        for _ in range(a.repeat):
            t0 = time.perf_counter()
            r = run()
            best = min(best, time.perf_counter() - t0)
        out["times"][name] = best
        out["check"][name] = float(np.mean(r[-1]))
print(json.dumps(out))
