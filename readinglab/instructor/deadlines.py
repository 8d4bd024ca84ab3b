"""Due dates, per-student extensions and the late penalty, all kept where nbgrader keeps them.

nbgrader's gradebook already has the pieces (upstream issue #660 asks for a way to use them):
``Assignment.duedate`` (naive UTC), ``SubmittedAssignment.extension`` (a timedelta added to the due
date for one student) and ``SubmittedAssignment.total_seconds_late``. At autograde, nbgrader's
``AssignLatePenalties`` preprocessor asks the late-submission plugin named by
``c.AssignLatePenalties.plugin_class`` for each late notebook's penalty and stores it;
:class:`PenaltyPerDayLate` is the course's plugin (configured in ``course/nbgrader_config.py``).

Every time here is explicit about its zone: a deadline is given with a UTC offset or a zone name
(``2026-12-08 17:00 Europe/London``) and is shown back in that zone and in UTC. The gradebook
stores naive UTC, as nbgrader does.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from nbgrader.plugins import LateSubmissionPlugin
from traitlets import Float

from .course import Course, CourseError

DAY = 86400.0
WHEN_EXAMPLES = "2026-12-08 17:00 Europe/London, 2026-12-08T17:00+01:00 or 2026-12-08 16:00Z"


class PenaltyPerDayLate(LateSubmissionPlugin):
    """So much of the score per day late (a started day counts), never more than a cap.

    In ``nbgrader_config.py``::

        c.AssignLatePenalties.plugin_class = "readinglab.instructor.deadlines.PenaltyPerDayLate"
        c.PenaltyPerDayLate.percent_per_day = 10   # 10% of the score for each day or part of a day late
        c.PenaltyPerDayLate.max_percent = 50       # never more than half the score
        c.PenaltyPerDayLate.grace_minutes = 5      # a submission less than 5 minutes late is on time

    nbgrader calls it at autograde with the notebook's score at that moment (manual scores included
    when they were already given), so grade again after manual grading of a late student.

    >>> plugin = PenaltyPerDayLate(percent_per_day=10, max_percent=50, grace_minutes=0)
    >>> plugin.late_submission_penalty("ana", 8.0, 3600)      # an hour late: one started day, 10%
    0.8
    >>> plugin.late_submission_penalty("ana", 8.0, 9 * 86400)  # nine days late: capped at 50%
    4.0
    """

    percent_per_day = Float(10.0, help="Percent of the score taken off for each day (or part of a day) late.").tag(
        config=True
    )
    max_percent = Float(50.0, help="The most, in percent of the score, a late submission can lose.").tag(config=True)
    grace_minutes = Float(0.0, help="Minutes after the due date that still count as on time.").tag(config=True)

    def days_late(self, total_seconds_late: float) -> int:
        """Days late as the penalty counts them: every started day, after the grace minutes."""
        seconds = total_seconds_late - self.grace_minutes * 60
        return math.ceil(seconds / DAY) if seconds > 0 else 0

    def percent(self, total_seconds_late: float) -> float:
        return min(self.max_percent, self.percent_per_day * self.days_late(total_seconds_late))

    def late_submission_penalty(self, student_id: str, score: float, total_seconds_late: float) -> float:
        # Rounded to the hundredth: the penalty is shown to students and typed into an LMS.
        return round(score * self.percent(total_seconds_late) / 100.0, 2)


# ====================================================================== times, with their zones


def parse_when(text: str, zone: str | None = None) -> datetime:
    """An aware datetime from ``text``, whose zone is explicit: an offset, ``Z``, a trailing zone name or ``zone``.

    >>> parse_when("2026-12-08 17:00 Europe/London").isoformat()
    '2026-12-08T17:00:00+00:00'
    >>> parse_when("2026-12-08T17:00+01:00").isoformat()
    '2026-12-08T17:00:00+01:00'
    """
    text = " ".join(str(text).split())
    named = None
    head, _, tail = text.rpartition(" ")
    if head and ("/" in tail or tail.upper() == "UTC"):
        text, named = head, tail
    if zone and named and zone != named:
        raise CourseError(f"{text} {named!r} names one time zone and --timezone another ({zone!r}). Give only one.")
    named = named or zone
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise CourseError(f"{text!r} is not a date and time I can read. Write it like {WHEN_EXAMPLES}.") from None
    if named:
        if when.tzinfo is not None:
            raise CourseError(f"{text!r} has a UTC offset and a time zone ({named}). Give only one.")
        return when.replace(tzinfo=_zone(named))
    if when.tzinfo is None:
        raise CourseError(
            f"{text!r} does not say which time zone it is in. Add one, like {WHEN_EXAMPLES}, or give --timezone ZONE."
        )
    return when


def _zone(name: str) -> tzinfo:
    if name.upper() == "UTC":
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise CourseError(
            f"{name!r} is not a time zone I know. Use a name from the tz database, like Europe/London or "
            "America/New_York, or a UTC offset like +01:00."
        ) from None


def to_utc_naive(when: datetime) -> datetime:
    """How nbgrader stores a time: UTC, without tzinfo."""
    return when.astimezone(UTC).replace(tzinfo=None)


def show(when_utc_naive: datetime, local: tzinfo | None = None) -> str:
    """``2026-12-08 17:00 GMT (2026-12-08 17:00 UTC)``: a stored time in ``local`` and in UTC."""
    utc = when_utc_naive.replace(tzinfo=UTC)
    in_utc = f"{utc:%Y-%m-%d %H:%M} UTC"
    if local is None or local is UTC:
        return in_utc
    there = utc.astimezone(local)
    return f"{there:%Y-%m-%d %H:%M} {there.tzname()} ({in_utc})"


def duration(seconds: float) -> str:
    """``2 days 3 h 5 min``: a lateness or extension in words a person reads at a glance.

    >>> duration(2 * 86400 + 3 * 3600 + 5 * 60 + 20)
    '2 days 3 h 5 min'
    """
    minutes = int(round(seconds / 60))
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = [f"{days} day{'s' if days != 1 else ''}"] if days else []
    parts += [f"{hours} h"] if hours else []
    parts += [f"{minutes} min"] if minutes or not parts else []
    return " ".join(parts)


# ====================================================================== the commands


def _assignment(gb, course: Course, assignment: str):
    from nbgrader.api import MissingEntry

    course.source_notebook(assignment)  # an unknown assignment is named with the ones that exist
    try:
        return gb.find_assignment(assignment)
    except MissingEntry:
        raise CourseError(
            f"The gradebook does not know {assignment!r} yet. Run `course release {assignment}` first."
        ) from None


def _graded_students(course: Course, assignment: str) -> list[str]:
    from .grading.assignment import Assignment

    return Assignment.resolve(course, assignment).autograded_students()


def set_deadline(
    course: Course, assignment: str, when: str, *, zone: str | None = None, allow_past: bool = False, now=None
) -> str:
    """Set the assignment's due date in the gradebook; return what was set, in its zone and in UTC."""
    due = parse_when(when, zone)
    now = now or datetime.now(UTC)
    if due < now and not allow_past:
        raise CourseError(
            f"{show(to_utc_naive(due), due.tzinfo)} is in the past (it is now {show(to_utc_naive(now), due.tzinfo)}). "
            "Every submission after it would be late. Check the date; if you mean it (say, to grade an old "
            "assignment), add --allow-past."
        )
    course.require_generated(assignment)
    with course.gradebook() as gb:
        _assignment(gb, course, assignment)
        before = gb.find_assignment(assignment).duedate
        gb.update_or_create_assignment(assignment, duedate=to_utc_naive(due))
    lines = [f"{assignment} is now due {show(to_utc_naive(due), due.tzinfo)}."]
    if before is not None and before != to_utc_naive(due):
        lines.append(f"It was due {show(before, due.tzinfo)}.")
    graded = _graded_students(course, assignment)
    if graded:
        lines.append(
            f"{len(graded)} student(s) were graded under the old due date: late penalties change only when "
            f"they are graded again (`course grade {assignment}`)."
        )
    return "\n".join(lines)


