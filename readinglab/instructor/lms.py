"""The course and its LMS: a roster in, grades and feedback out, in the files Canvas and Moodle read.

Rosters and grades live in nbgrader's gradebook: a ``Student`` has ``first_name``, ``last_name``,
``email`` and ``lms_user_id`` (the institution's id: Canvas's SIS User ID, Moodle's ID number). What
the gradebook has no column for (Canvas's own user ID, SIS User ID and Section) is kept beside it in
``lms/roster.json`` in the course folder, written by the same import.

File layouts, checked against each LMS's documentation:

- Canvas: the gradebook import CSV, as Ohio State's CarmenCanvas guide "Import a CSV file into Carmen
  Grades" describes it (https://teaching.resources.osu.edu/toolsets/carmencanvas/guides/calculating-final-grades/import-csv-file-carmen-grades;
  Instructure's own guide page was not among the documentation searched): columns ``Student``
  (``Last, First``), ``ID`` (Canvas's user id), ``SIS User ID``, ``SIS Login ID``, ``Section``, then one
  column per assignment, whose new columns create new assignments in Canvas. The export's second row,
  ``Points Possible``, and an existing assignment's header ``Name (canvas id)`` are as Canvas's own
  gradebook exports write them (not from that guide).
- Moodle: the grade import CSV (MoodleDocs, "Grade import", https://docs.moodle.org/311/en/Grade_import):
  the export's own columns (``First name``, ``Last name``, ``ID number``, ``Email address``, ...) and a
  grade column; at import the user is matched by "Email address" to ``useremail`` or "ID number" to
  ``useridnumber``.
- Moodle feedback files: the assignment's "Upload multiple feedback files in a zip" matches a file by
  a folder named ``fullname_participantid_plugintype_pluginname`` (moodle/moodle,
  mod/assign/feedback/file/importziplib.php, ``is_valid_filename_for_import``).
- Canvas feedback files: Canvas's "Re-upload submissions" matches a file by the user id and submitted
  file id in its name; see canvas.py.
- Plain CSV: nbgrader's own ``nbgrader db student import`` columns (``id``, ``first_name``,
  ``last_name``, ``email``, ``lms_user_id``).

Every CSV is read the way Excel writes them: a byte-order mark, ``;`` in European locales, CRLF line
endings and Windows-1252 text are all accepted (:func:`read_table`).
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .course import Course, CourseError

FORMATS = ("canvas", "moodle", "csv")
SIDECAR = ("lms", "roster.json")  # Canvas's SIS User ID and Section, which nbgrader's Student has no column for
CANVAS_POINTS_ROW = "Points Possible"
CANVAS_TEST_STUDENT = "Student, Test"  # Canvas's "student view" user, in every gradebook export


class RosterError(CourseError):
    """A roster file that cannot be imported as it is; the message names the lines and what to do."""


# ====================================================================== reading CSV files as Excel saves them


@dataclass
class Table:
    """A CSV file's header and rows, each row with its line number in the file (for messages)."""

    path: Path
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]
    encoding: str
    delimiter: str
    empty_rows: list[int] = field(default_factory=list)


