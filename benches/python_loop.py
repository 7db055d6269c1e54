"""The baseline lit-tui is measured against: a plain Python onnxruntime +
tokenizers loop, batches of 32 sorted by length, padded per batch.

usage: python_loop.py MODEL_DIR DATA_TSV THREADS [BATCH] [--rows N]
Prints the rows and the seconds spent inside session.run on stderr.
"""
import csv
import sys
import time

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

model_dir, data, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
batch = int(sys.argv[4]) if len(sys.argv) > 4 and not sys.argv[4].startswith("--") else 32
rows = int(sys.argv[sys.argv.index("--rows") + 1]) if "--rows" in sys.argv else None

with open(data, newline="") as f:
    texts = [r["text"].strip() for r in csv.DictReader(f, delimiter="\t")]
if rows:
    texts = texts[:rows]

tok = Tokenizer.from_file(f"{model_dir}/tokenizer.json")
tok.no_padding()
opts = ort.SessionOptions()
opts.intra_op_num_threads = threads
opts.inter_op_num_threads = 1
sess = ort.InferenceSession(f"{model_dir}/model.onnx", opts, providers=["CPUExecutionProvider"])

enc = tok.encode_batch(texts)
order = sorted(range(len(texts)), key=lambda i: len(enc[i].ids))
probs = [None] * len(texts)
in_run = 0.0
for s in range(0, len(order), batch):
    idx = order[s : s + batch]
    width = max(len(enc[i].ids) for i in idx)
    ids = np.zeros((len(idx), width), dtype=np.int64)
    mask = np.zeros((len(idx), width), dtype=np.int64)
    for r, i in enumerate(idx):
        n = len(enc[i].ids)
        ids[r, :n] = enc[i].ids
        mask[r, :n] = 1
    t = time.perf_counter()
    (logits,) = sess.run(["logits"], {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})
    in_run += time.perf_counter() - t
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    for r, i in enumerate(idx):
        probs[i] = e[r] / e[r].sum()
print(f"python: {len(texts)} rows, session.run {in_run:.3f}s", file=sys.stderr)
