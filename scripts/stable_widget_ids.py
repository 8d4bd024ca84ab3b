"""Give the widgets stored in executed notebooks stable ids, so `make notebooks` twice gives no diff.

ipywidgets names every widget model with a random uuid4, both in the outputs
(`application/vnd.jupyter.widget-view+json`) and in the saved widget state
(`metadata.widgets`). We rename each model to a uuid5 derived from the
notebook's name and the order in which the model is reached: outputs in cell
order, then the models each one refers to ("IPY_MODEL_<id>").

Usage: python scripts/stable_widget_ids.py notebooks/*.ipynb
"""

from __future__ import annotations

import json
import re
import sys
import uuid
from pathlib import Path

import nbformat

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
STATE_MIME = "application/vnd.jupyter.widget-state+json"
REFERENCE = re.compile(r"IPY_MODEL_([0-9a-f]{32})")


def _output_ids(notebook) -> list[str]:
    return [
        output["data"][WIDGET_VIEW]["model_id"]
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if WIDGET_VIEW in output.get("data", {})
    ]


def stable_ids(path: Path) -> bool:
    """Rewrite ``path`` in place; return True if anything changed."""
    original = path.read_text(encoding="utf-8")
    notebook = nbformat.reads(original, as_version=4)
    state = notebook.metadata.get("widgets", {}).get(STATE_MIME, {}).get("state", {})
    order: list[str] = []
    queue = _output_ids(notebook)
    while queue:
        model_id = queue.pop(0)
        if model_id in order:
            continue
        order.append(model_id)
        queue.extend(REFERENCE.findall(json.dumps(state.get(model_id, {}), sort_keys=True)))
    orphans = sorted((m for m in state if m not in order), key=lambda m: json.dumps(state[m], sort_keys=True))
    renames = {old: uuid.uuid5(uuid.NAMESPACE_URL, f"{path.name}/{i}").hex for i, old in enumerate(order + orphans)}
    if not renames:
        return False
    pattern = re.compile("|".join(map(re.escape, renames)))
    text = pattern.sub(lambda match: renames[match.group()], original)
    renamed = nbformat.reads(text, as_version=4)
    output = nbformat.writes(renamed) + "\n"
    if output != original:
        path.write_text(output, encoding="utf-8")
        return True
    return False


if __name__ == "__main__":
    for name in sys.argv[1:]:
        if stable_ids(Path(name)):
            print(f"stable widget ids: {name}")
