"""Actor-level outputs of the predict script: actor table, chart, HTML summary and discourse network."""
