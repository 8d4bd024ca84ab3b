"""Accessibility checks run in the browser: axe-core, the accessibility tree, the keyboard, focus and order.

Each check returns what it found wrong (an empty list when all is well), so a test can assert that our
content passes and, on a deliberately broken widget, that the check reports the fault.

axe-core comes from npm (tests/servers/package.json, installed by `make test` with `npm ci`) and is
injected into the page; it runs only over our content (cell outputs and rendered markdown), never over
JupyterLab's own interface. What is left out even there is listed, with a reason, in axe-exclusions.yaml.
"""

from __future__ import annotations

import os
import re

import pytest
import yaml

from .lab_server import REPO

AXE_JS = REPO / "tests" / "servers" / "node_modules" / "axe-core" / "axe.min.js"
EXCLUSIONS_FILE = REPO / "tests" / "browser" / "axe-exclusions.yaml"
# WCAG 2.0 and 2.1, levels A and AA: the rules axe tags with these.
WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Our content in a notebook: what cells put out, and the markdown as JupyterLab renders it.
OUTPUTS = ".jp-NotebookPanel .jp-OutputArea-output"
MARKDOWN = ".jp-NotebookPanel .jp-MarkdownOutput"
# Roles a person operates or must have named; an unnamed one is a fault (images included).
NAMED_ROLES = (
    "button",
    "checkbox",
    "combobox",
    "img",
    "link",
    "listbox",
    "radio",
    "searchbox",
    "slider",
    "spinbutton",
    "switch",
    "tab",
    "textbox",
)


def axe_exclusions() -> list[dict]:
    """The parts of the page axe is told to leave out, each with its reason (axe-exclusions.yaml)."""
    entries = yaml.safe_load(EXCLUSIONS_FILE.read_text(encoding="utf-8")) or []
    for entry in entries:
        assert entry.get("selector") and entry.get("reason", "").strip(), f"{EXCLUSIONS_FILE}: {entry} needs a reason"
    return entries


def load_axe(page) -> None:
    if not AXE_JS.exists():
        message = (
            f"axe-core is not installed ({AXE_JS} is missing): run `npm ci --prefix tests/servers` "
            "(`make test` and `make test-browser` do it)"
        )
        if os.environ.get("READINGLAB_REQUIRE_BROWSER") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_JS))


_RUN_AXE = """async ({include, exclude, tags}) => {
  const nodes = [...document.querySelectorAll(include)];
  if (!nodes.length) return null;
  const result = await axe.run({include: nodes, exclude: exclude}, {
    runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
  });
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 300), summary: n.failureSummary})),
  }));
}"""


def axe_violations(page, include: str) -> list[dict]:
    """axe-core's WCAG 2.0/2.1 A and AA violations in the elements ``include`` selects (a CSS selector)."""
    load_axe(page)
    exclude = [entry["selector"] for entry in axe_exclusions()]
    violations = page.evaluate(_RUN_AXE, {"include": include, "exclude": exclude, "tags": WCAG_AA_TAGS})
    assert violations is not None, f"nothing on the page matches {include!r}: there is nothing to check"
    return violations


