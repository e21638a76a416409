#!/usr/bin/env python3
"""The lecture's radar notebook in plain Python (numpy + PIL), the independent implementation ssdp's
radar numbers are checked against, and the building blocks of the Dask peer benchmark.

It follows the notebook: ``SMHIRadarImages`` gives the rain rates of one day's images (here read from a
local ``YYYY-MM-DD.zip`` rather than downloaded), ``tif_to_rain_rate`` applies the two formulas,
``average_images`` bins a day into ``n_frames`` frames of consecutive images (the first n mod n_frames
frames take one more image) and averages each, and the month's statistics are numpy's nanmin, nanmax,
nanmean and nanstd over the stack of all subsampled images ``[:-1:2, :-1:2]``.

Usage: radar_notebook.py DATA_DIR OUT_DIR [--frames N]
writes frames.npy (float32, frames x 443 x 235) and nanmin/nanmax/nanmean/nanstd.npy (float32,
443 x 235) for every YYYY-MM-DD.zip in DATA_DIR, in date order. The whole stack is held in memory,
as in the notebook without Dask: use it on small sets.
"""
import collections.abc
import io
import os
import re
import sys
import time
import zipfile

import numpy as np
import PIL.Image


def tif_to_rain_rate(image):
    """Pixel values of a composite (PIL image) to rain rates in mm/h, float32 (NaN outside coverage)."""
    x = np.array(image)
    if x.ndim == 3:  # some years carry three identical bands: use the first
        x = x[..., 0]
    x = x.astype(np.float64)
    dbz = 0.4 * x - 30.0
    rr = (10.0 ** (dbz / 10.0) / 200.0) ** (2.0 / 3.0)
    rr[dbz < 5.0] = 0.0
    rr[x == 255] = np.nan
    return rr.astype(np.float32)


class SMHIRadarImages(collections.abc.Iterable):
    """Provides access to all SMHI radar images of a given day, as rain rates."""

    def __init__(self, year, month, day, data_dir="."):
        path = os.path.join(data_dir, "%04d-%02d-%02d.zip" % (year, month, day))
        self.file = zipfile.ZipFile(path)
        self.image_files = sorted(n for n in self.file.namelist() if n.lower().endswith((".tif", ".tiff")))
        self.n_images = len(self.image_files)

    def __len__(self):
        return self.n_images

    def __getitem__(self, i):
        i = min(len(self.image_files) - 1, i)
        data = io.BytesIO(self.file.read(self.image_files[i]))
        image = PIL.Image.open(data)
        return tif_to_rain_rate(image)

    def __iter__(self):
        for i in range(self.n_images):
            yield self[i]


def frame_bins(n_images, n_frames=8):
    """Start and end image index of each frame: consecutive images, the first n mod n_frames take one more."""
    sizes = [n_images // n_frames + (1 if i < n_images % n_frames else 0) for i in range(n_frames)]
    bins, start = [], 0
    for s in sizes:
        bins.append((start, start + s))
        start += s
    return bins


def average_images(smhi_images, n_frames=8):
    """Bins a day's images into n_frames temporal bins and averages each (a plain mean: NaN propagates)."""
    frames = []
    for start, end in frame_bins(len(smhi_images), n_frames):
        frames.append(np.stack([smhi_images[i] for i in range(start, end)]).mean(axis=0))
    return np.stack(frames)


def subsample(data):
    """Every other row and column of all but the last row and column."""
    return data[..., :-1:2, :-1:2]


def day_files(data_dir):
    days = sorted(f for f in os.listdir(data_dir) if re.fullmatch(r"\d{4}-\d{2}-\d{2}\.zip", f))
    return [tuple(int(p) for p in d[:10].split("-")) for d in days]


def main(argv):
    data_dir, out_dir = argv[1], argv[2]
    n_frames = int(argv[argv.index("--frames") + 1]) if "--frames" in argv else 8
    os.makedirs(out_dir, exist_ok=True)
    frames, stack = [], []
    for (y, m, d) in day_files(data_dir):
        images = SMHIRadarImages(y, m, d, data_dir)
        frames.append(subsample(average_images(images, n_frames)))
        stack.extend(subsample(image) for image in images)
    stack = np.stack(stack)
    np.save(os.path.join(out_dir, "frames.npy"), np.concatenate(frames).astype(np.float32))
    np.save(os.path.join(out_dir, "nanmin.npy"), np.nanmin(stack, axis=0).astype(np.float32))
    np.save(os.path.join(out_dir, "nanmax.npy"), np.nanmax(stack, axis=0).astype(np.float32))
    # Accumulate mean and standard deviation in float64, so the reference is as exact as the checked code.
    np.save(os.path.join(out_dir, "nanmean.npy"), np.nanmean(stack, axis=0, dtype=np.float64).astype(np.float32))
    np.save(os.path.join(out_dir, "nanstd.npy"), np.nanstd(stack, axis=0, dtype=np.float64).astype(np.float32))
    print("%d days, %d images, %d frames, cpu %.3f s" % (len(frames), stack.shape[0], sum(f.shape[0] for f in frames), time.process_time()))


if __name__ == "__main__":
    import warnings

    warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN pixels outside coverage
    main(sys.argv)
