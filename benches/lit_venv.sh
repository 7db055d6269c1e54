#!/usr/bin/env bash
# Creates a Python venv holding Google's LIT (lit-nlp 1.3.1) for the benchmarks that run LIT's
# own code against lit-tui (benches/lime_vs_lit.py, benches/ablation_flip_vs_lit.py).
#
# lit-nlp is installed with --no-deps: its full requirement list pulls in TensorFlow-sized
# packages (shap, google-cloud-translate, ...) that the two components we time never import.
# Only what `lit_nlp.components.lime_explainer` and `lit_nlp.components.ablation_flip` import is
# installed, plus onnxruntime and tokenizers to run the model. Idempotent: a second run only
# checks the imports.
#
# usage: bash benches/lit_venv.sh [VENV_DIR]      (default: .venv-lit in the repository root)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${1:-$repo/.venv-lit}"
python="${PYTHON:-python3}"

if [ ! -x "$venv/bin/python" ]; then
  "$python" -m venv "$venv"
fi
pip=("$venv/bin/python" -m pip install --quiet --disable-pip-version-check)

# Pinned where the comparison depends on it; the rest are lit-nlp's own lower bounds.
requirements=(
  "onnxruntime==1.32.0"
  "tokenizers"
  "numpy>=1.24.1,<2"
  "absl-py>=1.4.0"
  "attrs>=22.1.0"
  "etils[epath]>=1.5.0"
  "scikit-learn>=1.0.2"
  "scipy>=1.10.1"
)
"${pip[@]}" "${requirements[@]}"
"${pip[@]}" --no-deps "lit-nlp==1.3.1"

"$venv/bin/python" - <<'EOF'
from importlib import metadata
from lit_nlp.components import ablation_flip, lime_explainer  # noqa: F401
import onnxruntime, tokenizers, numpy  # noqa: E401
print(f"lit-nlp {metadata.version('lit-nlp')}, onnxruntime {onnxruntime.__version__}, "
      f"tokenizers {tokenizers.__version__}, numpy {numpy.__version__}: imports ok")
EOF
echo "venv ready: $venv"
