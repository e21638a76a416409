"""Peer of bench/array-radar-run.ts: FRAMES synthetic 443 x 235 float32 frames (the same values
as bench/graph-tasks.ts radarFrame), each a da.from_delayed slice, da.stack, and nanmin / nanmax /
nanmean / nanstd over axis 0 computed together, threaded scheduler. Prints JSON: seconds, check.
"""
import json
import sys
import time
import warnings

import dask
import dask.array as da
import numpy as np
from dask import delayed

H, W = 443, 235


def radar_frame(i):
    y, x = np.mgrid[0:H, 0:W]
    out = (((x * 7 + y * 3 + i * 11) % 97) / 10).astype(np.float32)
    out[(x == 0) | ((x + 3 * y + i) % 13 == 0)] = np.nan
    return out


frames = int(sys.argv[1]) if len(sys.argv) > 1 else 240
workers = int(sys.argv[2]) if len(sys.argv) > 2 else 2
warnings.simplefilter("ignore", RuntimeWarning)
t0 = time.perf_counter()
load = delayed(radar_frame)
slices = [da.from_delayed(load(i), shape=(H, W), dtype=np.float32) for i in range(frames)]
cube = da.stack(slices, axis=0)
stats = [da.nanmin(cube, axis=0), da.nanmax(cube, axis=0), da.nanmean(cube, axis=0), da.nanstd(cube, axis=0)]
with dask.config.set(scheduler="threads", num_workers=workers):
    out = dask.compute(*stats)
seconds = time.perf_counter() - t0
print(json.dumps({"seconds": seconds, "check": [float(np.nanmean(r)) for r in out]}))