def grant_extension(
    course: Course,
    assignment: str,
    student: str,
    *,
    days: float | None = None,
    until: str | None = None,
    zone: str | None = None,
) -> str:
    """Give ``student`` more time on ``assignment``: ``days`` after the due date, or ``until`` a time.

    The extension lives on the student's submission in the gradebook, as nbgrader's
    ``Gradebook.grant_extension`` keeps it; a student who has not submitted yet gets an empty
    submission row to carry it (autograde and collect fill it in later and keep the extension).
    """
    from nbgrader.api import MissingEntry

    if (days is None) == (until is None):
        raise CourseError("Give either --days N or --until WHEN.")
    course.require_generated(assignment)
    with course.gradebook() as gb:
        record = _assignment(gb, course, assignment)
        if record.duedate is None:
            raise CourseError(
                f"{assignment} has no due date yet, so there is nothing to extend. Set one first: "
                f"course deadline {assignment} WHEN."
            )
        try:
            gb.find_student(student)
        except MissingEntry:
            known = sorted(s.id for s in gb.students)
            close = [s for s in known if student.lower() in s.lower() or s.lower() in student.lower()]
            hint = f" Did you mean {', '.join(close[:5])}?" if close else ""
            raise CourseError(
                f"No student {student!r} in the gradebook.{hint} Student ids are as in `course roster import` "
                "(the gradebook's ids, not names)."
            ) from None
        due = record.duedate
        if days is not None:
            if days <= 0:
                raise CourseError(f"--days must be more than 0 (got {days:g}).")
            extension = timedelta(days=days)
            local: tzinfo | None = _zone(zone) if zone else None
        else:
            new_due = parse_when(until, zone)
            local = new_due.tzinfo
            extension = to_utc_naive(new_due) - due
            if extension <= timedelta(0):
                raise CourseError(
                    f"{show(to_utc_naive(new_due), local)} is not after the due date of {assignment} "
                    f"({show(due, local)}): an extension must end later than the deadline."
                )
        gb.update_or_create_submission(assignment, student)  # the row that carries the extension
        submission = gb.find_submission(assignment, student)
        submission.extension = extension
        gb.db.commit()
    lines = [
        f"{student} may hand in {assignment} until {show(due + extension, local)}: "
        f"{duration(extension.total_seconds())} after the due date ({show(due, local)})."
    ]
    if student in _graded_students(course, assignment):
        lines.append(
            f"{student} was already graded: the late penalty changes when they are graded again "
            f"(`course grade {assignment} --student {student}`)."
        )
    return "\n".join(lines)


