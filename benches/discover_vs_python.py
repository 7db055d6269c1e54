#!/usr/bin/env python3
"""Issue 15's speed check in one run, on the 67,349 rows of SST-2 train with
sst2-minilm: the error tree against scikit-learn's DecisionTreeClassifier and
label issues against cleanlab 2.9, each on the same numbers. Both lit-tui
commands read the predictions from lit-tui's prediction cache (the first run
fills it), so neither side counts inference. Prints one table with each
ratio lit-tui / Python and its target (at most 1.0x); exits non-zero when a
result differs or a target is missed.

Setup: python3 -m venv /tmp/clvenv && /tmp/clvenv/bin/pip install cleanlab==2.9.0 scikit-learn
Run:   /tmp/clvenv/bin/python benches/discover_vs_python.py [--shared ../shared] [--repeats 5]
"""

import argparse
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import error_tree_vs_sklearn  # noqa: E402
import label_issues_vs_cleanlab  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PAIR = "sst2-minilm:sst2/train.tsv"
TARGET = 1.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "lit-tui"))
    ap.add_argument("--pair", default=PAIR)
    ap.add_argument("--repeats", type=int, default=5)
    a = ap.parse_args()
    model, data = a.pair.split(":")
    # Fill the prediction cache once, so the timed commands only read it.
    subprocess.run(
        [a.binary, "metrics", "-m", os.path.join(a.shared, "models", model),
         "-d", os.path.join(a.shared, "data", data)],
        check=True, capture_output=True,
    )
    tree_ratio, same_leaves = error_tree_vs_sklearn.compare(a.binary, a.shared, a.pair, a.repeats)
    same_issues, issues_ratio = label_issues_vs_cleanlab.compare(
        a.binary, a.shared, a.pair, a.repeats
    )
    print()
    print(f"{'check':<34} {'same result':<12} {'ratio':>7} {'target':>7}")
    rows = [
        ("error tree vs scikit-learn", same_leaves, tree_ratio),
        ("label issues vs cleanlab", same_issues, issues_ratio),
    ]
    ok = True
    for name, same, ratio in rows:
        met = same and ratio <= TARGET
        ok = ok and met
        print(f"{name:<34} {str(same):<12} {ratio:>6.3f}x {TARGET:>6.1f}x {'ok' if met else 'MISSED'}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
