"""LIME in lit-tui against LIT's own `lime_explainer.LIME` (lit-nlp 1.3.1) on the same ONNX
model and the same texts, timed in one run. Prints the median times, the ratio lit-tui / LIT
(target: at most 0.7x on each text) and both sides' top words as a sanity check (LIT's LIME is
not seeded, so the two only roughly agree).

Both sides use LIT's defaults: 256 samples, kernel width 256, mask `[MASK]`, whitespace words,
the predicted class as the target. LIT runs in this process with the model already loaded (as in
its server); lit-tui is timed as a whole process (`lit-tui explain --method lime`), so its figure
also holds starting up and loading the model. A `lit-tui predict` of the same one row is timed
too, so that start-up cost can be read off.

The texts are SST-2 dev rows given by their position in the file (from 0); `a+b` joins rows a and
b with a space. SST-2 dev has no 60-word sentence (the longest, row 104, has 47 words), so the
60-word case is row 104 followed by row 313 (13 words).

usage: .venv-lit/bin/python benches/lime_vs_lit.py [--model DIR] [--data TSV]
           [--cases 0,104,104+313] [--repeat 5] [--threads T] [--bin target/release/lit-tui]
           [--lit-only]
Run from the repository root after `bash benches/lit_venv.sh` and `cargo build --release`.
"""
import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lit_onnx_model import LABEL_FIELD, TEXT_FIELD, OnnxClassifier, read_tsv  # noqa: E402

from lit_nlp.components import lime_explainer  # noqa: E402

TARGET_RATIO = 0.7
TOP = 5


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--model", default="../shared/models/sst2-minilm")
    p.add_argument("--data", default="../shared/data/sst2/dev.tsv")
    p.add_argument("--cases", default="0,104,104+313",
                   help="comma-separated texts, each a row position or rows joined with +")
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--bin", default="target/release/lit-tui")
    p.add_argument("--extra", default="", help="extra flags for `lit-tui explain`")
    p.add_argument("--lit-only", action="store_true", help="time LIT alone")
    return p.parse_args()


def build_cases(spec, rows):
    cases = []
    for part in spec.split(","):
        idx = [int(i) for i in part.split("+")]
        text = " ".join(rows[i][0] for i in idx)
        label = rows[idx[0]][1] if len(idx) == 1 else rows[idx[-1]][1]
        cases.append({"name": part, "text": text, "label": label, "words": len(text.split())})
    return cases


def top_words(tokens, scores, n=TOP):
    order = sorted(range(len(tokens)), key=lambda i: -abs(scores[i]))[:n]
    return [(tokens[i], float(scores[i])) for i in order]


def fmt_top(pairs):
    return "  ".join(f"{w}{s:+.3f}" for w, s in pairs)


def run_lit(lime, model, case):
    example = {TEXT_FIELD: case["text"]}
    t = time.perf_counter()
    (result,) = lime.run([example], model, dataset=None)
    elapsed = time.perf_counter() - t
    salience = result[TEXT_FIELD]
    return elapsed, list(salience.tokens), [float(s) for s in salience.salience]


