"""Feedback HTML that is safe to send: no hidden tests, no mark schemes, the visible checks kept.

nbgrader's feedback shows each check cell's source, hidden tests included, and
each task cell's mark scheme (upstream issues #917, #1363). We keep nbgrader's
``generate_feedback`` and add one preprocessor, :class:`HideHiddenTests`, that
works on the in-memory copy of each autograded notebook (the files in
``autograded/`` are never changed):

- the hidden-test block of every check cell is replaced by one comment line,
  and mark-scheme regions are removed (both found by nbgrader's own delimiters);
- outputs stay: the ✔ lines the visible checks print, and the traceback and
  message of a visible ``assert`` that failed;
- an error raised *inside* the hidden block is replaced by a neutral line
  ("a hidden check did not pass"): its traceback would quote hidden code, and
  hidden messages were written for the grader, not the student (they may name
  the expected answer). A traceback of a visible failure loses any context
  lines that fall in the hidden block.

nbgrader's score line for each cell (pass/fail) is untouched. As a last guard,
every HTML file is searched for the hidden-test and mark-scheme lines of the
source notebook; a file that still contains one is deleted and reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from bs4 import BeautifulSoup
from bs4.element import Comment, Declaration, Doctype, NavigableString, ProcessingInstruction
from nbconvert.exporters import HTMLExporter
from nbconvert.preprocessors import Preprocessor
from nbgrader.preprocessors import ClearHiddenTests, ClearMarkScheme
from traitlets import Bool

from .course import Course, CourseError

# nbgrader's own delimiters, so this stays in step with nbgrader (and no answer markers live in our package).
BEGIN_HIDDEN = ClearHiddenTests.begin_test_delimeter.default_value
END_HIDDEN = ClearHiddenTests.end_test_delimeter.default_value
BEGIN_SCHEME = ClearMarkScheme.begin_mark_scheme_delimeter.default_value
END_SCHEME = ClearMarkScheme.end_mark_scheme_delimeter.default_value
HIDDEN_PLACEHOLDER = "# (Further hidden checks ran here. They are not shown.)"
HIDDEN_FAILURE = (
    "A hidden check did not pass: your answer has the right form but is not right yet. "
    "Re-read the question and the passage it points to."
)
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_FRAME = re.compile(r"Cell In\[(\d+)\], line (\d+)")
_NUMBERED = re.compile(r"^\s*(?:-+>\s*)?(\d+)\s")


# What nbgrader's feedback template gets wrong for WCAG 2.1 AA (found by axe-core in Chromium, issue 15),
# put right in every page `course feedback` writes.
ACCESSIBLE_CSS = """
/* Added by readinglab (WCAG 2.1 AA): nbgrader's feedback template falls short here. */
a { color: #1d4f7c; text-decoration: underline; }  /* 7.8:1 on the grey panels; underlined, not told by colour */
pre { white-space: pre-wrap; word-break: break-word; }  /* wrapped: no region that only scrolls with a mouse */
.score-heading { font-size: 18px; font-weight: bold; margin: 10px 0; }
div.nbgrader_cell .panel-heading a { color: #ffffff; }  /* was #BBBBBB on blue: 2.4:1 */
.highlight, .highlight pre, div.input_area pre, div.output_area pre, div.output_subarea { background: #ffffff; }  /* code and traceback colours reach 4.5:1 on white */
"""


def accessible_page(page: str, language: str = "en") -> str:
    """A feedback page with what nbgrader's template gets wrong put right.

    The page states its language; links are dark enough and underlined; code and tracebacks wrap
    instead of scrolling; the score line above the notebook is no longer an ``<h4>`` before its ``<h1>``
    (headings then start at level 1 and go down in order); the contents' links say which cell they go to
    ("Test cell check_who_said", not six links all called "Test cell").
    """
    page = re.sub(r"<html(?![^>]*\blang=)", f'<html lang="{language}"', page, count=1)
    page = page.replace("</head>", f"<style>{ACCESSIBLE_CSS}</style>\n</head>", 1)
    page = re.sub(
        r'(<div class="panel-heading">\s*)<h4>(.*?)</h4>',
        r'\1<p class="score-heading">\2</p>',
        page,
        count=1,
        flags=re.S,
    )
    return re.sub(r'<a href="#([\w-]+)">(Test cell|Task)</a>', r'<a href="#\1">\2 \1</a>', page)


class AccessibleFeedbackExporter(HTMLExporter):
    """nbgrader's feedback page (its ``feedback`` template), with :func:`accessible_page`'s fixes applied.

    Named as ``c.GenerateFeedback.exporter_class`` in ``course/nbgrader_config.py``, so every way of
    writing feedback with the course config gets the fixed page: ``course feedback``, and also the
    formgrader's "Generate Feedback" button and ``nbgrader generate_feedback``, which never pass
    through our command.
    """

    def from_notebook_node(self, nb, resources=None, **kwargs):
        output, resources = super().from_notebook_node(nb, resources, **kwargs)
        return accessible_page(output), resources


def _marked_lines(source: str, begin: str, end: str) -> set[int]:
    """Line numbers (from 1) from each ``begin`` marker to its ``end`` marker, both included."""
    inside, lines = False, set()
    for number, line in enumerate(source.split("\n"), start=1):
        if begin in line:
            inside = True
        if inside:
            lines.add(number)
        if end in line:
            inside = False
    return lines


def _without_marked(source: str, begin: str, end: str, placeholder: str | None) -> str:
    kept, inside = [], False
    for line in source.split("\n"):
        if begin in line:
            inside = True
            if placeholder is not None:
                kept.append(placeholder)
        elif end in line:
            inside = False
        elif not inside:
            kept.append(line)
    return "\n".join(kept)


def _is_grade_cell(cell) -> bool:
    return bool(cell.get("metadata", {}).get("nbgrader", {}).get("grade"))


class HideHiddenTests(Preprocessor):
    """Remove hidden tests and mark schemes from a notebook's sources, and their traces from its outputs."""

    enabled = Bool(True)  # nbconvert's preprocessors are off unless enabled

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code" and _is_grade_cell(cell):
            hidden = _marked_lines(cell.source, BEGIN_HIDDEN, END_HIDDEN)
            if hidden:
                cell.outputs = [
                    self._safe_output(output, hidden, cell.get("execution_count")) for output in cell.get("outputs", [])
                ]
                cell.source = _without_marked(cell.source, BEGIN_HIDDEN, END_HIDDEN, HIDDEN_PLACEHOLDER)
        if BEGIN_SCHEME in cell.source:
            cell.source = _without_marked(cell.source, BEGIN_SCHEME, END_SCHEME, None).rstrip() + "\n"
        return cell, resources

    @staticmethod
    def _safe_output(output, hidden: set[int], execution_count):
        if output.get("output_type") != "error":
            return output
        own_frame = f"Cell In[{execution_count}]" if execution_count is not None else "Cell In["
        frames = [_ANSI.sub("", entry) for entry in output.get("traceback", [])]
        failing_lines = {
            int(line)
            for frame in frames
            for count, line in _FRAME.findall(frame)
            if own_frame == "Cell In[" or count == str(execution_count)
        }
        if failing_lines & hidden:
            return nbformat.v4.new_output(
                "error",
                ename=output.get("ename", "Error"),
                evalue=HIDDEN_FAILURE,
                traceback=[f"{output.get('ename', 'Error')}: {HIDDEN_FAILURE}"],
            )
        safe = dict(output)
        safe["traceback"] = []
        for entry in output.get("traceback", []):
            if own_frame in _ANSI.sub("", entry):
                entry = "\n".join(
                    line
                    for line in entry.split("\n")
                    if not ((m := _NUMBERED.match(_ANSI.sub("", line))) and int(m.group(1)) in hidden)
                )
            safe["traceback"].append(entry)
        return nbformat.from_dict(safe)


# ====================================================================== the leak check


def page_text(page: str) -> str:
    """The text a reader of an HTML page sees: tags, comments, scripts and styles gone, entities unescaped,
    whitespace collapsed (BeautifulSoup, with Python's own HTML parser)."""
    soup = BeautifulSoup(page, "html.parser")
    lowered = page.lower()
    unclosed = []
    for name in ("script", "style"):
        elements, closed = soup(name), lowered.count(f"</{name}")
        for element in elements[:closed]:
            element.decompose()
        if len(elements) > closed:
            unclosed.append(lowered.rfind(f"<{name}"))
    # Every string a browser may show (<template>, <rt> and CDATA too), none of the markup's own.
    skipped = (Comment, Declaration, Doctype, ProcessingInstruction)
    strings = [s for s in soup.descendants if isinstance(s, NavigableString) and not isinstance(s, skipped)]
    opened = page.find(">", min(unclosed)) if unclosed else -1
    if opened != -1:  # Python's parser drops all that follows a <script> never closed: the guard still reads it
        strings.append(" " + page_text(page[opened + 1 :]))
    return " ".join("".join(strings).split())


def visible_text(page: str) -> str:
    """:func:`page_text`, without the backticks and asterisks Markdown adds, for matching source lines."""
    return _normalise(page_text(page))


def _normalise(text: str) -> str:
    return " ".join(re.sub(r"[`*]", "", text).split())


def secret_lines(source_notebook: Path, minimum: int = 25) -> list[str]:
    """Distinctive lines of the hidden tests and mark schemes that appear nowhere in the visible parts."""
    nb = nbformat.read(source_notebook, as_version=4)
    secret, visible = set(), set()
    for cell in nb.cells:
        lines = cell.source.split("\n")
        marked = _marked_lines(cell.source, BEGIN_HIDDEN, END_HIDDEN) | _marked_lines(
            cell.source, BEGIN_SCHEME, END_SCHEME
        )
        for number, line in enumerate(lines, start=1):
            text = _normalise(re.sub(r"^\s*(?:[-+>]|\d+\.)\s+", "", line))
            (secret if number in marked else visible).add(text)
    shown = "\n".join(visible)
    return sorted(line for line in secret if len(line) >= minimum and line not in shown)


def leaked(page: str, secrets: list[str]) -> list[str]:
    text = visible_text(page)
    return [line for line in secrets if line in text]


# ====================================================================== the command


@dataclass
class FeedbackRun:
    assignment: str
    written: dict[str, list[Path]] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    show_hidden_tests: bool = False

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        kind = (
            "nbgrader's own feedback (hidden tests and mark schemes INCLUDED)"
            if self.show_hidden_tests
            else "feedback without hidden tests or mark schemes"
        )
        lines = [
            f"{self.assignment}: {kind} for {len(self.written)} student(s), in feedback/<student>/{self.assignment}/."
        ]
        lines += [f"  ✘ {student}: {reason}" for student, reason in self.failed.items()]
        return "\n".join(lines)


def feedback_config(course: Course, show_hidden_tests: bool):
    from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
    from nbgrader.preprocessors import GetGrades

    config = course.config()
    # Set here too, so a course config that does not name it still gets pages fixed for WCAG 2.1 AA.
    config.GenerateFeedback.exporter_class = AccessibleFeedbackExporter
    # Set either way: the course config may already name HideHiddenTests for nbgrader's own feedback.
    config.GenerateFeedback.preprocessors = (
        [GetGrades, CSSHTMLHeaderPreprocessor]
        if show_hidden_tests
        else [GetGrades, HideHiddenTests, CSSHTMLHeaderPreprocessor]
    )
    return config


def generate_feedback(
    course: Course, assignment: str, *, show_hidden_tests: bool = False, students: list[str] | None = None
) -> FeedbackRun:
    """Write ``feedback/<student>/<assignment>/*.html`` for every autograded student (or only ``students``)."""
    from .grading.assignment import Assignment

    course.require_generated(assignment)
    autograded = Assignment.resolve(course, assignment).autograded_students()
    if students:
        unknown = [s for s in students if s not in autograded]
        if unknown:
            raise CourseError(f"No autograded {assignment} for {', '.join(unknown)}. Run `course grade` first.")
        autograded = list(students)
    if not autograded:
        raise CourseError(
            f"Nothing to give feedback on: no student has an autograded {assignment}. "
            f"Run `course grade {assignment}` first."
        )
    api = course.api(feedback_config(course, show_hidden_tests))
    secrets = [] if show_hidden_tests else secret_lines(course.source_notebook(assignment))
    run = FeedbackRun(assignment, show_hidden_tests=show_hidden_tests)
    for student in autograded:
        result = api.generate_feedback(assignment, student, force=True)
        folder = course.root / "feedback" / student / assignment
        pages = sorted(folder.glob("*.html"))
        if not result["success"] or not pages:
            lines = [line for line in (result.get("error") or result.get("log") or "").splitlines() if line.strip()]
            run.failed[student] = f"nbgrader could not write the feedback: {lines[-1] if lines else 'no message'}"
            continue
        leaks = [(page, found) for page in pages if (found := leaked(page.read_text(encoding="utf-8"), secrets))]
        if leaks:
            for page, _ in leaks:
                page.unlink()
            run.failed[student] = (
                f"deleted {leaks[0][0].name}: it still showed hidden or mark-scheme text ({leaks[0][1][0][:60]!r}...)"
            )
            continue
        run.written[student] = pages
    return run
