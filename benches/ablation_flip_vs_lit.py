"""Ablation Flip in lit-tui against LIT's own `ablation_flip.AblationFlip` (lit-nlp 1.3.1) over
the mispredictions of a data set (SST-2 dev with sst2-minilm: 159 rows), on the same ONNX
model, timed in one run. Prints both times, the ratio lit-tui / LIT (target: at most 0.3x), the
flip counts of both, whether the same rows got flips, and whether the minimal removed-word sets
agree where both found them.

LIT runs in this process with the model already loaded and LIT's defaults (up to 10 flips a row,
up to 5 words removed, the top 10 leave-one-out words). Its timed work is the same as lit-tui's:
predict every row to find the mispredictions, then run Ablation Flip on each of them. lit-tui is
timed as a whole process: `lit-tui generate --generator ablation_flip --only-mispredictions`.

Removed words are compared as multisets, read off each flip's text against its parent's (both
sides drop whole whitespace words, so the difference is exact).

usage: .venv-lit/bin/python benches/ablation_flip_vs_lit.py [--model DIR] [--data TSV]
           [--repeat 1] [--threads T] [--bin target/release/lit-tui] [--lit-only] [--limit N]
Run from the repository root after `bash benches/lit_venv.sh` and `cargo build --release`.
"""
import argparse
import collections
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lit_onnx_model import PRED_FIELD, TEXT_FIELD, OnnxClassifier, read_tsv  # noqa: E402

from lit_nlp.components import ablation_flip  # noqa: E402

TARGET_RATIO = 0.3


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--model", default="../shared/models/sst2-minilm")
    p.add_argument("--data", default="../shared/data/sst2/dev.tsv")
    p.add_argument("--repeat", type=int, default=1)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--bin", default="target/release/lit-tui")
    p.add_argument("--extra", default="", help="extra flags for `lit-tui generate`")
    p.add_argument("--lit-only", action="store_true", help="time LIT alone")
    p.add_argument("--limit", type=int, default=None,
                   help="LIT only: stop after the first N mispredictions (a quick check)")
    return p.parse_args()


def gold_index(label, labels):
    """A data label is a class name or its position in id2label."""
    return labels.index(label) if label in labels else int(label)


def removed_words(parent, child):
    return tuple(sorted((collections.Counter(parent.split()) - collections.Counter(child.split())).elements()))


def run_lit(model, rows, limit):
    """LIT's work: predict every row, then Ablation Flip on each misprediction.
    Returns (predict seconds, flip seconds, {row position: [removed-word tuples]}, rows run)."""
    t = time.perf_counter()
    preds = list(model.predict([{TEXT_FIELD: text} for text, _ in rows]))
    predict_s = time.perf_counter() - t
    wrong = [i for i, (p, (_, label)) in enumerate(zip(preds, rows))
             if int(np.argmax(p[PRED_FIELD])) != gold_index(label, model.labels)]
    if limit:
        wrong = wrong[:limit]
    generator = ablation_flip.AblationFlip()
    config = {ablation_flip.PREDICTION_KEY: PRED_FIELD,
              ablation_flip.FIELDS_TO_ABLATE_KEY: [TEXT_FIELD]}
    flips = {}
    t = time.perf_counter()
    for i in wrong:
        text = rows[i][0]
        cfs = generator.generate({TEXT_FIELD: text}, model, None, config)
        flips[i] = [removed_words(text, cf[TEXT_FIELD]) for cf in cfs]
    flip_s = time.perf_counter() - t
    return predict_s, flip_s, flips, wrong


def supports(binary, subcommand, flag):
    r = subprocess.run([binary, subcommand, "--help"], capture_output=True, text=True)
    return r.returncode == 0 and flag in r.stdout


def run_lit_tui(a, out):
    cmd = [a.bin, "generate", "--model", a.model, "--data", a.data, "--threads", str(a.threads),
           "--generator", "ablation_flip", "--only-mispredictions", "--out", out] + a.extra.split()
    if supports(a.bin, "generate", "--no-cache"):
        cmd.append("--no-cache")
    t = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - t
    if r.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{r.stderr}")
    return elapsed


