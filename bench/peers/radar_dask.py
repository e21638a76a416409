#!/usr/bin/env python3
"""The lecture's Dask version of the radar job, the peer of `bench/radar`: per day a delayed
SMHIRadarImages, frames by average_images, every image as a from_delayed slice, da.stack, and the
four nan-statistics computed together with `dask.compute`, on a local cluster of processes
(the lecture's `Client(n_workers=...)`; Debian's python3-dask has no distributed, so the
multiprocessing scheduler stands in for it) or threads.

Usage: radar_dask.py DATA_DIR OUT_DIR [--workers N] [--scheduler processes|threads]
Prints one JSON line: seconds, images, peak RSS of this process and its children (MB).
"""
import json
import os
import resource
import sys
import time
import warnings

import numpy as np
import dask
import dask.array as da
from dask import delayed

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from radar_notebook import SMHIRadarImages, average_images, subsample, day_files  # noqa: E402

SHAPE = (443, 235)


def image_at(day, i, data_dir):
    return subsample(SMHIRadarImages(*day, data_dir=data_dir)[i])


def day_frames(day, data_dir):
    return subsample(average_images(SMHIRadarImages(*day, data_dir=data_dir)))


def n_images(day, data_dir):
    return len(SMHIRadarImages(*day, data_dir=data_dir))


def main(argv):
    data_dir, out_dir = argv[1], argv[2]
    workers = int(argv[argv.index("--workers") + 1]) if "--workers" in argv else os.cpu_count()
    scheduler = argv[argv.index("--scheduler") + 1] if "--scheduler" in argv else "processes"
    os.makedirs(out_dir, exist_ok=True)
    warnings.simplefilter("ignore", RuntimeWarning)
    t0 = time.perf_counter()
    days = day_files(data_dir)
    counts = [n_images(d, data_dir) for d in days]
    slices, frames = [], []
    for day, n in zip(days, counts):
        frames.append(da.from_delayed(delayed(day_frames)(day, data_dir), shape=(8,) + SHAPE, dtype=np.float32))
        for i in range(n):
            slices.append(da.from_delayed(delayed(image_at)(day, i, data_dir), shape=SHAPE, dtype=np.float32))
    data_array = da.stack(slices, axis=0)
    statistics = [da.nanmin(data_array, axis=0), da.nanmax(data_array, axis=0),
                  da.nanmean(data_array, axis=0), da.nanstd(data_array, axis=0),
                  da.concatenate(frames, axis=0)]
    with dask.config.set(scheduler=scheduler, num_workers=workers):
        rr_min, rr_max, rr_mean, rr_std, all_frames = dask.compute(*statistics)
    for name, value in [("nanmin", rr_min), ("nanmax", rr_max), ("nanmean", rr_mean), ("nanstd", rr_std), ("frames", all_frames)]:
        np.save(os.path.join(out_dir, name + ".npy"), value.astype(np.float32))
    seconds = time.perf_counter() - t0
    peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    print(json.dumps({"seconds": seconds, "images": sum(counts), "days": len(days), "peak_rss_mb": peak, "scheduler": scheduler, "workers": workers}))


if __name__ == "__main__":
    main(sys.argv)
