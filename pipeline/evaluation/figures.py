"""Report figures drawn with matplotlib (Agg, no display) and returned as PNG bytes."""
from __future__ import annotations

import io
from typing import Mapping, Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (the backend is chosen first)
from matplotlib.figure import Figure  # noqa: E402

DPI = 110


def to_png(fig: Figure) -> bytes:
    """The figure as PNG bytes; the figure is closed."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def confusion_png(matrix: Sequence[Sequence[int]], labels: Sequence[str], title: str) -> bytes:
    """A confusion matrix (rows gold, columns predicted) with counts in the cells."""
    fig, ax = plt.subplots(figsize=(4.2, 3.6))
    values = [list(row) for row in matrix] or [[0] * len(labels) for _ in labels]
    top = max(max(row) for row in values) or 1
    ax.imshow(values, cmap="Blues", vmin=0, vmax=top)
    for i, row in enumerate(values):
        for j, value in enumerate(row):
            ax.text(j, i, str(value), ha="center", va="center", color="white" if value > top / 2 else "black")
    ax.set_xticks(range(len(labels)), labels, rotation=30, ha="right")
    ax.set_yticks(range(len(labels)), labels)
    ax.set_xlabel("predicted")
    ax.set_ylabel("gold")
    ax.set_title(title)
    return to_png(fig)


def reliability_png(bins: Sequence[Mapping], ece: float, title: str) -> bytes:
    """Reliability diagram: accuracy per confidence bin against the diagonal, pair counts along the top."""
    fig, ax = plt.subplots(figsize=(4.2, 3.6))
    width = bins[0]["upper"] - bins[0]["lower"] if bins else 0.1
    filled = [b for b in bins if b["count"]]
    ax.bar([b["lower"] for b in filled], [b["accuracy"] for b in filled], width=width, align="edge",
           color="#9ab6dc", edgecolor="white", label="accuracy")
    ax.plot([b["confidence"] for b in filled], [b["accuracy"] for b in filled], "o", color="#dd8452",
            label="mean confidence")
    counts = ax.secondary_xaxis("top")
    counts.set_xticks([b["lower"] + width / 2 for b in filled], [str(b["count"]) for b in filled], fontsize=7)
    counts.tick_params(length=0)
    counts.set_xlabel("pairs in the bin", fontsize=8)
    ax.plot([0, 1], [0, 1], "--", color="grey", linewidth=1, label="perfect calibration")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("confidence (score of the predicted label)")
    ax.set_ylabel("accuracy")
    ax.set_title(f"{title} (ECE {ece:.3f})")
    ax.legend(loc="upper left", fontsize=7)
    return to_png(fig)
