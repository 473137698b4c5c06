"""Fine-tuning the encoder with the transformers Trainer."""
