"""Write the actor-level outputs beside a predictions file, each atomically."""
from __future__ import annotations

import base64
from pathlib import Path
from typing import Mapping, Sequence

import networkx as nx
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from pipeline.data.schema import STANCES
from pipeline.io import atomic_writer, write_csv
from pipeline.outputs.actors import ARTICLE_COLUMNS, COLUMNS, actor_table, article_actor_table
from pipeline.outputs.chart import actor_chart_png
from pipeline.outputs.network import EDGE_COLUMNS, discourse_network, edges

TEMPLATES = Path(__file__).with_name("templates")


def actor_output_paths(output: Path) -> dict[str, Path]:
    """Where each actor-level file goes, named after the predictions file `output` (`out/pred.jsonl`)."""
    output = Path(output)
    return {kind: output.with_name(output.stem + suffix) for kind, suffix in (
        ("table", ".actors.csv"), ("articles", ".article_actors.csv"), ("chart", ".actors.png"), ("html", ".actors.html"),
        ("graph", ".network.graphml"), ("edges", ".edges.csv"))}


def actor_html(table: Sequence[Mapping], chart_png: bytes, pairs: int, source: str) -> str:
    """A self-contained HTML page: the chart inlined as a data URI, then the whole table."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html.j2"]),
                      trim_blocks=True, lstrip_blocks=True, undefined=StrictUndefined)
    chart = "data:image/png;base64," + base64.b64encode(chart_png).decode("ascii")
    return env.get_template("actors.html.j2").render(table=table, chart=chart, pairs=pairs, source=source,
                                                     columns=COLUMNS, stances=STANCES,
                                                     targets=sorted({r["target"] for r in table}))


def write_actor_outputs(rows: Sequence[Mapping], output: Path, chart_max_bars: int) -> dict[str, Path]:
    """Actor table (CSV), the same per article (CSV), chart (PNG, the `chart_max_bars` actors with most
    stance pairs), HTML summary, GraphML network and edge list beside `output`."""
    paths = actor_output_paths(output)
    table = actor_table(rows)
    chart = actor_chart_png(table, chart_max_bars)
    write_csv(paths["table"], table, COLUMNS)
    write_csv(paths["articles"], article_actor_table(rows), ARTICLE_COLUMNS)
    with atomic_writer(paths["chart"], "wb") as handle:
        handle.write(chart)
    with atomic_writer(paths["html"]) as handle:
        handle.write(actor_html(table, chart, len(rows), Path(output).name))
    with atomic_writer(paths["graph"], "wb") as handle:
        nx.write_graphml(discourse_network(table), handle)
    write_csv(paths["edges"], edges(table), EDGE_COLUMNS)
    return paths