def read_lit_tui_flips(out, rows):
    flips = collections.defaultdict(list)
    with open(out) as f:
        for line in f:
            rec = json.loads(line)
            if rec.get("generator", "ablation_flip") != "ablation_flip" or not rec.get("flipped", True):
                continue
            i = int(rec["parent_index"])
            flips[i].append(removed_words(rows[i][0], rec["text"]))
    return dict(flips)


def describe(name, flips, wrong):
    with_flip = {i for i, f in flips.items() if f}
    total = sum(len(f) for f in flips.values())
    print(f"  {name:8} {len(with_flip)}/{len(wrong)} rows with at least one flip, {total} flips in all")
    return with_flip


def compare(lit, ours, wrong):
    lit_rows = describe("LIT", lit, wrong)
    our_rows = describe("lit-tui", ours, wrong)
    print(f"  same rows with a flip: {lit_rows == our_rows} "
          f"(LIT only: {sorted(lit_rows - our_rows)}, lit-tui only: {sorted(our_rows - lit_rows)})")
    both = sorted(lit_rows & our_rows)
    same_sets = sum(1 for i in both if set(lit[i]) == set(ours[i]))
    same_first = sum(1 for i in both if min(lit[i], key=len) in set(ours[i]))
    print(f"  rows where both found flips: {len(both)}; identical sets of minimal removals: "
          f"{same_sets}; LIT's smallest removal also found by lit-tui: {same_first}")
    for i in [i for i in both if set(lit[i]) != set(ours[i])][:5]:
        print(f"    row {i}: LIT {sorted(set(lit[i]))[:4]}  lit-tui {sorted(set(ours[i]))[:4]}")


def main():
    a = parse_args()
    rows = read_tsv(a.data)
    have_bin = (not a.lit_only and a.limit is None and os.path.exists(a.bin)
                and supports(a.bin, "generate", "ablation_flip"))
    if not a.lit_only and not have_bin:
        print(f"note: timing LIT alone ({a.bin} has no `generate --generator ablation_flip`, or --limit)")
    model = OnnxClassifier(a.model, threads=a.threads)
    model.predict([{TEXT_FIELD: rows[0][0]}])  # warm-up
    print(f"model {a.model}, data {a.data}, {a.threads} threads, median of {a.repeat}")

    work = tempfile.mkdtemp(prefix="lit-tui-ablation-bench-")
    out = os.path.join(work, "cf.jsonl")
    lit_total, lit_flip, ours = [], [], []
    for r in range(a.repeat):
        for side in (["lit", "lit-tui"] if r % 2 == 0 else ["lit-tui", "lit"]):
            if side == "lit":
                calls, rows_run = model.calls, model.rows
                predict_s, flip_s, lit_flips, wrong = run_lit(model, rows, a.limit)
                lit_total.append(predict_s + flip_s)
                lit_flip.append(flip_s)
                flip_rows = model.rows - rows_run - len(rows)
                print(f"  run {r + 1} LIT      {predict_s + flip_s:8.2f}s  (predict {predict_s:.2f}s, "
                      f"Ablation Flip {flip_s:.2f}s on {len(wrong)} rows; {flip_rows / len(wrong):.1f} "
                      f"model rows and {(model.calls - calls) / len(wrong):.1f} session.run calls a row)")
            elif have_bin:
                ours.append(run_lit_tui(a, out))
                print(f"  run {r + 1} lit-tui  {ours[-1]:8.2f}s  whole process")

    lit_s, flip_s = statistics.median(lit_total), statistics.median(lit_flip)
    print(f"\nLIT      {lit_s:.2f}s  (Ablation Flip alone {flip_s:.2f}s)")
    if have_bin:
        our_s = statistics.median(ours)
        ratio = our_s / lit_s
        print(f"lit-tui  {our_s:.2f}s  whole process")
        print(f"ratio lit-tui/LIT = {ratio:.3f}x ({'meets' if ratio <= TARGET_RATIO else 'misses'} the "
              f"{TARGET_RATIO}x target); against LIT's Ablation Flip alone {our_s / flip_s:.3f}x")
        compare(lit_flips, read_lit_tui_flips(out, rows), wrong)
    else:
        describe("LIT", lit_flips, wrong)


if __name__ == "__main__":
    main()
