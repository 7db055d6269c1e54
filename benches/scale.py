"""Issue 13's scale table: memory against threads, throughput against rows, and
the app on a million precomputed predictions.

usage: python3 benches/scale.py [--bin target/release/lit-tui] [--python PY]
                                [--rows 1000000] [--predict-rows 20000,1000000]
Run from the repository root after `cargo build --release`. PY must have
onnxruntime, tokenizers and numpy (for the Python loop baseline).

It builds a TSV of --rows rows by repeating SST-2 train with a suffix that makes
each text unique, then measures:
  - `predict` peak RSS on SST-2 dev with --threads 1 and --threads 8, and the
    plain Python loop's (benches/python_loop.py) on the same rows;
  - `predict` rows per second at each of --predict-rows (the smaller ones
    evenly spaced rows of the largest), and their ratio;
  - the app opened (in tmux) on --rows precomputed predictions with no model:
    time to the first frame, time to ready, and peak RSS;
  - the app's first frame on SST-2 dev with the model, as its log records it.
The precomputed file repeats the predicted train rows under the new texts: the
app's costs depend on the row count, not on where the scores came from.
"""
import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
p = argparse.ArgumentParser()
p.add_argument("--bin", default="target/release/lit-tui")
p.add_argument("--python", default=sys.executable)
p.add_argument("--model", default="../shared/models/sst2-minilm")
p.add_argument("--train", default="../shared/data/sst2/train.tsv")
p.add_argument("--dev", default="../shared/data/sst2/dev.tsv")
p.add_argument("--rows", type=int, default=1_000_000)
p.add_argument("--predict-rows", default="20000,1000000")
p.add_argument("--skip-app", action="store_true")
p.add_argument("--full-model", default="../shared/models/sst2-minilm-full")
p.add_argument("--only-train", action="store_true", help="only the app on SST-2 train (below)")
p.add_argument("--skip-train", action="store_true",
               help="skip the app on SST-2 train with --full-model (a cold start predicts for minutes)")
p.add_argument("--only-app", action="store_true", help="skip the predict measurements")
p.add_argument("--only-predict", action="store_true", help="only the predict measurements")
p.add_argument("--precomputed", help="a precomputed file an earlier run wrote, to reuse")
a = p.parse_args()
binary = os.path.abspath(a.bin)
work = tempfile.mkdtemp(prefix="lit-tui-scale-")
env = dict(os.environ, LIT_TUI_DATA_DIR=os.path.join(work, "data"), LIT_TUI_CACHE_DIR=os.path.join(work, "cache"))


