"""A sequence classifier over the masked mean of an encoder's last layer, the pooling sentence encoders
such as all-MiniLM-L6-v2 were trained with (BERT's own head reads the [CLS] token through a pooler those
encoders never trained). It saves and loads as a Hugging Face model directory; importing this module
registers it with the Auto classes, so `AutoModelForSequenceClassification` and `transformers.pipeline`
load such a directory in any process that has imported the project."""
from __future__ import annotations

import torch
from transformers import AutoConfig, AutoModel, AutoModelForSequenceClassification, PretrainedConfig, PreTrainedModel
from transformers.modeling_outputs import SequenceClassifierOutput


class MeanPooledConfig(PretrainedConfig):
    """Labels and head settings; `encoder` holds the wrapped encoder's own config as a dict."""

    model_type = "stance_mean_pooled"

    def __init__(self, encoder: dict | None = None, classifier_dropout: float = 0.1, **kwargs):
        super().__init__(**kwargs)
        self.encoder = dict(encoder or {})
        self.classifier_dropout = classifier_dropout

    def encoder_config(self) -> PretrainedConfig:
        """The wrapped encoder's config object."""
        fields = dict(self.encoder)
        return AutoConfig.for_model(fields.pop("model_type"), **fields)


class MeanPooledForSequenceClassification(PreTrainedModel):
    """Encoder, masked mean over the tokens of each sequence, dropout, one linear layer."""

    config_class = MeanPooledConfig
    base_model_prefix = "encoder"

    def __init__(self, config: MeanPooledConfig):
        super().__init__(config)
        encoder_config = config.encoder_config()
        self.encoder = AutoModel.from_config(encoder_config)
        self.dropout = torch.nn.Dropout(config.classifier_dropout)
        self.classifier = torch.nn.Linear(encoder_config.hidden_size, config.num_labels)
        self.post_init()

    @classmethod
    def from_encoder(cls, path: str, encoder_config: PretrainedConfig, **label_fields) -> "MeanPooledForSequenceClassification":
        """A fresh head on the pre-trained encoder at `path` (safetensors only), built as `encoder_config` says."""
        model = cls(MeanPooledConfig(encoder=encoder_config.to_dict(), **label_fields))
        model.encoder = AutoModel.from_pretrained(path, config=encoder_config, use_safetensors=True,
                                                  trust_remote_code=False)
        return model

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor | None = None,
                labels: torch.Tensor | None = None) -> SequenceClassifierOutput:
        """Logits per sequence (and the cross-entropy loss when labels are given)."""
        extra = {} if token_type_ids is None else {"token_type_ids": token_type_ids}
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask, **extra).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1.0)
        logits = self.classifier(self.dropout(pooled))
        loss = None if labels is None else torch.nn.functional.cross_entropy(logits, labels)
        return SequenceClassifierOutput(loss=loss, logits=logits)


AutoConfig.register(MeanPooledConfig.model_type, MeanPooledConfig)
AutoModelForSequenceClassification.register(MeanPooledConfig, MeanPooledForSequenceClassification)