def read_table(path: str | Path) -> Table:
    """Read a CSV file whatever Excel did to it: BOM, ``;`` or tab separators, CRLF, Windows-1252.

    Empty rows are skipped and remembered (``empty_rows``); cells are stripped of surrounding spaces.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise RosterError(f"Cannot read {path}: {error.strerror}.") from None
    try:
        text, encoding = raw.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        # Excel's plain "CSV" on Windows is the ANSI code page; "CSV UTF-8" is the one to prefer.
        text, encoding = raw.decode("cp1252", errors="strict"), "Windows-1252"
    if not text.strip():
        raise RosterError(f"{path} is empty. Download the roster from the LMS again.")
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","  # one column, or a file the sniffer cannot decide on: the CSV default
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    rows, empty = [], []
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            if header is not None:
                empty.append(line)
            continue
        cells = [cell.strip() for cell in cells]
        if header is None:
            header = cells
            continue
        if len(cells) > len(header) and any(cells[len(header) :]):
            raise RosterError(
                f"{path}, line {line}: {len(cells)} cells but the header has {len(header)} columns. "
                "A name with a comma or a quote must be inside double quotes; save the file from the LMS "
                "or Excel again rather than editing it by hand."
            )
        rows.append((line, dict(zip(header, cells + [""] * (len(header) - len(cells))))))
    return Table(path, header or [], rows, encoding, delimiter, empty)


# ====================================================================== rosters


@dataclass
class RosterEntry:
    """One student of a roster file, in the gradebook's terms (plus Canvas's SIS User ID and Section)."""

    id: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    lms_user_id: str = ""
    canvas_id: str = ""
    sis_user_id: str = ""
    section: str = ""
    line: int = 0

    GRADEBOOK_FIELDS = ("first_name", "last_name", "email", "lms_user_id")

    @property
    def name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part) or self.id


# Each LMS's roster columns: the gradebook field -> the column names it may have (first found wins).
ROSTER_COLUMNS = {
    # A Canvas gradebook export is the roster Canvas gives an instructor. The student id in the
    # gradebook is the SIS Login ID (what students log in with, so also their JupyterHub name); the
    # LMS id is the SIS User ID, the institution's id that Moodle calls "ID number" (Canvas's own ID
    # where an export has no SIS columns, as a TA's export may not).
    "canvas": {
        "id": ("SIS Login ID", "SIS User ID", "ID"),
        "lms_user_id": ("SIS User ID", "ID"),
        "canvas_id": ("ID",),
        "sis_user_id": ("SIS User ID",),
        "section": ("Section",),
        "student": ("Student",),
    },
    # A Moodle grade export (or participants download): the id is the username where the export has
    # it, else the ID number; the ID number is what Moodle's grade import matches as useridnumber.
    "moodle": {
        "id": ("Username", "ID number"),
        "lms_user_id": ("ID number",),
        "first_name": ("First name",),
        "last_name": ("Last name", "Surname"),
        "email": ("Email address",),
    },
    "csv": {
        "id": ("id",),
        "first_name": ("first_name",),
        "last_name": ("last_name",),
        "email": ("email",),
        "lms_user_id": ("lms_user_id",),
    },
}


def _column(header: list[str], names: tuple[str, ...]) -> str | None:
    folded = {name.casefold(): name for name in header}
    return next((folded[n.casefold()] for n in names if n.casefold() in folded), None)


def guess_format(table: Table) -> str:
    for kind in ("canvas", "moodle", "csv"):
        if _column(table.header, ROSTER_COLUMNS[kind]["id"]) and (
            kind != "canvas" or _column(table.header, ("Student",))
        ):
            return kind
    raise RosterError(
        f"{table.path}: I cannot tell which LMS wrote it (its columns: {', '.join(table.header) or 'none'}). "
        "A Canvas gradebook export has Student, ID, SIS User ID, SIS Login ID and Section; a Moodle export "
        "has First name, Last name, ID number and Email address; a plain CSV has id, first_name, last_name, "
        "email and lms_user_id. Give --from canvas, moodle or csv."
    )


def read_roster(path: str | Path, kind: str | None = None) -> tuple[list[RosterEntry], list[str], Table]:
    """The students of a roster file, and notes on what was skipped. Problems stop with a RosterError."""
    table = read_table(path)
    kind = kind or guess_format(table)
    columns = {key: _column(table.header, names) for key, names in ROSTER_COLUMNS[kind].items()}
    if columns["id"] is None:
        wanted = " or ".join(repr(n) for n in ROSTER_COLUMNS[kind]["id"])
        raise RosterError(
            f"{table.path} has no {wanted} column, so it is not a {kind} roster (its columns: "
            f"{', '.join(table.header)}). Check --from, or download the roster again."
        )
    entries, notes, problems = [], [], []
    seen: dict[str, int] = {}
    for line, row in table.rows:
        value = {key: row.get(column, "") if column else "" for key, column in columns.items()}
        if kind == "canvas":
            student = value.pop("student")
            if student == CANVAS_POINTS_ROW and not value["lms_user_id"]:
                continue  # Canvas's second row, the assignments' points
            if student == CANVAS_TEST_STUDENT and not value["id"]:
                notes.append(f"line {line}: skipped Canvas's test student")
                continue
            last, _, first = student.partition(",")  # Canvas writes "Last, First"
            value["last_name"], value["first_name"] = last.strip(), first.strip()
        if not value["id"]:
            who = " ".join(v for k, v in value.items() if k in ("first_name", "last_name") and v) or "this row"
            problems.append(f"line {line}: {who} has no {columns['id']!r}")
            continue
        if value["id"] in seen:
            problems.append(f"line {line}: the id {value['id']!r} is already on line {seen[value['id']]}")
            continue
        seen[value["id"]] = line
        entries.append(RosterEntry(line=line, **value))
    lms_ids: dict[str, int] = {}
    for entry in entries:
        if entry.lms_user_id and entry.lms_user_id in lms_ids:
            problems.append(
                f"line {entry.line}: the LMS id {entry.lms_user_id!r} is already on line {lms_ids[entry.lms_user_id]}"
            )
        lms_ids.setdefault(entry.lms_user_id, entry.line)
    if table.empty_rows:
        notes.append(f"skipped {len(table.empty_rows)} empty row(s) (line {', '.join(map(str, table.empty_rows))})")
    if problems:
        raise RosterError(
            f"{table.path} cannot be imported as it is; nothing was changed:\n  "
            + "\n  ".join(problems)
            + "\nFix these lines (every student needs one id of their own) and run the command again."
        )
    if not entries:
        raise RosterError(f"{table.path} has no students in it.")
    return entries, notes, table


@dataclass
class RosterPlan:
    """What importing a roster would do to the gradebook: nothing is written until :func:`apply_roster`."""

    kind: str
    added: list[RosterEntry] = field(default_factory=list)
    updated: list[tuple[RosterEntry, dict[str, tuple[str, str]]]] = field(default_factory=list)  # field: (old, new)
    unchanged: list[RosterEntry] = field(default_factory=list)
    absent: list[tuple[str, bool]] = field(default_factory=list)  # in the gradebook, not the file: (id, has grades)
    notes: list[str] = field(default_factory=list)
    entries: list[RosterEntry] = field(default_factory=list)

    def summary(self, applied: bool, remove_missing: bool = False) -> str:
        will = "" if applied else "would be "
        lines = [
            f"Roster ({self.kind}): {len(self.added)} {will}added, {len(self.updated)} {will}updated, "
            f"{len(self.unchanged)} unchanged."
        ]
        lines += [f"  + {e.id:<20} {e.name}" for e in self.added]
        for entry, changes in self.updated:
            lines.append(f"  ~ {entry.id:<20} " + "; ".join(_change(k, old, new) for k, (old, new) in changes.items()))
        overwritten = [(e, c) for e, c in self.updated if any(old for old, _ in c.values())]
        if overwritten:
            lines.append(
                f"  Note: {len(overwritten)} student(s) {'had' if applied else 'would have'} a name, email or LMS id "
                "REPLACED (shown as old -> new above)."
            )
        for student, graded in self.absent:
            if remove_missing and not graded:
                lines.append(f"  - {student:<20} not in the file: {will}removed from the gradebook (no submissions)")
            else:
                why = "has submissions, so it is never removed" if graded else "kept (--remove-missing removes it)"
                lines.append(f"  = {student:<20} not in the file: {why}")
        lines += [f"  ({note})" for note in self.notes]
        if not applied:
            lines.append("Nothing was written. Run again with --apply to make these changes.")
        return "\n".join(lines)


def _change(key: str, old: str, new: str) -> str:
    label = key.replace("_", " ")
    return f"{label} {old!r} -> {new!r}" if old else f"{label} set to {new!r}"


def plan_roster(course: Course, path: str | Path, kind: str | None = None) -> RosterPlan:
    """Compare a roster file with the gradebook: who would be added, updated or left alone."""
    entries, notes, table = read_roster(path, kind)
    plan = RosterPlan(kind or guess_format(table), notes=notes, entries=entries)
    if table.encoding != "UTF-8":
        plan.notes.append(f"read as {table.encoding}: save as 'CSV UTF-8' in Excel to be sure names keep their accents")
    if table.delimiter != ",":
        plan.notes.append(f"columns separated by {table.delimiter!r}")
    with course.gradebook() as gb:
        students = {s.id: s for s in gb.students}
        by_lms_id = {s.lms_user_id: s.id for s in students.values() if s.lms_user_id}
        problems = []
        for entry in entries:
            owner = by_lms_id.get(entry.lms_user_id) if entry.lms_user_id else None
            if owner is not None and owner != entry.id:
                problems.append(
                    f"line {entry.line}: {entry.id!r} has the LMS id {entry.lms_user_id!r}, which the gradebook "
                    f"gives to {owner!r}"
                )
        if problems:
            raise RosterError(
                f"{path} disagrees with the gradebook about who is who; nothing was changed:\n  "
                + "\n  ".join(problems)
                + "\nIf a student's id changed, change it in the gradebook first (nbgrader db student), "
                "then import again."
            )
        wanted = {e.id for e in entries}
        for entry in entries:
            current = students.get(entry.id)
            if current is None:
                plan.added.append(entry)
                continue
            changes = {
                key: (getattr(current, key) or "", getattr(entry, key))
                for key in RosterEntry.GRADEBOOK_FIELDS
                if getattr(entry, key) and (getattr(current, key) or "") != getattr(entry, key)
            }
            (plan.updated.append((entry, changes)) if changes else plan.unchanged.append(entry))
        for student_id in sorted(set(students) - wanted):
            plan.absent.append((student_id, bool(students[student_id].submissions)))
    return plan


def apply_roster(course: Course, plan: RosterPlan, *, remove_missing: bool = False) -> None:
    """Write a roster plan into the gradebook, in one transaction; a student with submissions is never removed."""
    with course.gradebook() as gb:
        try:
            for entry in plan.added:
                gb.add_student(entry.id, **{k: getattr(entry, k) or None for k in RosterEntry.GRADEBOOK_FIELDS})
            for entry, changes in plan.updated:
                student = gb.find_student(entry.id)
                for key, (_, new) in changes.items():
                    setattr(student, key, new)
            if remove_missing:
                for student_id, _ in plan.absent:
                    student = gb.find_student(student_id)
                    if student.submissions:  # checked again here, at the moment of writing
                        continue
                    gb.db.delete(student)
            gb.db.commit()
        except Exception:
            gb.db.rollback()
            raise
    sidecar = _sidecar(course)
    extra = json.loads(sidecar.read_text(encoding="utf-8")) if sidecar.is_file() else {}
    for entry in plan.entries:
        if entry.canvas_id or entry.sis_user_id or entry.section:
            extra[entry.id] = {"canvas_id": entry.canvas_id, "sis_user_id": entry.sis_user_id, "section": entry.section}
    sidecar.write_text(json.dumps(extra, indent=1, ensure_ascii=False, sort_keys=True), encoding="utf-8")


def _sidecar(course: Course) -> Path:
    return course.output_dir(SIDECAR[0]) / SIDECAR[1]


def import_roster(
    course: Course, path: str | Path, kind: str | None = None, *, apply: bool = False, remove_missing: bool = False
) -> str:
    """``course roster import``: show what the roster changes; write it only with ``apply``."""
    if not course.has_gradebook():
        # nbgrader makes the gradebook (and its tables) the first time it is opened.
        course.gradebook().close()
    plan = plan_roster(course, path, kind)
    if apply:
        apply_roster(course, plan, remove_missing=remove_missing)
    return plan.summary(applied=apply, remove_missing=remove_missing)


# ====================================================================== grades out


@dataclass
class StudentGrade:
    """One student's grade on one assignment, as nbgrader's own CSV export computes it."""

    id: str
    first_name: str
    last_name: str
    email: str
    lms_user_id: str
    status: str  # "graded", "not graded" (a submission without grades yet) or "no submission"
    raw_score: float | None = None
    late_penalty: float = 0.0
    score: float | None = None  # raw score less the late penalty, never below 0
    max_score: float = 0.0
    stale_penalty: bool = False  # the course's policy gives another penalty today: graded before a change


def _policy(course: Course):
    """The course's late-penalty plugin, as nbgrader's AssignLatePenalties would build it, as a function.

    It returns the penalty nbgrader would store for a notebook now: None-or-negative as 0, never more
    than the score (AssignLatePenalties._check_late_penalty).
    """
    from nbgrader.preprocessors import AssignLatePenalties

    preprocessor = AssignLatePenalties(config=course.config())
    preprocessor.init_plugin()

    def penalty(student: str, score: float, seconds_late: float) -> float:
        if seconds_late <= 0:
            return 0.0
        value = preprocessor.plugin_inst.late_submission_penalty(student, score, seconds_late)
        return 0.0 if value is None else min(max(float(value), 0.0), score)

    return penalty


def grades(course: Course, assignment: str) -> list[StudentGrade]:
    """Every student's score: a grader's manual score wins over the autograde, then the late penalty applies.

    This is nbgrader's own arithmetic (``nbgrader export``'s CsvExportPlugin: ``max(0, score - penalty)``,
    where each cell's score is its manual score if there is one, else its auto score, plus extra credit).
    """
    from nbgrader.api import MissingEntry

    from .grading.assignment import Assignment

    graded = set(Assignment.resolve(course, assignment).autograded_students())
    course.require_generated(assignment)
    policy = _policy(course)
    rows = []
    with course.gradebook() as gb:
        record = gb.find_assignment(assignment)
        max_score = float(record.max_score)
        for student in sorted(gb.students, key=lambda s: s.id):
            row = StudentGrade(
                student.id,
                student.first_name or "",
                student.last_name or "",
                student.email or "",
                student.lms_user_id or "",
                "no submission",
                max_score=max_score,
            )
            try:
                submission = gb.find_submission(assignment, student.id)
            except MissingEntry:
                rows.append(row)
                continue
            if student.id not in graded:
                row.status = "not graded"
                rows.append(row)
                continue
            row.status = "graded"
            row.raw_score = float(submission.score)
            row.late_penalty = float(submission.late_submission_penalty or 0.0)
            row.score = max(0.0, row.raw_score - row.late_penalty)
            # nbgrader fixes the penalty at autograde: a manual score, deadline or extension given since
            # leaves it out of date until the student is graded again. Say so rather than guess.
            now = sum(policy(student.id, nb.score, submission.total_seconds_late) for nb in submission.notebooks)
            row.stale_penalty = abs(now - row.late_penalty) > 0.005
            rows.append(row)
    return rows


@dataclass
class Export:
    path: Path
    written: int
    blank: list[str]
    missing: list[str]  # students the LMS could not match (no LMS id), listed whether or not they stopped it
    stale: list[str] = field(default_factory=list)  # late penalties computed before a later change
    assignment: str = ""

    def summary(self) -> str:
        lines = [f"Wrote {self.written} grade(s) to {self.path}."]
        if self.stale:
            lines.append(
                f"WARNING: the late penalty of {', '.join(self.stale)} is out of date (a manual score, the deadline "
                "or an extension changed after grading); the file has nbgrader's stored penalty. Grade them again "
                f"(`course grade {self.assignment} --student S`, manual scores are kept), then export again."
            )
        if self.blank:
            lines.append(f"Left blank (no graded submission): {', '.join(self.blank)}")
        if self.missing:
            lines.append(f"Left out, the LMS could not match them (--allow-missing): {', '.join(self.missing)}")
        return "\n".join(lines)


def _key_of(row: StudentGrade, to: str, moodle_key: str) -> str:
    if to == "moodle":
        return row.email if moodle_key == "email" else row.lms_user_id
    return row.lms_user_id


def export_grades(
    course: Course,
    assignment: str,
    to: str,
    output: str | Path | None = None,
    *,
    allow_missing: bool = False,
    moodle_key: str = "email",
    column: str | None = None,
) -> Export:
    """Write ``assignment``'s grades in the file ``to`` (canvas, moodle or csv) imports."""
    from .grading.assignment import Assignment

    if to not in FORMATS:
        raise CourseError(f"--to must be one of {', '.join(FORMATS)} (got {to!r}).")
    rows = grades(course, assignment)
    known = {row.id for row in rows}
    unknown = [s for s in Assignment.resolve(course, assignment).submitted_students() if s not in known]
    what = {"canvas": "Canvas or SIS user id", "moodle": "email address" if moodle_key == "email" else "ID number"}.get(
        to, "LMS user id"
    )
    no_key = [row.id for row in rows if row.status == "graded" and not _key_of(row, to, moodle_key)]
    if (unknown or no_key) and not allow_missing:
        lines = [f"Cannot export {assignment} for {to}: the LMS could not tell who some grades belong to."]
        if unknown:
            lines.append(f"  Submitted but not in the gradebook's roster: {', '.join(unknown)}")
        if no_key:
            lines.append(f"  In the gradebook without a {what}: {', '.join(no_key)}")
        lines.append(
            "Import the LMS roster (`course roster import FILE --apply`), or add --allow-missing to export "
            "everyone else and enter these grades by hand."
        )
        raise CourseError("\n".join(lines))
    path = Path(output) if output else course.output_dir("lms") / f"{assignment}-{to}.csv"
    missing = unknown + no_key
    exported = [row for row in rows if row.id not in no_key]
    if to == "canvas":
        _write_canvas(course, path, exported, column or assignment)
    elif to == "moodle":
        _write_moodle(path, exported, column or assignment)
    else:
        _write_plain(path, exported, assignment)
    blank = [row.id for row in exported if row.score is None]
    stale = [row.id for row in exported if row.stale_penalty]
    return Export(path, len(exported) - len(blank), blank, missing, stale, assignment)


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _write_canvas(course: Course, path: Path, rows: list[StudentGrade], column: str) -> None:
    sidecar = _sidecar(course)
    extra = json.loads(sidecar.read_text(encoding="utf-8")) if sidecar.is_file() else {}
    header = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", column]
    max_score = rows[0].max_score if rows else 0.0
    # UTF-8 with a BOM, so Excel opens names with accents correctly if the instructor looks first.
    with open(path, "w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        writer.writerow([CANVAS_POINTS_ROW, "", "", "", "", _number(max_score)])
        for row in rows:
            more = extra.get(row.id, {})
            name = f"{row.last_name}, {row.first_name}" if row.last_name or row.first_name else row.id
            writer.writerow(
                [
                    name,
                    more.get("canvas_id", ""),
                    more.get("sis_user_id", "") or row.lms_user_id,
                    row.id,
                    more.get("section", ""),
                    _number(row.score),
                ]
            )


def _write_moodle(path: Path, rows: list[StudentGrade], column: str) -> None:
    with open(path, "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["First name", "Last name", "ID number", "Email address", column])
        for row in rows:
            writer.writerow([row.first_name, row.last_name, row.lms_user_id, row.email, _number(row.score)])


PLAIN_COLUMNS = ("id", "first_name", "last_name", "email", "lms_user_id", "assignment", "status")
PLAIN_SCORES = ("raw_score", "late_penalty", "score", "max_score")


def _write_plain(path: Path, rows: list[StudentGrade], assignment: str) -> None:
    with open(path, "w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow([*PLAIN_COLUMNS, *PLAIN_SCORES])
        for row in rows:
            values = asdict(row) | {"assignment": assignment}
            writer.writerow([values[c] for c in PLAIN_COLUMNS] + [_number(values[c]) for c in PLAIN_SCORES])


# ====================================================================== feedback out


def participant_ids(course: Course, worksheet: str | Path) -> dict[str, tuple[str, str]]:
    """Student id -> (Moodle participant id, full name), from the assignment's grading worksheet.

    Moodle's "Download grading worksheet" has an ``Identifier`` column (``Participant 1234567``: the id
    its feedback zip upload looks for) and ``Email address``, which is matched to the gradebook's emails.
    """
    table = read_table(worksheet)
    identifier, email, name = (_column(table.header, (n,)) for n in ("Identifier", "Email address", "Full name"))
    if identifier is None or email is None:
        raise RosterError(
            f"{table.path} is not a Moodle grading worksheet: it needs the columns Identifier and Email address "
            f"(its columns: {', '.join(table.header)}). In the Moodle assignment, choose 'Download grading worksheet'."
        )
    with course.gradebook() as gb:
        by_email = {(s.email or "").casefold(): s.id for s in gb.students if s.email}
    found = {}
    for _, row in table.rows:
        number = re.sub(r"\D", "", row.get(identifier, ""))
        student = by_email.get(row.get(email, "").casefold())
        if number and student:
            found[student] = (number, row.get(name, "") if name else "")
    return found


def _file_name_part(text: str) -> str:
    """A name safe in a zip on any system: no underscores (Moodle splits the folder name at them), no slashes,
    no characters Windows forbids in file names."""
    return " ".join(re.sub(r"[\\/_:*?\"<>|]+", " ", text).split()) or "student"


def feedback_pages(course: Course, assignment: str) -> dict[str, list[Path]]:
    """Each student's feedback pages (``feedback/STUDENT/ASSIGNMENT/*.html``); none at all stops with a message."""
    pages_of = {
        folder.parent.name: sorted(folder.glob("*.html"))
        for folder in sorted((course.root / "feedback").glob(f"*/{assignment}"))
        if folder.is_dir()
    }
    pages_of = {student: pages for student, pages in pages_of.items() if pages}
    if not pages_of:
        raise CourseError(f"No feedback pages for {assignment} yet. Run `course feedback {assignment}` first.")
    return pages_of


def feedback_zip(
    course: Course, assignment: str, worksheet: str | Path, output: str | Path | None = None
) -> tuple[Path, list[str]]:
    """A zip of every student's feedback pages for Moodle's "Upload multiple feedback files in a zip".

    Each student's pages sit in a folder ``Full Name_<participant id>_assignfeedback_file_``, the form
    Moodle's importer parses (importziplib.php); participant ids come from the grading worksheet.
    Students the worksheet does not name are left out, and listed.
    """
    from .grading.assignment import Assignment

    Assignment.resolve(course, assignment)
    pages_of = feedback_pages(course, assignment)
    participants = participant_ids(course, worksheet)
    path = Path(output) if output else course.output_dir("lms") / f"{assignment}-feedback.zip"
    left_out = []
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for student, pages in pages_of.items():
            if student not in participants:
                left_out.append(student)
                continue
            number, full_name = participants[student]
            folder = f"{_file_name_part(full_name or student)}_{number}_assignfeedback_file_"
            for page in pages:
                archive.write(page, f"{folder}/{page.name}")
    return path, left_out
