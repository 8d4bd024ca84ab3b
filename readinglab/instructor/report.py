"""Grade reports for one assignment: a grades CSV, a per-question table and two plots.

Scores come from nbgrader's gradebook (a manual score, where a grader gave
one, takes precedence over the autograde, as in nbgrader); whether a check
raised an error comes from the autograded notebooks. Files are written to
``reports/<assignment>/`` in the course folder:

- ``grades.csv``: one row per student in the gradebook (status graded, failed
  or missing), a column per graded cell, then autograded points, total and maximum;
- ``questions.csv``: per question, the mean score and maximum, the mean as a
  share of the maximum, the share of students with full marks and the share
  whose check raised an error (graded students only);
- ``score-distribution.png`` and ``question-difficulty.png``;
- ``deadlines.csv``, when the assignment has a due date: each student on time, late (by how long,
  with nbgrader's late penalty) or extended (:mod:`.deadlines`);
- ``report.html``: both plots with alt text that states what each shows, the per-question table,
  and links to the CSVs that hold the numbers behind the plots (WCAG 2.1 AA, checked with axe-core).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import nbformat
from matplotlib.figure import Figure  # no pyplot: no global backend, no figure manager to close

from ..palette import OKABE_ITO
from .course import Course, CourseError


@dataclass
class Report:
    assignment: str
    grades: object  # pandas DataFrame, one row per student
    questions: object  # pandas DataFrame, one row per graded cell
    files: dict[str, Path]
    grading: dict | None = None  # the last `course grade` run's grading.json, when there is one
    deadlines: list | None = None  # deadlines.Lateness per student, when the assignment has a due date

    def how_graded(self) -> str:
        """One line on how the last `course grade` run judged the class: sandboxed or not, tamper-proof points."""
        if not self.grading:
            return "How graded: no grading.json (graded outside `course grade`)."
        sandbox = (
            "in the sandbox"
            if self.grading.get("sandboxed", False)
            else "WITHOUT the sandbox (--unsafe-no-sandbox): student code ran as the grader"
        )
        proof, most = self.grading.get("tamper_proof_points"), self.grading.get("max_points")
        checks = f"; {proof:g} of {most:g} autograded point(s) tamper-proof" if proof is not None and most else ""
        return f"How graded: {sandbox}{checks}."

    def hardest(self, count: int = 3):
        graded = self.questions.dropna(subset=["mean_share"])
        return graded.sort_values(["mean_share", "question"]).head(count)

    def summary(self) -> str:
        graded = (self.grades["status"] == "graded").sum()
        lines = [
            f"{self.assignment}: {graded} graded student(s) of {len(self.grades)} in the gradebook.",
            self.how_graded(),
        ]
        lines += [f"  {name:<22} {path}" for name, path in self.files.items()]
        if self.deadlines:
            lines.append("Against the due date:")
            lines += [f"  {row.student:<22} {row.describe()}" for row in self.deadlines]
        hardest = self.hardest()
        if len(hardest):
            lines.append("The questions the class found hardest (mean score as a share of the points):")
            for rank, row in enumerate(hardest.itertuples(), start=1):
                lines.append(
                    f"  {rank}. {row.question:<22} {row.mean_share:.0%} of {row.max_points:g} point(s)"
                    f" on average; {row.share_full_marks:.0%} full marks"
                )
        return "\n".join(lines)


def question_name(grade_id: str) -> str:
    """``check_deficit`` -> ``deficit``; a task cell keeps its name (``task_collapse``)."""
    return grade_id.removeprefix("check_")


def _cells(gb, assignment: str) -> list[dict]:
    """The graded cells of the assignment in notebook order: name, notebook, max points, autograded or not."""
    cells = []
    for notebook in gb.find_assignment(assignment).notebooks:
        for cell in notebook.grade_cells:
            cells.append(
                {
                    "name": cell.name,
                    "notebook": notebook.name,
                    "max_points": float(cell.max_score),
                    "auto": cell.cell_type == "code",
                }
            )
        for cell in notebook.task_cells:
            cells.append(
                {"name": cell.name, "notebook": notebook.name, "max_points": float(cell.max_score), "auto": False}
            )
    order = {}
    for notebook in gb.find_assignment(assignment).notebooks:
        for position, cell in enumerate(notebook.source_cells):
            order[(notebook.name, cell.name)] = position
    return sorted(cells, key=lambda c: (c["notebook"], order.get((c["notebook"], c["name"]), 10**6)))


def _cells_with_errors(path: Path) -> set[str]:
    """Grade ids of the check cells whose outputs hold an error, in one autograded notebook."""
    nb = nbformat.read(path, as_version=4)
    return {
        cell.metadata["nbgrader"]["grade_id"]
        for cell in nb.cells
        if cell.cell_type == "code"
        and cell.get("metadata", {}).get("nbgrader", {}).get("grade")
        and any(o.get("output_type") == "error" for o in cell.get("outputs", []))
    }


def collect_scores(course: Course, assignment: str):
    """(grades, cells, errors): one dict per student, the graded cells, and each student's failing checks."""
    from nbgrader.api import MissingEntry

    from .grading.assignment import Assignment

    resolved = Assignment.resolve(course, assignment)
    grades, errors = [], {}
    with course.gradebook() as gb:
        cells = _cells(gb, assignment)
        for student in sorted(gb.students, key=lambda s: s.id):
            row = {"student": student.id}
            try:
                submission = gb.find_submission(assignment, student.id)
            except MissingEntry:
                row["status"] = "missing"
                grades.append(row)
                continue
            found = {}
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    score = grade.manual_score if grade.manual_score is not None else grade.auto_score
                    if score is not None and grade.extra_credit:
                        score += grade.extra_credit
                    found[(notebook.name, grade.name)] = score
            folder = resolved.autograded(student.id)
            notebooks = {c["notebook"] for c in cells}
            autograded = all((folder / f"{name}.ipynb").is_file() for name in notebooks)
            row["status"] = "graded" if autograded else "failed"
            for cell in cells:
                row[cell["name"]] = found.get((cell["notebook"], cell["name"])) if autograded else None
            if autograded:
                errors[student.id] = set().union(*(_cells_with_errors(folder / f"{n}.ipynb") for n in notebooks))
            grades.append(row)
    return grades, cells, errors


