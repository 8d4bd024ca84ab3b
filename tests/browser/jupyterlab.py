"""What a person does in JupyterLab, as Playwright steps: open a notebook, run it, read what it shows.

Every wait is an explicit condition with a time limit; nothing sleeps and retries.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat

KERNEL_IDLE = "Python 3 (ipykernel) | Idle"
KERNEL_START_TIMEOUT = 90_000  # ms: a cold kernel on a busy 2-core machine
RUN_ALL_TIMEOUT = 180_000  # ms: the longest lesson runs in about 10 s
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# The widget manager's placeholders: left on the page, they mean a widget never rendered.
WIDGET_FAILURE_TEXTS = ("Error displaying widget", "Loading widget")

_STATUS_BAR_SAYS = "text => document.querySelector('#jp-main-statusbar')?.innerText.includes(text)"

# The open notebook as the front end holds it: one entry per code cell.
_CODE_CELLS = """() => {
  const notebook = window.jupyterapp.shell.currentWidget.content;
  const cells = [];
  notebook.widgets.forEach((cell, index) => {
    if (cell.model.type !== 'code') return;
    const outputs = [];
    for (let i = 0; i < cell.model.outputs.length; i++) {
      const output = cell.model.outputs.get(i).toJSON();
      outputs.push({type: output.output_type, ename: output.ename || null, evalue: output.evalue || null,
                    mimes: Object.keys(output.data || {})});
    }
    cells.push({index, executionCount: cell.model.executionCount, outputs});
  });
  return cells;
}"""


def open_notebook(page, lab, path: str) -> None:
    """Open ``path`` (relative to the server root) and wait until its kernel is started and idle."""
    page.goto(lab.lab_url(path))
    page.locator(".jp-NotebookPanel").first.wait_for(state="visible", timeout=KERNEL_START_TIMEOUT)
    wait_until_kernel_idle(page, timeout=KERNEL_START_TIMEOUT)


def wait_until_kernel_idle(page, timeout: int = RUN_ALL_TIMEOUT) -> None:
    page.wait_for_function(_STATUS_BAR_SAYS, arg=KERNEL_IDLE, timeout=timeout)


def run_all(page) -> list[dict]:
    """Run every cell, as Run > Run All Cells does, and wait until the run is over and the kernel rests.

    The run is over when every code cell has an execution count, or when a cell raised (JupyterLab
    then leaves the cells below it unrun). Returns the code cells (index, executionCount, outputs)
    as the front end holds them.
    """
    # Clearing first drops the saved execution counts, so a count can only come from this run.
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
    page.wait_for_function(f"() => ({_CODE_CELLS})().every(cell => cell.executionCount === null)")
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(
        f"""text => {{
          const cells = ({_CODE_CELLS})();
          const over = cells.every(cell => Number.isInteger(cell.executionCount))
                       || cells.some(cell => cell.outputs.some(output => output.type === 'error'));
          return over && ({_STATUS_BAR_SAYS})(text);
        }}""",
        arg=KERNEL_IDLE,
        timeout=RUN_ALL_TIMEOUT,
    )
    return code_cells(page)


def outputs_text(page) -> str:
    return "\n".join(page.locator(".jp-NotebookPanel .jp-OutputArea-output").all_inner_texts())


def code_cells(page) -> list[dict]:
    return page.evaluate(_CODE_CELLS)


def wait_until_widgets_rendered(page, timeout: int = 60_000) -> None:
    """Wait until no widget placeholder ("Loading widget...") is left in the notebook."""
    page.wait_for_function(
        """() => !document.querySelector('.jp-NotebookPanel .jp-OutputArea-output')
                 || ![...document.querySelectorAll('.jp-NotebookPanel .jp-OutputArea-output')]
                       .some(output => output.innerText.includes('Loading widget'))""",
        timeout=timeout,
    )


def widget_roots(page):
    """The top element of every widget shown in a cell output."""
    return page.locator(".jp-NotebookPanel .jp-OutputArea-output > .jupyter-widgets")


def broken_widgets(page):
    """Widgets the front end could not show (e.g. a front-end/kernel version mismatch).

    They show only a "Click to show javascript error." icon; the message sits in the element's hidden text.
    """
    return page.locator(".jp-NotebookPanel .jupyter-widgets-error-widget")


def widget_failures(page) -> list[str]:
    """Every sign on the page that a widget did not render, as readable messages (empty when all is well)."""
    failures = [
        f"a widget shows the front end's error icon ({' '.join(text.split())})"
        for text in broken_widgets(page).all_text_contents()
    ]
    shown = outputs_text(page)
    failures += [f"{text!r} in the outputs" for text in WIDGET_FAILURE_TEXTS if text in shown]
    return failures


def error_outputs(page):
    """Tracebacks as JupyterLab shows them (stderr text, e.g. warnings, is not an error)."""
    return page.locator('.jp-NotebookPanel [data-mime-type="application/vnd.jupyter.error"]')


def stored_widget_count(path: Path) -> int:
    """How many widget views a notebook's stored outputs hold: the widgets the lesson displays."""
    notebook = nbformat.read(path, as_version=4)
    return sum(
        WIDGET_VIEW in output.get("data", {})
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
    )


def write_scratch_notebook(lab, name: str, *sources: str) -> str:
    """A small notebook in the server's copy of the course; returns its path for open_notebook()."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    folder = lab.root / "scratch"
    folder.mkdir(exist_ok=True)
    nbformat.write(notebook, folder / f"{name}.ipynb")
    return f"scratch/{name}.ipynb"


def show_in_scratch_notebook(page, lab, name: str, *sources: str):
    """Open a new notebook that runs ``sources``, run it, and return the widget the last cell displays."""
    open_notebook(page, lab, write_scratch_notebook(lab, name, *sources))
    cells = run_all(page)
    errors = [output for cell in cells for output in cell["outputs"] if output["type"] == "error"]
    assert not errors, f"the scratch notebook raised: {json.dumps(errors, indent=1)}"
    wait_until_widgets_rendered(page)
    failures = widget_failures(page)
    assert not failures, f"the widget did not render: {failures}"
    root = widget_roots(page).last
    root.wait_for(state="visible")
    return root
