"""Peer for bench/outputs.ts: the lecture's way of writing the same outputs in Python.

numpy.save for the arrays, matplotlib imshow (magma, LogNorm 0.01-100, colour bar, date title)
animated with ArtistAnimation and saved as a GIF through PillowWriter at 20 frames/s (the
notebook's create_animation), and savefig PNG maps of the statistics. Needs Debian's
python3-numpy, python3-pil and python3-matplotlib. Prints {stage: seconds} as JSON.

usage: outputs_matplotlib.py FRAMES.npy STATS_DIR OUT_DIR
"""
import json
import sys
import time

import numpy as np
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.animation import ArtistAnimation, PillowWriter  # noqa: E402
from matplotlib.colors import LogNorm  # noqa: E402

frames_path, stats_dir, out = sys.argv[1:4]
frames = np.load(frames_path)
stats = {s: np.load(f"{stats_dir}/{s}.npy") for s in ("nanmin", "nanmax", "nanmean", "nanstd")}
times = {}

t = time.perf_counter()
np.save(f"{out}/frames.npy", frames)
for s, a in stats.items():
    np.save(f"{out}/{s}.npy", a)
times["npy"] = time.perf_counter() - t


def cmap():
    c = matplotlib.colormaps["magma"].copy()
    c.set_bad("white")
    c.set_under("black")
    return c


t = time.perf_counter()
fig, ax = plt.subplots(figsize=(3.9, 5.0), dpi=100)
ax.set_axis_off()
images = []
norm = LogNorm(0.01, 100)
for i, f in enumerate(frames):
    im = ax.imshow(np.ma.masked_invalid(np.where(f <= 0, 1e-9, f)), cmap=cmap(), norm=norm, animated=True)
    title = ax.text(0.0, 1.02, f"frame {i}", transform=ax.transAxes, animated=True)
    if i == 0:
        fig.colorbar(im, ax=ax, label="mm/h")
    images.append([im, title])
anim = ArtistAnimation(fig, images, interval=50, blit=True)
anim.save(f"{out}/radar.gif", writer=PillowWriter(fps=20))
plt.close(fig)
times["gif"] = time.perf_counter() - t

t = time.perf_counter()
for s, a in stats.items():
    fig, ax = plt.subplots(figsize=(6.2, 9.4), dpi=100)
    im = ax.imshow(np.ma.masked_invalid(np.where(a <= 0, 1e-9, a)), cmap=cmap(), norm=LogNorm(0.01, 100))
    fig.colorbar(im, ax=ax, label="mm/h")
    ax.set_title(s)
    fig.savefig(f"{out}/{s}.png")
    plt.close(fig)
times["png"] = time.perf_counter() - t

print(json.dumps(times))
