#!/usr/bin/env python3
"""lit-tui's error tree against scikit-learn's DecisionTreeClassifier on the
same features.

`lit-tui cohorts --timings --features-out F` fits the tree and writes its
inputs (wrong, then each ordinal feature's level and a 0/1 column per
categorical value). scikit-learn fits `DecisionTreeClassifier(criterion='gini',
max_depth=3, min_samples_leaf=20)` on that matrix. Printed: both fit times
(lit-tui's tree alone, without building the features; scikit-learn's `fit`
alone, without reading the CSV), their ratio, and whether the two trees hold
the same leaves (sizes and error counts). Split ties may go different ways
(scikit-learn visits features in a random order), so leaves can differ
where two splits score the same.

Setup: python3 -m venv /tmp/clvenv && /tmp/clvenv/bin/pip install cleanlab==2.9.0 scikit-learn
Run:   /tmp/clvenv/bin/python benches/error_tree_vs_sklearn.py [--shared ../shared]
       [--pair MODEL:DATA] (default: sst2-minilm on SST-2 train, 67,349 rows;
       its predictions come from lit-tui's cache when present)
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

import numpy as np
from sklearn.tree import DecisionTreeClassifier

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def compare(binary, shared, pair, repeats):
    """Fits both trees on `pair` (MODEL:DATA); prints and returns (ratio, same leaves)."""
    model, data = pair.split(":")
    cmd = [
        binary,
        "cohorts",
        "-m",
        os.path.join(shared, "models", model),
        "-d",
        os.path.join(shared, "data", data),
        "--json",
        "--timings",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "features.csv")
        ours = []
        for i in range(repeats):
            extra = ["--features-out", path] if i == 0 else []
            out = subprocess.run(cmd + extra, capture_output=True, text=True)
            if out.returncode != 0:
                sys.exit(out.stderr)
            m = re.search(r"tree in ([0-9.]+)s", out.stderr)
            ours.append(float(m.group(1)))
        cohorts = json.loads(out.stdout)
        table = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float32)
    y, X = table[:, 0].astype(int), table[:, 1:]
    theirs = []
    for _ in range(repeats):
        clf = DecisionTreeClassifier(
            criterion="gini", max_depth=3, min_samples_leaf=20, random_state=0
        )
        t = time.perf_counter()
        clf.fit(X, y)
        theirs.append(time.perf_counter() - t)
    t = clf.tree_
    leaves_theirs = sorted(
        (int(t.n_node_samples[i]), int(round(t.value[i][0][1] * t.n_node_samples[i])))
        for i in range(t.node_count)
        if t.children_left[i] == -1
    )
    parents = {c["parent"] for c in cohorts if c["parent"] is not None}
    leaves_ours = sorted(
        (c["size"], c["errors"]) for c in cohorts if c["node"] not in parents
    )
    o, s = min(ours), min(theirs)
    print(
        f"{pair}: {X.shape[0]} rows, {X.shape[1]} feature columns; nodes lit-tui "
        f"{len(cohorts)}, scikit-learn {t.node_count}; same leaves {leaves_ours == leaves_theirs}"
    )
    print(f"  fit time lit-tui {o * 1e3:.1f} ms, scikit-learn {s * 1e3:.1f} ms, ratio {o / s:.3f}")
    if leaves_ours != leaves_theirs:
        print(f"  lit-tui leaves (size, errors): {leaves_ours}")
        print(f"  scikit-learn leaves: {leaves_theirs}")
    return o / s, leaves_ours == leaves_theirs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "lit-tui"))
    ap.add_argument("--pair", default="sst2-minilm:sst2/train.tsv")
    ap.add_argument("--repeats", type=int, default=5)
    a = ap.parse_args()
    compare(a.binary, a.shared, a.pair, a.repeats)


if __name__ == "__main__":
    main()
