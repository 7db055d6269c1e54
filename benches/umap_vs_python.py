"""lit-tui's UMAP against umap-learn (PyPI) on the same vectors: SST-2 dev
(872 x 384) and the first 10,000 SST-2 train rows (10,000 x 384), the
`sentence_embedding` of sst2-minilm-full. Prints both fit times, their ratio
and both trustworthiness figures (scikit-learn, k=10). Each side fits
`--repeats` times with seed 0 (umap-learn after one warm-up fit that compiles
its numba code) and the medians are compared: single runs vary by 20% on a
shared 2-core machine.

usage: python3 benches/umap_vs_python.py [--bin target/release/lit-tui]
needs: pip install umap-learn scikit-learn
"""
import argparse
import csv
import os
import re
import subprocess
import sys
import tempfile
import time

import numpy as np

p = argparse.ArgumentParser()
p.add_argument("--bin", default="target/release/lit-tui")
p.add_argument("--shared", default="../shared")
p.add_argument("--repeats", type=int, default=3)
a = p.parse_args()

from sklearn.manifold import trustworthiness  # noqa: E402
import umap  # noqa: E402

work = tempfile.mkdtemp(prefix="lit-tui-umap-")
train10k = os.path.join(work, "train10k.tsv")
with open(os.path.join(a.shared, "data/sst2/train.tsv"), newline="") as src, open(train10k, "w", newline="") as dst:
    rows = list(csv.reader(src, delimiter="\t"))[:10001]
    csv.writer(dst, delimiter="\t", lineterminator="\n").writerows(rows)

def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2] if len(xs) % 2 else (xs[len(xs) // 2 - 1] + xs[len(xs) // 2]) / 2


for name, data in [("SST-2 dev", os.path.join(a.shared, "data/sst2/dev.tsv")), ("10k SST-2 train", train10k)]:
    vectors, coords = os.path.join(work, "v.npy"), os.path.join(work, "xy.csv")
    ours_times = []
    for _ in range(a.repeats):
        run = subprocess.run(
            [a.bin, "project", "--model", os.path.join(a.shared, "models/sst2-minilm-full"), "--data", data,
             "--method", "umap", "--seed", "0", "--out", coords, "--vectors-out", vectors],
            capture_output=True, text=True)
        if run.returncode != 0:
            sys.exit(run.stderr)
        ours_times.append(float(re.search(r"with Umap in ([0-9.]+)s", run.stderr).group(1)))
    x = np.load(vectors)
    with open(coords) as f:
        ours = np.array([[float(r["x"]), float(r["y"])] for r in csv.DictReader(f)])
    t = time.perf_counter()
    umap.UMAP(random_state=0).fit_transform(x)  # compiles umap-learn's numba code
    first = time.perf_counter() - t
    theirs_times = []
    for _ in range(a.repeats):
        t = time.perf_counter()
        theirs = umap.UMAP(random_state=0).fit_transform(x)
        theirs_times.append(time.perf_counter() - t)
    t_ours = trustworthiness(x, ours, n_neighbors=10)
    t_theirs = trustworthiness(x, theirs, n_neighbors=10)
    ours_s, theirs_s = median(ours_times), median(theirs_times)
    print(f"{name}: {x.shape[0]} x {x.shape[1]}, median of {a.repeats} fits each")
    print(f"  umap-learn  {theirs_s:6.2f}s (runs {', '.join(f'{v:.2f}' for v in theirs_times)}; first fit with compilation {first:.2f}s),"
          f" trustworthiness {t_theirs:.4f}")
    print(f"  lit-tui     {ours_s:6.2f}s (runs {', '.join(f'{v:.2f}' for v in ours_times)}), trustworthiness {t_ours:.4f}")
    print(f"  speed-up    {theirs_s / ours_s:.1f}x ({first / ours_s:.1f}x against umap-learn's first fit);"
          f" trustworthiness difference {t_ours - t_theirs:+.4f}")
