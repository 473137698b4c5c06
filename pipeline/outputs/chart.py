"""The actor chart: one horizontal bar per actor (and target), stacked by stance."""
from __future__ import annotations

from typing import Mapping, Sequence

from pipeline.data.schema import STANCES
from pipeline.evaluation.figures import plt, to_png

COLORS = {"supportive": "#2c7bb6", "doubtful": "#fdae61", "opposed": "#d7191c", "off_target": "#c8c8c8"}


def bar_label(row: Mapping, several_targets: bool) -> str:
    """The actor, with the target when the table has more than one."""
    return f"{row['actor']} ({row['target']})" if several_targets else row["actor"]


def actor_chart_png(table: Sequence[Mapping], max_bars: int) -> bytes:
    """Stacked bars of stance and off-target pair counts for the first `max_bars` table rows, largest on top."""
    shown = list(table[:max_bars])
    several_targets = len({r["target"] for r in table}) > 1
    fig, ax = plt.subplots(figsize=(9, 1.4 + 0.32 * max(len(shown), 1)), layout="constrained")
    labels = [bar_label(r, several_targets) for r in shown][::-1]
    left = [0] * len(shown)
    for part in (*STANCES, "off_target"):
        counts = [r[part] for r in shown][::-1]
        ax.barh(labels, counts, left=left, color=COLORS[part], label=part.replace("_", " "))
        left = [a + b for a, b in zip(left, counts)]
    if not shown:
        ax.text(0.5, 0.5, "no actor-quote pairs", ha="center", va="center", transform=ax.transAxes)
        ax.set_yticks([])
    ax.set_xlabel("pairs")
    ax.xaxis.get_major_locator().set_params(integer=True)
    more = f" (the {len(shown)} of {len(table)} with most stance pairs)" if len(table) > len(shown) else ""
    toward = f" toward {table[0]['target']}" if table and not several_targets else ""
    ax.set_title(f"Stances per actor{toward}{more}")
    fig.legend(loc="outside lower center", ncol=4, frameon=False, fontsize=9)
    ax.spines[["top", "right"]].set_visible(False)
    return to_png(fig)
