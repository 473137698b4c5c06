"""What the model directory records about itself: metadata for reproduction and a model card."""
from __future__ import annotations

import hashlib
from importlib.metadata import version
from pathlib import Path

from pipeline.data.schema import LABELS
from pipeline.model_loading import POOLINGS


def file_sha256(paths: list[Path]) -> str:
    """One hash over the bytes of several files, in order."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()


def library_versions() -> dict[str, str]:
    """Versions of the libraries that shape training and prediction."""
    return {name: version(name) for name in ("torch", "transformers", "datasets", "accelerate", "scikit-learn",
                                             "stance-pipeline")}


def model_card(base_model: str, summary: dict, paths: dict, calibrated: dict) -> str:
    """The README.md of a fine-tuned model directory; `paths` holds the CPU path checks of the train stage."""
    dev, int8, bf16 = summary["dev"], paths["int8"], paths["bf16"]
    bf16_line = (f"its dev labels agree with float on {bf16['agreement']:.4f} of pairs (minimum {bf16['min_agreement']}; "
                 f"dev macro-F1 {bf16['dev_macro_f1_bf16']} against {bf16['dev_macro_f1_float']} in float); "
                 f"allowed: {bf16['use']}" if bf16.get("native") else
                 "not checked, because the training machine's CPU has no native bf16; not used")
    smoothing = f" with label smoothing {summary['label_smoothing']}" if summary.get("label_smoothing") else ""
    return f"""---
library_name: transformers
pipeline_tag: text-classification
base_model: {base_model}
---
# Stance classifier (stance pipeline)

Fine-tuned from `{base_model}` to label an actor-quote pair as **{'**, **'.join(LABELS[:3])}** toward a
target, or **none** when the quote is off target.

- **Input:** the quote as the first segment, `actor | target` as the second (`{summary['pair_template']}`),
  so the same quote can take different stances toward different targets.
- **Labels:** {', '.join(f'{i} = {label}' for i, label in enumerate(LABELS))} (`id2label` in `config.json`).
- **Data:** {summary['train_rows']} hand-written training pairs, {summary['dev_rows']} dev pairs (grouped by
  article); see `data/README.md` of the project. Never trained on the seed articles or VAST.
- **Training:** transformers Trainer, class-weighted cross-entropy{smoothing}, best epoch on dev 4-way macro-F1
  ({summary['epochs_run']} epochs run, {summary['train_samples_per_second']} examples/s,
  {'bf16 autocast over float32 weights' if summary.get('bf16') else 'float32'}).
- **Dev metrics:** stance macro-F1 {dev.get('macro_f1')}, 4-way macro-F1 {dev.get('macro_f1_4way')},
  on-target F1 {dev.get('on_target_f1')}, accuracy {dev.get('accuracy')}.
- **Encoder:** {summary['encoder_layers']} transformer layers kept from the base model; {summary['frozen_parameters']}
  parameters (input embeddings and the lowest layers, as configured) kept as pre-trained.
- **Head:** {POOLINGS[summary['pooling']]}
- **CPU paths:** predict on the training machine's CPU ran `{paths['cpu_precision']}`. A CPU with native bf16
  (AMX or AVX512-BF16) takes the bf16 path where it was allowed, any other CPU int8 where that was allowed,
  else float; CUDA runs in bf16 (or fp16) autocast.
  - **bf16 autocast** over the float weights: {bf16_line}.
  - **int8:** dynamic int8 (Linear layers matching {int8['keep_float']} stay in float), with pairs whose top two
    int8 probabilities are closer than {int8['fallback_margin']} re-scored in float ({int8['fallback_share']:.1%} of dev
    pairs); its dev labels agree with float on {int8['agreement']:.4f} of pairs (minimum {int8['min_agreement']}; dev
    macro-F1 {int8['dev_macro_f1_int8']} against {int8['dev_macro_f1_float']} in float); allowed: {int8['use']}.
- **Scores:** probabilities divided in log space by a temperature of {calibrated['temperature']} fitted on the
  `{paths['cpu_precision']}` path's dev log-loss (labels unchanged); dev ECE {calibrated['dev_before']['ece']} before, {calibrated['dev_after']['ece']} after.
  The temperature is in `stance_pipeline.json` (`calibration`).

## Intended use
Tagging statements in English news reports about international politics, for analysts who read the
quotes behind each label. Test-split and held-out figures are in the project's `reports/report.md`.

## Limits
Trained on a small hand-written corpus dominated by one target (Ukraine's membership in NATO); other
targets and other genres (social media, transcripts, long features) will score lower. English only. Sarcasm and
stances spread over several sentences are often missed. Not a substitute for reading the quote.

Reproduce with `dvc repro train` in the project; `stance_pipeline.json` records the configuration,
the data hash and library versions.
"""