def describe(violations: list[dict]) -> str:
    """Violations as a readable list: rule, what it asks, and each element at fault."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {node['target']}: {node['html'][:160]}")
            lines.append("      " + " ".join(node["summary"].split())[:300])
    return "\n".join(lines)


def unnamed_controls(snapshot: str) -> list[str]:
    """Lines of a Playwright aria snapshot that show a control or image with no accessible name."""
    pattern = re.compile(rf"^\s*- ({'|'.join(NAMED_ROLES)})(?=$|[\s:\[])(?P<rest>.*)$")
    found = []
    for line in snapshot.splitlines():
        match = pattern.match(line)
        if match and not match.group("rest").lstrip().startswith('"'):
            found.append(line.strip())
        elif match and re.match(r'^\s*""', match.group("rest")):
            found.append(line.strip())
    return found


# The focused element's look, the parts that show focus: outline, shadow, border and background.
_LOOK = """e => { const s = getComputedStyle(e);
  const outline = (s.outlineStyle === 'none' || parseFloat(s.outlineWidth) === 0) ? 'none'
                  : `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`;
  return [outline, s.boxShadow, s.borderTopColor, s.borderBottomColor, s.backgroundColor].join(' | '); }"""


class KeyboardWalk:
    """Tab through the page with the keyboard only, remembering each stop inside ``root``.

    At each stop inside the widget it notes where the element is on the screen and how it looks
    focused; ``focus_not_visible()`` then compares that with how it looks once focus has moved on.
    """

    def __init__(self, page, root):
        self.page, self.root = page, root
        self.stops: list[dict] = []
        page.evaluate("() => { window.__a11yStops = []; }")

    def tab(self, shift: bool = False) -> dict | None:
        self.page.keyboard.press("Shift+Tab" if shift else "Tab")
        return self._note(backwards=shift)

    def tab_to(self, target, limit: int = 40) -> None:
        """Press Tab until ``target`` (a locator) has the focus; fail if it never does."""
        for _ in range(limit):
            if target.evaluate("e => e === document.activeElement"):
                return
            self.tab()
        raise AssertionError(f"{limit} presses of Tab never reached {target}")

    def _note(self, backwards: bool = False) -> dict | None:
        inside = self.root.evaluate("(root) => root.contains(document.activeElement)")
        if not inside:
            return None
        stop = self.page.evaluate(
            f"""() => {{ const e = document.activeElement; const r = e.getBoundingClientRect();
                 window.__a11yStops.push({{element: e, look: ({_LOOK})(e)}});
                 return {{index: window.__a11yStops.length - 1, tag: e.tagName,
                          name: e.getAttribute('aria-label') || e.textContent.trim().slice(0, 40) || e.id,
                          x: r.left + window.scrollX, y: r.top + window.scrollY, height: r.height}}; }}"""
        )
        stop["backwards"] = backwards
        self.stops.append(stop)
        return stop

    def focus_not_visible(self) -> list[str]:
        """The stops whose look did not change with the focus (only those the focus has left)."""
        return self.page.evaluate(
            f"""() => window.__a11yStops
                 .filter(stop => stop.element !== document.activeElement)
                 .filter(stop => ({_LOOK})(stop.element) === stop.look)
                 .map(stop => stop.element.outerHTML.slice(0, 160))"""
        )

    def out_of_reading_order(self) -> list[str]:
        """Pairs of successive stops where Tab takes the focus back up the page, or left along a line."""
        problems = []
        for before, after in zip(self.stops, self.stops[1:]):
            if before["backwards"] or after["backwards"]:
                continue  # Shift+Tab goes back on purpose
            same_line = abs(after["y"] - before["y"]) < max(before["height"], after["height"], 20) / 2
            if after["y"] < before["y"] - 2 and not same_line or same_line and after["x"] < before["x"]:
                problems.append(f"{before['tag']} {before['name']!r} then {after['tag']} {after['name']!r}")
        return problems


def headings_out_of_order(page, include: str = MARKDOWN) -> list[str]:
    """Heading problems in the rendered markdown: not exactly one h1, or a level skipped on the way down."""
    levels = page.evaluate(
        """include => [...document.querySelectorAll(include)]
             .flatMap(block => [...block.querySelectorAll('h1, h2, h3, h4, h5, h6')])
             .map(h => [Number(h.tagName[1]), h.textContent.replace('¶', '').trim()])""",
        include,
    )
    problems = []
    top = [text for level, text in levels if level == 1]
    if len(top) != 1:
        problems.append(f"{len(top)} top-level headings (h1), not one: {top}")
    if levels and levels[0][0] != 1:
        problems.append(f"the first heading is an h{levels[0][0]}, not the h1: {levels[0][1]!r}")
    for (before, _), (level, text) in zip(levels, levels[1:]):
        if level > before + 1:
            problems.append(f"h{before} is followed by h{level} ({text!r}): a level is skipped")
    return problems


# Link texts that do not say where a link goes.
VAGUE_LINK_TEXT = re.compile(r"^(here|click here|this|this page|link|more|read more|https?://\S+)$", re.IGNORECASE)


def tables_without_headers(page, include: str) -> list[str]:
    """Tables in our content whose first row has no header cell (<th>)."""
    return page.evaluate(
        """include => [...document.querySelectorAll(include)]
             .flatMap(block => [...block.querySelectorAll('table')])
             .filter(t => !t.rows.length || !t.rows[0].querySelector('th'))
             .map(t => t.outerHTML.slice(0, 160))""",
        include,
    )


def vague_links(page, include: str) -> list[str]:
    """Links in our content whose text does not say where they go ("here", a bare address...)."""
    texts = page.evaluate(
        """include => [...document.querySelectorAll(include)]
             .flatMap(block => [...block.querySelectorAll('a[href]')])
             .filter(a => !a.classList.contains('jp-InternalAnchorLink'))
             .map(a => (a.getAttribute('aria-label') || a.textContent).trim())""",
        include,
    )
    return [text for text in texts if not text or VAGUE_LINK_TEXT.match(text)]
