"""Stance classifiers: a zero-shot baseline and the fine-tuned model, behind one interface."""