def build_tables(course: Course, assignment: str):
    import pandas as pd

    rows, cells, errors = collect_scores(course, assignment)
    names = [c["name"] for c in cells]
    grades = pd.DataFrame(rows, columns=["student", "status", *names])
    auto = [c["name"] for c in cells if c["auto"]]
    graded = grades["status"] == "graded"
    grades["autograded_points"] = grades[auto].sum(axis=1, min_count=1).where(graded)
    grades["total"] = grades[names].sum(axis=1, min_count=1).where(graded)
    grades["max_points"] = sum(c["max_points"] for c in cells)
    questions = []
    students = grades[graded]
    for cell in cells:
        scores = students[cell["name"]].dropna().astype(float)
        marked = len(scores)
        questions.append(
            {
                "question": question_name(cell["name"]),
                "grade_id": cell["name"],
                "kind": "autograded" if cell["auto"] else "marked by hand",
                "max_points": cell["max_points"],
                "students_scored": marked,
                "mean_score": scores.mean() if marked else None,
                "mean_share": scores.mean() / cell["max_points"] if marked and cell["max_points"] else None,
                "share_full_marks": (scores >= cell["max_points"]).mean() if marked else None,
                "share_with_error": (
                    sum(cell["name"] in errors.get(s, set()) for s in students["student"]) / len(students)
                )
                if cell["auto"] and len(students)
                else None,
            }
        )
    return grades, pd.DataFrame(questions)