def write_one_row_tsv(work, case):
    path = os.path.join(work, f"case-{case['name'].replace('+', '_')}.tsv")
    with open(path, "w", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerows([["text", "label"], [case["text"], case["label"]]])
    return path


def supports(binary, subcommand, flag):
    r = subprocess.run([binary, subcommand, "--help"], capture_output=True, text=True)
    return r.returncode == 0 and flag in r.stdout


def run_process(cmd):
    t = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - t
    if r.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{r.stderr}")
    return elapsed


def lit_tui_commands(a, data, out):
    model = ["--model", a.model, "--data", data, "--threads", str(a.threads)]
    explain = [a.bin, "explain", *model, "--method", "lime", "--rows", "0", "--out", out]
    explain += a.extra.split()
    if supports(a.bin, "explain", "--no-cache"):
        explain.append("--no-cache")
    predict = [a.bin, "predict", *model, "--no-cache", "--out", out + ".predict.jsonl"]
    return explain, predict


def read_lit_tui_scores(out):
    with open(out) as f:
        record = next(json.loads(line) for line in f if '"lime"' in line)
    return record["tokens"], record["scores"], record.get("target")


def main():
    a = parse_args()
    rows = read_tsv(a.data)
    cases = build_cases(a.cases, rows)
    have_bin = not a.lit_only and os.path.exists(a.bin) and supports(a.bin, "explain", "--method")
    if not a.lit_only and not have_bin:
        print(f"note: {a.bin} has no `explain --method`; timing LIT alone")

    t = time.perf_counter()
    model = OnnxClassifier(a.model, threads=a.threads)
    load_s = time.perf_counter() - t
    lime = lime_explainer.LIME()  # LIT's defaults: 256 samples, kernel 256, [MASK], no seed
    run_lit(lime, model, cases[0])  # warm-up: first-call allocations in onnxruntime
    print(f"model {a.model}, {a.threads} threads, median of {a.repeat}; "
          f"LIT model load {load_s:.3f}s (not counted)")

    work = tempfile.mkdtemp(prefix="lit-tui-lime-bench-")
    summary = []
    for case in cases:
        print(f"\n[{case['name']}] {case['words']} words, gold {case['label']}: {case['text']}")
        data = write_one_row_tsv(work, case)
        out = os.path.join(work, "salience.jsonl")
        explain, predict = lit_tui_commands(a, data, out) if have_bin else (None, None)
        times = {"lit": [], "lit-tui": [], "predict": []}
        calls_before = model.calls
        for i in range(a.repeat):
            # Alternate the order so neither side always runs on a warmer machine.
            sides = ["lit", "lit-tui"] if i % 2 == 0 else ["lit-tui", "lit"]
            for side in sides:
                if side == "lit":
                    s, lit_tokens, lit_scores = run_lit(lime, model, case)
                    times["lit"].append(s)
                elif have_bin:
                    times["lit-tui"].append(run_process(explain))
                    times["predict"].append(run_process(predict))
        lit_s = statistics.median(times["lit"])
        per_run_calls = (model.calls - calls_before) / a.repeat
        print(f"  LIT LIME       {lit_s:7.3f}s median  (runs: {', '.join(f'{x:.3f}' for x in times['lit'])}; "
              f"{per_run_calls:.0f} session.run calls a run)")
        print(f"  LIT top words      {fmt_top(top_words(lit_tokens, lit_scores))}")
        row = {"case": case["name"], "words": case["words"], "lit": lit_s}
        if have_bin:
            ours = statistics.median(times["lit-tui"])
            start = statistics.median(times["predict"])
            tokens, scores, target = read_lit_tui_scores(out)
            print(f"  lit-tui explain {ours:7.3f}s median whole process  "
                  f"(runs: {', '.join(f'{x:.3f}' for x in times['lit-tui'])})")
            print(f"  lit-tui predict {start:7.3f}s median on the same row (start-up and model load)")
            print(f"  lit-tui top words  {fmt_top(top_words(tokens, scores))}  (target {target})")
            lit_top = {w for w, _ in top_words(lit_tokens, lit_scores, 3)}
            our_top = {w for w, _ in top_words(tokens, scores, 3)}
            print(f"  top-3 words shared: {len(lit_top & our_top)}/3")
            row.update({"lit-tui": ours, "startup": start})
        summary.append(row)

    print("\nsummary (seconds, medians)")
    for r in summary:
        line = f"  {r['case']:>8} {r['words']:3} words  LIT {r['lit']:.3f}"
        if "lit-tui" in r:
            ratio = r["lit-tui"] / r["lit"]
            net = max(r["lit-tui"] - r["startup"], 0.0) / r["lit"]
            verdict = "meets" if ratio <= TARGET_RATIO else "misses"
            line += (f"  lit-tui {r['lit-tui']:.3f}  ratio lit-tui/LIT = {ratio:.3f}x "
                     f"({verdict} the {TARGET_RATIO}x target; {net:.2f}x less start-up)")
        print(line)


if __name__ == "__main__":
    main()
