#!/usr/bin/env python3
"""lit-tui's label issues against cleanlab 2.9 on the same probabilities.

For each (model, data) pair: `lit-tui predict` writes the probabilities,
`lit-tui label-issues --json --timings` ranks the issues, and cleanlab's
`find_label_issues(labels, pred_probs, filter_by='prune_by_noise_rate',
return_indices_ranked_by='self_confidence')` runs on the same numbers (the
float32 probabilities, widened to float64 as lit-tui widens them). Prints
whether the issue sets and the rankings are equal (rankings up to the order
of rows with equal quality, which NumPy's unstable argsort leaves open), and
the time ratio lit-tui / cleanlab of the ranking alone.

cleanlab sorts with NumPy's default argsort, which is not stable (on AVX-512
machines NumPy 2 uses x86-simd-sort), so where two values tie (a calibrated
count landing exactly on .5 in two cells of a row, say) the winner depends on
the machine. lit-tui breaks every tie by position. The script therefore also
runs cleanlab with `argsort(kind='stable')` patched into its modules: that
run must match exactly; the unpatched run is reported as is.

Setup: python3 -m venv /tmp/clvenv && /tmp/clvenv/bin/pip install cleanlab==2.9.0 scikit-learn
Run:   /tmp/clvenv/bin/python benches/label_issues_vs_cleanlab.py [--shared ../shared]
       [--pair MODEL:DATA ...] (default: SST-2 dev and Banking77 dev)
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
import cleanlab.count
import cleanlab.filter
import cleanlab.internal.util
import cleanlab.rank
from cleanlab.filter import find_label_issues


class StableNumpy:
    """NumPy, with every argsort stable."""

    def __getattr__(self, name):
        return getattr(np, name)

    @staticmethod
    def argsort(a, *args, **kwargs):
        kwargs.pop("kind", None)
        return np.argsort(a, *args, kind="stable", **kwargs)


def set_stable(on):
    for m in (cleanlab.count, cleanlab.filter, cleanlab.internal.util, cleanlab.rank):
        m.np = StableNumpy() if on else np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PAIRS = ["sst2-minilm:sst2/dev.tsv", "banking77-minilm:banking77/dev.tsv"]


def run(cmd):
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{out.stderr}")
    return out


def compare(binary, shared, pair, repeats):
    model, data = pair.split(":")
    model_dir = os.path.join(shared, "models", model)
    data_path = os.path.join(shared, "data", data)
    with tempfile.TemporaryDirectory() as tmp:
        preds = os.path.join(tmp, "predictions.jsonl")
        run([binary, "predict", "-m", model_dir, "-d", data_path, "-o", preds])
        rows = [json.loads(line) for line in open(preds)]
    classes = [k[2:] for k in rows[0] if k.startswith("p_")]
    keep = [i for i, r in enumerate(rows) if r["label"] is not None]
    labels = np.array([classes.index(rows[i]["label"]) for i in keep])
    # float32 as written, widened exactly to float64.
    probs = np.array(
        [[rows[i]["p_" + c] for c in classes] for i in keep], dtype=np.float32
    ).astype(np.float64)

    ours_times = []
    for _ in range(repeats):
        out = run(
            [binary, "label-issues", "-m", model_dir, "-d", data_path, "--json", "--timings"]
        )
        m = re.search(r"timings: label issues over \d+ rows in ([0-9.]+)s", out.stderr)
        ours_times.append(float(m.group(1)))
    ours = json.loads(out.stdout)
    ours_rows = [keep.index(r["index"]) for r in ours]

    quality = probs[np.arange(len(labels)), labels]
    quality_ok = all(abs(r["quality"] - quality[keep.index(r["index"])]) < 1e-12 for r in ours)
    print(
        f"{pair}: {len(labels)} rows, {len(classes)} classes; lit-tui: {len(ours_rows)} issues, "
        f"qualities equal {quality_ok}"
    )
    matched = quality_ok
    ratios = []
    for stable in (False, True):
        set_stable(stable)
        theirs_times = []
        for _ in range(repeats):
            t = time.perf_counter()
            theirs = find_label_issues(
                labels,
                probs,
                filter_by="prune_by_noise_rate",
                return_indices_ranked_by="self_confidence",
                n_jobs=1,
            )
            theirs_times.append(time.perf_counter() - t)
        theirs = [int(i) for i in theirs]
        same_set = set(ours_rows) == set(theirs)
        # Equal rankings up to ties: the sequences of quality scores are equal.
        same_rank = same_set and [quality[i] for i in ours_rows] == [quality[i] for i in theirs]
        exact = ours_rows == theirs
        o, c = min(ours_times), min(theirs_times)
        ratios.append(o / c)
        print(
            f"  cleanlab {'with stable argsort' if stable else 'as is'}: {len(theirs)} issues; "
            f"sets equal {same_set}; rankings equal {same_rank} (identical order {exact}); "
            f"time lit-tui {o * 1e3:.3f} ms, cleanlab {c * 1e3:.3f} ms, ratio {o / c:.4f}"
        )
        if not same_set:
            print(f"    only lit-tui: {sorted(set(ours_rows) - set(theirs))[:20]}")
            print(f"    only cleanlab: {sorted(set(theirs) - set(ours_rows))[:20]}")
        if stable:
            matched = matched and same_set and same_rank
    set_stable(False)
    return matched, max(ratios)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "lit-tui"))
    ap.add_argument("--pair", action="append")
    ap.add_argument("--repeats", type=int, default=5)
    a = ap.parse_args()
    ok = all([compare(a.binary, a.shared, p, a.repeats)[0] for p in a.pair or PAIRS])
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