def _plot_distribution(grades, assignment: str, path: Path) -> None:
    graded = grades[grades["status"] == "graded"]
    totals = graded["autograded_points"].astype(float)
    auto_max = _auto_max(grades)
    fig = Figure(figsize=(8, 5), dpi=120, layout="constrained")
    ax = fig.subplots()
    bins = [x - 0.5 for x in range(int(auto_max) + 2)]
    ax.hist(totals, bins=bins, color=OKABE_ITO["blue"], edgecolor="white", label="students")
    if len(totals):
        ax.axvline(
            totals.mean(), color=OKABE_ITO["vermillion"], linestyle="--", linewidth=2, label=f"mean {totals.mean():.1f}"
        )
    ax.set_title(f"{assignment}: autograded scores of {len(graded)} student(s)")
    ax.set_xlabel(f"Autograded points (out of {auto_max:g})")
    ax.set_ylabel("Number of students")
    ax.set_xlim(-0.5, auto_max + 0.5)
    ax.set_xticks(range(int(auto_max) + 1))
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2)
    ax.spines[["top", "right"]].set_visible(False)
    fig.savefig(path, bbox_inches="tight")


def _auto_max(grades) -> float:
    return float(grades.attrs.get("auto_max", 0)) or float(grades["autograded_points"].max() or 0)


def _plot_difficulty(questions, assignment: str, path: Path) -> None:
    auto = questions[questions["kind"] == "autograded"].dropna(subset=["mean_share"])
    auto = auto.sort_values("mean_share", ascending=False)  # barh draws the first row at the bottom
    fig = Figure(figsize=(8, 0.45 * len(auto) + 2.6), dpi=120, layout="constrained")
    ax = fig.subplots()
    positions = range(len(auto))
    height = 0.38
    ax.barh(
        [p + height / 2 for p in positions],
        auto["mean_share"] * 100,
        height=height,
        color=OKABE_ITO["blue"],
        label="mean score, % of the points",
    )
    ax.barh(
        [p - height / 2 for p in positions],
        auto["share_with_error"].fillna(0) * 100,
        height=height,
        color=OKABE_ITO["orange"],
        hatch="//",  # a pattern as well as a colour: the two bars are told apart without colour
        edgecolor="black",
        linewidth=0.4,
        label="% of students whose check raised an error",
    )
    ax.set_yticks(list(positions), auto["question"])
    ax.set_xlim(0, 100)
    ax.set_xlabel("Percent")
    ax.set_ylabel("Question (hardest at the top)")
    ax.set_title(f"{assignment}: how hard each autograded question was")
    # One entry a line, below the axes: side by side, the two labels are wider than the figure.
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(0, -0.12), ncol=1)
    ax.spines[["top", "right"]].set_visible(False)
    fig.savefig(path, bbox_inches="tight")  # and the saved image grows to hold a long title or question name


def _distribution_alt(grades, assignment: str) -> str:
    totals = grades.loc[grades["status"] == "graded", "autograded_points"].astype(float)
    return (
        f"Histogram of the autograded scores of {len(totals)} graded student(s) on {assignment}, out of "
        f"{_auto_max(grades):g} points: mean {totals.mean():.1f}, lowest {totals.min():g}, highest {totals.max():g}."
    )


def _difficulty_alt(questions, assignment: str) -> str:
    auto = questions[questions["kind"] == "autograded"].dropna(subset=["mean_share"]).sort_values("mean_share")
    hardest = ", ".join(f"{row.question} {row.mean_share:.0%}" for row in auto.head(3).itertuples())
    errors = int((auto["share_with_error"].fillna(0) > 0).sum())
    return (
        f"Bar chart of each autograded question of {assignment}: the mean score as a share of its points, "
        f"hardest first ({hardest}), and the share of students whose check raised an error "
        f"(some did on {errors} of {len(auto)} questions)."
    )


