"""A LIT model (lit_nlp.api.model.BatchedModel) that runs an ONNX text classifier exported as
Hugging Face / optimum do it (model.onnx, tokenizer.json, config.json with id2label) through
onnxruntime and tokenizers. The benchmarks use it to run LIT's own components (LIME, Ablation
Flip) on the same model lit-tui runs.

It follows LIT's GLUE classifier (lit_nlp/examples/glue/models.py) where that matters for speed:
minibatches of at most 32 rows in the order given, each padded to its longest row, and
`probas` (softmax of the logits) as a MulticlassPreds over the label names, parent `label`.
The session is created from the file path, so models with external weights
(`sst2-minilm-grad/weights.data`) load as well.

Needs the venv of benches/lit_venv.sh.
"""
import json
import os

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

from lit_nlp.api import model as lit_model
from lit_nlp.api import types as lit_types

TEXT_FIELD = "sentence"
LABEL_FIELD = "label"
PRED_FIELD = "probas"
MAX_BATCH = 32
MAX_TOKENS = 128


def read_labels(model_dir):
    with open(os.path.join(model_dir, "config.json")) as f:
        id2label = json.load(f)["id2label"]
    return [id2label[str(i)] for i in range(len(id2label))]


class OnnxClassifier(lit_model.BatchedModel):
    """LIT model over one ONNX export folder; `threads` is onnxruntime's intra-op thread count."""

    def __init__(self, model_dir, threads=None):
        self.labels = read_labels(model_dir)
        self.tokenizer = Tokenizer.from_file(os.path.join(model_dir, "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS)
        options = ort.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(
            os.path.join(model_dir, "model.onnx"), options, providers=["CPUExecutionProvider"]
        )
        self.input_names = {i.name for i in self.session.get_inputs()}
        self.calls = 0  # session.run calls, for the benchmarks' reports
        self.rows = 0  # rows predicted

    def max_minibatch_size(self):
        return MAX_BATCH

    def input_spec(self):
        return {
            TEXT_FIELD: lit_types.TextSegment(),
            LABEL_FIELD: lit_types.CategoryLabel(vocab=self.labels, required=False),
        }

    def output_spec(self):
        return {PRED_FIELD: lit_types.MulticlassPreds(vocab=self.labels, parent=LABEL_FIELD)}

    def predict_minibatch(self, inputs):
        encodings = self.tokenizer.encode_batch([ex[TEXT_FIELD] for ex in inputs])
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, e in enumerate(encodings):
            ids[row, : len(e.ids)] = e.ids
            mask[row, : len(e.ids)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        feeds = {k: v for k, v in feeds.items() if k in self.input_names}
        (logits,) = self.session.run(["logits"], feeds)
        self.calls += 1
        self.rows += len(inputs)
        shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
        probas = shifted / shifted.sum(axis=1, keepdims=True)
        return [{PRED_FIELD: p} for p in probas]


def read_tsv(path):
    """(text, label) rows of a `text<TAB>label` file, texts stripped as lit-tui reads them."""
    import csv

    with open(path, newline="") as f:
        return [(r["text"].strip(), r["label"]) for r in csv.DictReader(f, delimiter="\t")]
