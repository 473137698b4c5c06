"""The configuration: params.yaml is the composition of configs/, and stages read real keys."""
from pathlib import Path

import yaml
from omegaconf import OmegaConf

from pipeline.config import PARAMS_FILE, as_dict, compose_config

ROOT = Path(__file__).resolve().parent.parent


def test_params_yaml_equals_composed_configs():
    committed = yaml.safe_load(PARAMS_FILE.read_text())
    assert committed == as_dict(compose_config()), "params.yaml is stale: run `python -m pipeline.config`"


def test_every_declared_stage_param_exists():
    cfg = compose_config()
    stages = yaml.safe_load((ROOT / "dvc.yaml").read_text())["stages"]
    for name, stage in stages.items():
        for key in stage.get("params", []):
            assert OmegaConf.select(cfg, key, default="__missing__") != "__missing__", f"{name}: {key}"


def test_debug_preset_shrinks_the_run():
    full, tiny = compose_config(), compose_config(["debug=tiny"])
    assert full.data.max_rows is None and tiny.data.max_rows is not None
    assert tiny.train.epochs == 1 and tiny.train.max_train_samples < 100


def test_model_group_override_changes_the_model(tmp_path):
    cfg = compose_config(["model.name_or_path=some-org/some-model"])
    assert cfg.model.name_or_path == "some-org/some-model"
    assert cfg.zeroshot.model == "some-org/some-model"  # the baseline follows the model group
