"""The discourse network: actors and targets as nodes, one edge per actor that took a stance on a target."""
from __future__ import annotations

from typing import Mapping, Sequence

import networkx as nx

from pipeline.data.schema import STANCES

# Net stance weight of one pair: support pulls toward +1, opposition toward -1, doubt half way to opposition.
STANCE_WEIGHTS = {"supportive": 1.0, "doubtful": -0.5, "opposed": -1.0}
EDGE_COLUMNS = ["source", "target", "weight", *STANCES, "net_stance", "mean_stance", "majority"]


def node_id(kind: str, name: str) -> str:
    """Node ids carry their kind, so an actor and a target with the same name stay two nodes."""
    return f"{kind}:{name}"


def edges(table: Sequence[Mapping], weights: Mapping[str, float] = STANCE_WEIGHTS) -> list[dict]:
    """Actor -> target edges from actor-table rows with at least one stance pair (off-target pairs make none).

    `weight` is the number of stance pairs (positive, for layouts); `net_stance` sums the per-pair
    weights and `mean_stance` divides it by `weight`, so -1 is uniformly opposed and +1 uniformly supportive.
    """
    out = []
    for row in table:
        stance_pairs = sum(row[s] for s in STANCES)
        if not stance_pairs:
            continue
        net = sum(row[s] * weights[s] for s in STANCES)
        out.append({"source": node_id("actor", row["actor"]), "target": node_id("target", row["target"]),
                    "weight": stance_pairs, **{s: row[s] for s in STANCES}, "net_stance": round(net, 4),
                    "mean_stance": round(net / stance_pairs, 4), "majority": row["majority"]})
    return out


def discourse_network(table: Sequence[Mapping], weights: Mapping[str, float] = STANCE_WEIGHTS) -> nx.DiGraph:
    """Every actor and target of the table as a node (`kind`, `label`, pair counts), stance edges between them."""
    graph = nx.DiGraph()
    for row in table:
        for kind in ("actor", "target"):
            node = node_id(kind, row[kind])
            if node not in graph:
                graph.add_node(node, kind=kind, label=row[kind], pairs=0, off_target=0)
            graph.nodes[node]["pairs"] += row["pairs"]
            graph.nodes[node]["off_target"] += row["off_target"]
    for edge in edges(table, weights):
        source, target = edge.pop("source"), edge.pop("target")
        graph.add_edge(source, target, **edge)
    return graph
