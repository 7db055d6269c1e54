"""Whole-process time of `lit-tui predict` against a plain Python loop on the
same model, data and thread count. Prints the ratio (lit-tui / Python).

usage: python3 benches/predict_vs_python.py [--model DIR] [--data TSV] [--rows N]
                                            [--threads T] [--repeat R] [--bin PATH]
Run from the repository root after `cargo build --release`.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
p = argparse.ArgumentParser()
p.add_argument("--model", default="../shared/models/sst2-minilm")
p.add_argument("--data", default="../shared/data/sst2/dev.tsv")
p.add_argument("--rows", type=int, default=None, help="use only the first N rows")
p.add_argument("--threads", type=int, default=os.cpu_count())
p.add_argument("--repeat", type=int, default=3)
p.add_argument("--bin", default="target/release/lit-tui")
p.add_argument("--extra", default="", help="extra lit-tui flags, e.g. '--batch-tokens 2048'")
a = p.parse_args()

work = tempfile.mkdtemp(prefix="lit-tui-bench-")
data = a.data
if a.rows:
    # Both sides read the same first N rows.
    data = os.path.join(work, "data.tsv")
    with open(a.data, newline="") as src, open(data, "w", newline="") as dst:
        import csv
        rows = list(csv.reader(src, delimiter="\t"))[: a.rows + 1]
        csv.writer(dst, delimiter="\t", lineterminator="\n").writerows(rows)

rust = [a.bin, "predict", "--model", a.model, "--data", data, "--out", os.path.join(work, "out.parquet"),
        "--threads", str(a.threads), "--no-cache", "--timings"] + a.extra.split()
python = [sys.executable, os.path.join(here, "python_loop.py"), a.model, data, str(a.threads)]


def timed(cmd):
    t = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - t
    if r.returncode != 0:
        sys.exit(f"{cmd[0]} failed:\n{r.stderr}")
    return elapsed, r.stderr.strip().splitlines()[-1]


best = {}
for i in range(a.repeat):
    # Alternate the order so neither side always runs on a warmer machine.
    for name, cmd in ([("python", python), ("lit-tui", rust)] if i % 2 else [("lit-tui", rust), ("python", python)]):
        t, last = timed(cmd)
        print(f"  run {i + 1} {name:8} {t:7.3f}s   {last}")
        best[name] = min(best.get(name, float("inf")), t)

print(f"model {a.model}, data {a.data}{f' (first {a.rows} rows)' if a.rows else ''}, {a.threads} threads, best of {a.repeat}")
print(f"python  {best['python']:.3f}s whole process")
print(f"lit-tui {best['lit-tui']:.3f}s whole process")
print(f"ratio lit-tui/python = {best['lit-tui'] / best['python']:.3f}")