# ====================================================================== who was on time


ON_TIME, LATE, EXTENDED, NOT_SUBMITTED, NO_DEADLINE = "on time", "late", "extended", "not submitted", "no due date"
NO_TIMESTAMP = "no submission time recorded (nbgrader counts it on time)"


@dataclass
class Lateness:
    """One student's standing against the deadline of one assignment."""

    student: str
    status: str  # ON_TIME, LATE, EXTENDED (in time thanks to an extension), NOT_SUBMITTED, NO_DEADLINE, NO_TIMESTAMP
    due: datetime | None = None  # this student's due date, extension included (naive UTC)
    submitted: datetime | None = None  # naive UTC
    seconds_late: float = 0.0
    extension: timedelta | None = None
    penalty: float = 0.0  # points nbgrader took off at autograde

    def describe(self) -> str:
        extended = f" (extended by {duration(self.extension.total_seconds())})" if self.extension else ""
        if self.status == LATE:
            return (
                f"late by {duration(self.seconds_late)}{extended}: penalty {self.penalty:g} point(s)"
                if self.penalty
                else f"late by {duration(self.seconds_late)}{extended}: no penalty (yet: grade again to apply one)"
            )
        if self.status == EXTENDED:
            return f"extended to {show(self.due)}, handed in on time{extended}"
        return self.status


def lateness(course: Course, assignment: str) -> list[Lateness]:
    """Every student in the gradebook, as on time, late (how long, with the penalty), extended or not submitted."""
    from nbgrader.api import MissingEntry

    from .grading.assignment import Assignment

    handed_in = set(Assignment.resolve(course, assignment).submitted_students())
    with course.gradebook() as gb:
        record = _assignment(gb, course, assignment)
        rows = []
        for student in sorted(gb.students, key=lambda s: s.id):
            try:
                submission = gb.find_submission(assignment, student.id)
            except MissingEntry:
                rows.append(Lateness(student.id, NOT_SUBMITTED if record.duedate else NO_DEADLINE))
                continue
            row = Lateness(
                student.id,
                NO_DEADLINE,
                due=submission.duedate,
                submitted=submission.timestamp,
                extension=submission.extension or None,
                penalty=float(submission.late_submission_penalty or 0.0),
            )
            if submission.timestamp is None:
                # An extension's row before the student hands in; or a submission collected without a time.
                row.status = NO_TIMESTAMP if student.id in handed_in else NOT_SUBMITTED
            elif record.duedate is not None:
                row.seconds_late = float(submission.total_seconds_late)
                if row.seconds_late > 0:
                    row.status = LATE
                elif row.extension and submission.timestamp > record.duedate:
                    row.status = EXTENDED
                else:
                    row.status = ON_TIME
            rows.append(row)
        return rows
