"""Actor table, discourse network and the files the predict script writes beside its output."""
import csv
import re

import networkx as nx
import pytest

from pipeline.outputs.actors import actor_table, article_actor_table
from pipeline.outputs.network import discourse_network
from pipeline.outputs.write import actor_output_paths, write_actor_outputs

T, U = "Ukraine's membership in NATO", "EU sanctions"


def pair(actor: str, target: str, label: str, score: float, quote: str, article_id: str | None = "art") -> dict:
    """A labelled pair whose `label` scores `score`; other stances share the rest."""
    scores = {"supportive": 0.05, "doubtful": 0.05, "opposed": 0.05, "none": 0.05}
    scores[label] = score
    return {"article_id": article_id, "actor": actor, "quote": quote, "target": target, "label": label,
            "scores": scores}


ROWS = [
    pair("Alice", T, "supportive", 0.9, "a strong yes"),
    pair("Alice", T, "supportive", 0.7, "a weak yes"),
    pair("Alice", T, "opposed", 0.8, "a no"),
    pair("Alice", T, "none", 0.9, "off topic"),
    pair("Bob", T, "doubtful", 0.6, "maybe"),
    pair("Bob", T, "opposed", 0.7, "never"),            # one each: the higher summed score wins
    pair("Carol", T, "none", 0.8, "weather talk"),       # off target only: a node, no edge
    pair("Alice", U, "supportive", 0.6, "given pair", article_id=None),
]


def by_key(table):
    return {(r["actor"], r["target"]): r for r in table}


def test_actor_table_counts_majority_and_strongest_quote():
    table = by_key(actor_table(ROWS))
    alice = table[("Alice", T)]
    assert (alice["pairs"], alice["supportive"], alice["doubtful"], alice["opposed"], alice["off_target"]) == \
        (4, 2, 0, 1, 1)
    assert alice["majority"] == "supportive" and alice["mean_confidence"] == pytest.approx(0.8)
    assert alice["strongest_quote"] == "a strong yes" and alice["strongest_article_id"] == "art"
    bob = table[("Bob", T)]
    assert bob["majority"] == "opposed" and bob["strongest_quote"] == "never"
    carol = table[("Carol", T)]
    assert carol["off_target"] == 1 and carol["majority"] == "" and carol["strongest_quote"] == ""
    given = table[("Alice", U)]
    assert given["supportive"] == 1 and given["strongest_quote"] == "given pair" and given["strongest_article_id"] == ""
    assert [r["actor"] for r in actor_table(ROWS)][:2] == ["Alice", "Bob"]   # most stance pairs first


def test_article_table_gives_each_article_its_own_majority():
    rows = ROWS + [pair("Alice", T, "opposed", 0.9, "a later no", article_id="art2"),
                   pair("Alice", T, "opposed", 0.6, "another no", article_id="art2")]
    table = {(r["article_id"], r["actor"], r["target"]): r for r in article_actor_table(rows)}
    assert table[("art", "Alice", T)]["majority"] == "supportive" and table[("art", "Alice", T)]["pairs"] == 4
    assert table[("art2", "Alice", T)]["majority"] == "opposed"
    assert table[("art2", "Alice", T)]["strongest_quote"] == "a later no"
    assert table[("", "Alice", U)]["majority"] == "supportive"          # a given pair has no article
    assert actor_table(rows)[0]["majority"] == "opposed"                  # across articles: 3 no's against 2 yes's
    assert [key[0] for key in table] == sorted(key[0] for key in table)


def test_network_nodes_edges_and_weights():
    graph = discourse_network(actor_table(ROWS))
    assert {n: d["kind"] for n, d in graph.nodes(data=True)} == {
        "actor:Alice": "actor", "actor:Bob": "actor", "actor:Carol": "actor", f"target:{T}": "target",
        f"target:{U}": "target"}
    assert set(graph.edges) == {("actor:Alice", f"target:{T}"), ("actor:Bob", f"target:{T}"),
                                ("actor:Alice", f"target:{U}")}
    alice = graph.edges["actor:Alice", f"target:{T}"]
    assert (alice["weight"], alice["net_stance"], alice["majority"]) == (3, 1.0, "supportive")
    bob = graph.edges["actor:Bob", f"target:{T}"]
    assert (bob["net_stance"], bob["mean_stance"]) == (-1.5, -0.75)


def test_files_written_beside_the_output(tmp_path):
    output = tmp_path / "out" / "pred.jsonl"
    paths = write_actor_outputs(ROWS, output, chart_max_bars=40)
    assert paths == actor_output_paths(output)
    assert {p.name for p in paths.values()} == {"pred.actors.csv", "pred.article_actors.csv", "pred.actors.png",
                                                "pred.actors.html", "pred.network.graphml", "pred.edges.csv"}
    assert all(p.parent == output.parent for p in paths.values())

    with open(paths["table"], newline="", encoding="utf-8") as handle:
        table = list(csv.DictReader(handle))
    assert len(table) == 4 and table[0]["actor"] == "Alice" and table[0]["supportive"] == "2"
    with open(paths["articles"], newline="", encoding="utf-8") as handle:
        per_article = list(csv.DictReader(handle))
    assert [(r["article_id"], r["actor"], r["majority"]) for r in per_article][:2] == [("", "Alice", "supportive"),
                                                                                    ("art", "Alice", "supportive")]

    graph = nx.read_graphml(paths["graph"])
    assert graph.is_directed() and graph.number_of_nodes() == 5 and graph.number_of_edges() == 3
    assert graph.nodes[f"target:{T}"] == {"kind": "target", "label": T, "pairs": 7, "off_target": 2}
    edge = graph.edges["actor:Bob", f"target:{T}"]
    assert (edge["weight"], edge["doubtful"], edge["opposed"], edge["majority"]) == (2, 1, 1, "opposed")

    with open(paths["edges"], newline="", encoding="utf-8") as handle:
        edges = list(csv.DictReader(handle))
    assert {(e["source"], e["target"]) for e in edges} == set(graph.edges)

    assert paths["chart"].read_bytes()[:4] == b"\x89PNG"
    html = paths["html"].read_text(encoding="utf-8")
    assert re.findall(r'<img src="([^"]{22})', html) == ["data:image/png;base64,"]
    assert not re.search(r"(src|href)=\"https?:", html) and "a strong yes" in html


def test_no_pairs_still_writes_every_file(tmp_path):
    paths = write_actor_outputs([], tmp_path / "empty.jsonl", chart_max_bars=40)
    assert all(p.exists() for p in paths.values())
    assert nx.read_graphml(paths["graph"]).number_of_nodes() == 0