def _report_page(report: Report) -> str:
    """The report as one accessible HTML page: headings, plots with alt text, the table, the CSVs linked."""
    import html

    graded = int((report.grades["status"] == "graded").sum())
    table = report.questions.round(3).to_html(index=False, border=0)
    e = html.escape
    deadlines = (
        "<h2>Deadlines</h2>\n<p>Each student on time, late (with the penalty) or extended: "
        '<a href="deadlines.csv">deadlines.csv, one row per student</a>.</p>'
        if report.deadlines
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{e(report.assignment)}: grade report</title>
<style>body {{ font-family: sans-serif; max-width: 60em; margin: 1em auto; color: #222; }}
img {{ max-width: 100%; height: auto; }} a {{ color: #1d4f7c; }}
table {{ border-collapse: collapse; }} th, td {{ padding: 3px 8px; border-bottom: 1px solid #ccc; }}</style></head>
<body><main>
<h1>{e(report.assignment)}: grade report</h1>
<p>{graded} graded student(s) of {len(report.grades)} in the gradebook. {e(report.how_graded())}</p>
<h2>Scores</h2>
<figure><img src="score-distribution.png" alt="{e(_distribution_alt(report.grades, report.assignment))}">
<figcaption>The numbers behind it: <a href="grades.csv">grades.csv, one row per student</a>.</figcaption></figure>
<h2>How hard each question was</h2>
<figure><img src="question-difficulty.png" alt="{e(_difficulty_alt(report.questions, report.assignment))}">
<figcaption>The numbers behind it: the table below, also as
<a href="questions.csv">questions.csv, one row per question</a>.</figcaption></figure>
{table}
{deadlines}
</main></body>
</html>
"""


def write_report(course: Course, assignment: str) -> Report:
    """Write the grades CSV, the per-question table and both plots; return them."""
    course.require_generated(assignment)
    grades, questions = build_tables(course, assignment)
    if not (grades["status"] == "graded").any():
        raise CourseError(f"No student has a graded {assignment} yet. Run `course grade {assignment}` first.")
    grades.attrs["auto_max"] = questions.loc[questions["kind"] == "autograded", "max_points"].sum()
    folder = course.output_dir("reports", assignment)
    files = {
        "grades": folder / "grades.csv",
        "per-question table": folder / "questions.csv",
        "score distribution": folder / "score-distribution.png",
        "question difficulty": folder / "question-difficulty.png",
    }
    grades.to_csv(files["grades"], index=False)
    questions.round(3).to_csv(files["per-question table"], index=False)
    _plot_distribution(grades, assignment, files["score distribution"])
    _plot_difficulty(questions, assignment, files["question difficulty"])
    deadlines = _write_deadlines(course, assignment, folder / "deadlines.csv")
    if deadlines:
        files["deadlines"] = folder / "deadlines.csv"
    report = Report(assignment, grades, questions, files, _grading_record(folder), deadlines)
    files["report page"] = folder / "report.html"
    files["report page"].write_text(_report_page(report), encoding="utf-8")
    return report


def _write_deadlines(course: Course, assignment: str, path: Path) -> list | None:
    """``deadlines.csv`` (and the rows) when the assignment has a due date; None when it has none."""
    import csv

    from .deadlines import NO_DEADLINE, lateness

    rows = lateness(course, assignment)
    if all(row.status == NO_DEADLINE for row in rows):
        return None
    with open(path, "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["student", "status", "due_utc", "submitted_utc", "seconds_late", "extension_days", "penalty"])
        for row in rows:
            writer.writerow(
                [
                    row.student,
                    row.status,
                    row.due.isoformat() if row.due else "",
                    row.submitted.isoformat() if row.submitted else "",
                    f"{row.seconds_late:g}",
                    f"{row.extension.total_seconds() / 86400:g}" if row.extension else "",
                    f"{row.penalty:g}",
                ]
            )
    return rows


def _grading_record(folder: Path) -> dict | None:
    """The grading.json that `course grade` left beside the report, if any (a broken one is reported as absent)."""
    import json

    try:
        record = json.loads((folder / "grading.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None
