"""Labelled pairs: schema, reading, checks and splits."""