def run(cmd):
    """Wall seconds and the peak RSS (MB) of this one child."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t
    err = proc.stderr.read().decode()
    if status != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{err}")
    return elapsed, usage.ru_maxrss / 1024


def read_rows(path):
    with open(path, newline="") as f:
        reader = csv.reader(f, delimiter="\t")
        header = next(reader)
        return header, list(reader)


def big_tsv(n, path):
    header, rows = read_rows(a.train)
    with open(path, "w", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(header)
        for i in range(n):
            r = list(rows[i % len(rows)])
            r[0] = f"{r[0]} #{i // len(rows)}" if i >= len(rows) else r[0]
            w.writerow(r)
    return path


def sample_tsv(path, n, out):
    """`n` evenly spaced rows of the TSV at `path`."""
    with open(path) as f:
        lines = f.readlines()
    header, rows = lines[0], lines[1:]
    step = len(rows) / n
    with open(out, "w") as f:
        f.write(header)
        f.writelines(rows[int(i * step)] for i in range(n))
    return out


table = []


def predict_measurements():
    # Memory against threads, and the Python loop's on the same rows. The optimised
    # graph is cached by a first run, as it is on a user's machine after one start.
    run([binary, "predict", "--model", a.model, "--data", a.dev, "--out", os.path.join(work, "warm.parquet"), "--no-cache"])
    rss = {}
    for t in (1, 8):
        _, rss[t] = run([binary, "predict", "--model", a.model, "--data", a.dev, "--out",
                         os.path.join(work, f"t{t}.parquet"), "--no-cache", "--threads", str(t)])
        table.append((f"predict dev --threads {t}: peak RSS", f"{rss[t]:.0f} MB"))
    table.append(("  --threads 8 / --threads 1 (target <= 1.2)", f"{rss[8] / rss[1]:.2f}"))
    _, py = run([a.python, os.path.join(here, "python_loop.py"), a.model, a.dev, "2"])
    _, ours = run([binary, "predict", "--model", a.model, "--data", a.dev, "--out",
                   os.path.join(work, "t2.parquet"), "--no-cache", "--threads", "2"])
    table.append(("predict dev --threads 2: peak RSS, lit-tui / Python loop (target <= 1)",
                  f"{ours:.0f} / {py:.0f} MB = {ours / py:.2f}"))

    # Throughput against rows.
    # The smaller runs take evenly spaced rows of the largest file: the same
    # texts, suffixes and lengths, so rows per second compare like with like
    # (the first 20,000 rows of train have no suffix and are shorter).
    sizes = [int(s) for s in a.predict_rows.split(",")]
    largest = big_tsv(max(sizes), os.path.join(work, f"rows{max(sizes)}.tsv"))
    speed = {}
    for n in sizes:
        data = largest if n == max(sizes) else sample_tsv(largest, n, os.path.join(work, f"rows{n}.tsv"))
        secs, peak = run([binary, "predict", "--model", a.model, "--data", data, "--out",
                          os.path.join(work, f"rows{n}.parquet"), "--no-cache"])
        speed[n] = n / secs
        table.append((f"predict {n} rows", f"{speed[n]:.0f} rows/s, peak {peak:.0f} MB"))
    if len(sizes) > 1:
        table.append((f"  rows/s at {sizes[-1]} / at {sizes[0]} (target >= 0.95)", f"{speed[sizes[-1]] / speed[sizes[0]]:.2f}"))


def startup_on_dev():
    # The app on SST-2 dev with the model: the log's first-frame time (counted
    # from launch inside the process), on a second start, with the optimised
    # graph and the predictions cached as on a user's machine.
    log = os.path.join(env["LIT_TUI_CACHE_DIR"], "onnxruntime.log")
    times = []
    for _ in range(3):
        # A tmux server of its own each time: a new session on a server that is
        # just exiting fails.
        tmux = ["tmux", "-L", f"lit-tui-start-{os.getpid()}-{len(times)}"]
        subprocess.run(tmux + ["new-session", "-d", "-x", "160", "-y", "45",
                               f"LIT_TUI_DATA_DIR={env['LIT_TUI_DATA_DIR']} LIT_TUI_CACHE_DIR={env['LIT_TUI_CACHE_DIR']} "
                               f"exec {binary} --model {a.model} --data {a.dev}"], check=True)
        time.sleep(8)
        subprocess.run(tmux + ["kill-server"], stderr=subprocess.DEVNULL)
        lines = [l for l in open(log) if "startup: first frame after" in l]
        times.append(int(lines[-1].split("after")[1].split()[0]))
    table.append(("app on SST-2 dev: first frame, 2nd/3rd start (target <= 100 ms)",
                  f"{times[1]} / {times[2]} ms (first start {times[0]} ms)"))


def app_memory_on_train():
    # The whole app on SST-2 train with a model that gives vectors, projected
    # with UMAP (Embeddings: Ctrl-H to focus it, m for the next method): peak
    # RSS until the layout is drawn. Once cold (predicting every row, fitting
    # UMAP), then again with both cached, as a second start is.
    cache = os.path.join(work, "train-cache")
    for start in ("cold", "cached"):
        tmux = ["tmux", "-L", f"lit-tui-train-{os.getpid()}-{start}"]
        data_dir = os.path.join(work, f"train-data-{start}")
        subprocess.run(tmux + ["new-session", "-d", "-x", "160", "-y", "45",
                               f"LIT_TUI_DATA_DIR={data_dir} LIT_TUI_CACHE_DIR={cache} "
                               f"exec {binary} --model {a.full_model} --data {a.train}"], check=True)
        pid = int(subprocess.run(tmux + ["list-panes", "-F", "#{pane_pid}"],
                                 capture_output=True, text=True).stdout.split()[0])
        time.sleep(3)
        subprocess.run(tmux + ["send-keys", "C-h"])
        time.sleep(0.5)
        subprocess.run(tmux + ["send-keys", "m"])
        peak, done, began = 0, False, time.perf_counter()
        while time.perf_counter() - began < 1800 and not done:
            time.sleep(1)
            screen = subprocess.run(tmux + ["capture-pane", "-p"], capture_output=True, text=True).stdout
            done = "✓ predicted" in screen and "Embeddings · UMAP ─" in screen
            for line in open(f"/proc/{pid}/status"):
                if line.startswith("VmHWM"):
                    peak = int(line.split()[1]) / 1024
        subprocess.run(tmux + ["send-keys", "q"])
        time.sleep(2)
        subprocess.run(tmux + ["kill-server"], stderr=subprocess.DEVNULL)
        table.append((f"app on SST-2 train, {os.path.basename(a.full_model.rstrip('/'))}, UMAP, {start}: peak RSS (target < 500 MB)",
                      f"{peak:.0f} MB" + ("" if done else " (UMAP not drawn within 30 min)")))


if a.only_train:
    app_memory_on_train()
elif a.only_predict:
    predict_measurements()
elif not a.only_app:
    predict_measurements()
    startup_on_dev()
    if not a.skip_train:
        app_memory_on_train()

if not (a.skip_app or a.only_train or a.only_predict):
    pre = a.precomputed or os.path.join(work, "precomputed.tsv")
    if not a.precomputed:
        # Precomputed predictions for --rows texts, from one predicted pass over train.
        train_out = os.path.join(work, "train.jsonl")
        run([binary, "predict", "--model", a.model, "--data", a.train, "--out", train_out])
        import json
        scored = [json.loads(line) for line in open(train_out)]
        classes = [k for k in scored[0] if k.startswith("p_")]
        with open(pre, "w", newline="") as f:
            w = csv.writer(f, delimiter="\t", lineterminator="\n")
            w.writerow(["text", "label"] + classes)
            for i in range(a.rows):
                r = scored[i % len(scored)]
                text = r["text"] if i < len(scored) else f"{r['text']} #{i // len(scored)}"
                w.writerow([text, r["label"]] + [r[c] for c in classes])
    session = f"lit-tui-scale-{os.getpid()}"
    subprocess.run(["tmux", "kill-session", "-t", session], stderr=subprocess.DEVNULL)
    start = time.perf_counter()
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "160", "-y", "45",
                    f"LIT_TUI_DATA_DIR={env['LIT_TUI_DATA_DIR']} LIT_TUI_CACHE_DIR={env['LIT_TUI_CACHE_DIR']} exec {binary} --predictions {pre}"], check=True)
    pid = int(subprocess.run(["tmux", "list-panes", "-t", session, "-F", "#{pane_pid}"],
                             capture_output=True, text=True).stdout.split()[0])
    first = ready = None
    peak = 0
    while time.perf_counter() - start < 300:
        screen = subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True).stdout
        now = time.perf_counter() - start
        try:
            for line in open(f"/proc/{pid}/status"):
                if line.startswith("VmHWM"):
                    peak = int(line.split()[1]) / 1024
        except FileNotFoundError:
            sys.exit(f"the app exited:\n{screen}")
        if first is None and "lit-tui" in screen and "rows" in screen:
            first = now
        last = screen.rstrip().splitlines()[-1] if screen.strip() else ""
        if first is not None and "predicted" in last and "ready" in last:
            ready = now
            break
        time.sleep(0.02)
    subprocess.run(["tmux", "kill-session", "-t", session], stderr=subprocess.DEVNULL)
    table.append((f"app on {a.rows} precomputed rows: first frame", f"{first:.2f} s" if first else "never"))
    table.append(("  ready (target <= 3 s)", f"{ready:.2f} s" if ready else "not within 300 s"))
    table.append(("  peak RSS (target < 1.5 GB)", f"{peak:.0f} MB"))

width = max(len(k) for k, _ in table)
print(f"scale table ({os.cpu_count()} cores)")
for k, v in table:
    print(f"{k:<{width}}  {v}")
