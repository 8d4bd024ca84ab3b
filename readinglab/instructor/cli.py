"""``course``: release, collect, grade, give feedback on and report on an assignment (over nbgrader).

It also adds self-checks to the lessons (``course selfcheck add``, in a clone of the repository)
and checks the readings' data (``course validate``, which is ``python -m readinglab.validate``).

Every sub-command has ``--help``. Exit codes: 0 when the work is done and
every student is accounted for; 1 when something was lost or could not be
done (the message says what to do); 2 for a mistake on the command line.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .course import Course, CourseError, default_course_dir

EPILOG = """\
A typical week:
  course release ps1-same-page        generate the student version, release it, zip it for the LMS
  course collect ps1-same-page        collect submissions from the exchange (or --zip FILE from the LMS)
  course grade ps1-same-page --jobs 2 autograde every submission in 2 worker processes
  course feedback ps1-same-page       feedback HTML without hidden tests or mark schemes
  course report ps1-same-page         grades CSV, per-question table and plots; who was on time or late

With an LMS (Canvas, Moodle, or a plain CSV):
  course roster import roster.csv     show who would be added or updated; --apply writes the gradebook
  course deadline ps1-same-page "2026-12-08 17:00 Europe/London"
                                      set the due date (a time zone is required)
  course extend ps1-same-page ana --days 2
                                      give one student more time (or --until WHEN)
  course export ps1-same-page --to canvas
                                      grades in the CSV the LMS imports (late penalties applied)
  course feedback ps1-same-page --zip --worksheet grading-worksheet.csv
                                      feedback pages zipped for Moodle's feedback-files upload
  course feedback ps1-same-page --zip --to canvas
                                      ... or for Canvas's Re-upload submissions (after collect --zip
                                      of Canvas's submissions download)

The lessons' data, in a clone of this repository:
  course selfcheck add 02 02-new-id --question ... --answer ... --wrong ... --hint ...
                                      add a self-check to lesson 02 (answers stored hashed)
  course validate                     check the readings and annotations (python -m readinglab.validate)

The course folder is --course DIR, else the current folder if it holds nbgrader_config.py,
else the course/ folder of this repository. `course selfcheck` writes into the clone of the
repository that holds --course DIR, else the current folder: never into an installed package.
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="course",
        description="Run the Two Readings course: release, collect, grade, give feedback on and report on its "
        "assignments (over nbgrader); import the LMS roster, set deadlines and extensions, export grades and "
        "feedback for the LMS; add self-checks to the lessons and check the readings' data.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--course", metavar="DIR", type=Path, default=None, help="the nbgrader course folder (default: see below)"
    )
    parser.add_argument(
        "--db-url",
        metavar="URL",
        default=None,
        help="the gradebook database, e.g. postgresql+psycopg://grader@db.example.org/two_readings "
        "(default: c.CourseDirectory.db_url of the course config, else gradebook.db in the "
        "course folder)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def command(name: str, summary: str, details: str = "") -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name,
            help=summary,
            description=summary + ("\n\n" + details if details else ""),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.add_argument("assignment", metavar="ASSIGNMENT", help="the assignment, e.g. ps1-same-page")
        return sub

    command(
        "release",
        "Generate the student version of an assignment and release it to the exchange.",
        "Runs nbgrader's generate_assignment and release_assignment, and writes a zip of the\n"
        "student version to handout/ASSIGNMENT.zip for an LMS. The exchange folder is\n"
        "$TWO_READINGS_EXCHANGE, or exchange/ in the course folder.",
    )

    collect = command(
        "collect",
        "Collect submissions from the exchange, or import an LMS download.",
        "Then lists the students in the gradebook who have no submission.",
    )
    collect.add_argument(
        "--zip",
        metavar="FILE",
        type=Path,
        help="a zip downloaded from the LMS, imported with nbgrader's zip_collect. Inside it, "
        "each notebook is named STUDENT_NOTEBOOK.ipynb or STUDENT/NOTEBOOK.ipynb; Canvas's "
        "'Download submissions' zip (NAME_USERID_FILEID_NOTEBOOK.ipynb) is filed under the ids of the "
        "Canvas roster imported with `course roster import`",
    )

    grade = command(
        "grade",
        "Autograde every submission of an assignment, in parallel.",
        "Each student is graded by nbgrader's autograde in a worker process; the results go into\n"
        "gradebook.db and autograded/ exactly as a plain `nbgrader autograde` would put them.\n"
        "A student whose grading fails is recorded with the reason, and the run goes on.",
    )
    grade.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=os.cpu_count() or 1,
        metavar="N",
        help="worker processes (default: the number of CPUs, %(default)s here)",
    )
    grade.add_argument("--student", action="append", metavar="S", help="grade only this student (repeat for several)")
    grade.add_argument(
        "--unsafe-no-sandbox",
        action="store_true",
        help="grade even where the bubblewrap sandbox cannot start: student code then runs as you "
        "and can read or change the course, other students' work and the gradebook. Warns, "
        "and records the run as unsandboxed in grading.json and the report",
    )
    grade.add_argument(
        "--timeout",
        type=int,
        metavar="SECONDS",
        help="time limit per cell (default: c.Execute.timeout of the course config)",
    )

    feedback = command(
        "feedback",
        "Write feedback HTML for every autograded student.",
        "Hidden tests and mark schemes are removed; each check's score and its visible\n"
        "messages stay. A check that failed in its hidden part says so, without the\n"
        "hidden code or message.",
    )
    feedback.add_argument(
        "--show-hidden-tests",
        action="store_true",
        help="nbgrader's own feedback, hidden tests and mark schemes included (not for students)",
    )
    feedback.add_argument("--student", action="append", metavar="S", help="only this student (repeatable)")
    feedback.add_argument(
        "--zip",
        action="store_true",
        help="also zip every student's pages for the LMS's bulk upload (--to canvas or --to moodle)",
    )
    feedback.add_argument(
        "--to",
        choices=("canvas", "moodle"),
        help="with --zip: canvas writes lms/ASSIGNMENT-canvas-feedback.zip for Canvas's 'Re-upload "
        "submissions', each page named after the file the student submitted in Canvas (collected with "
        "`course collect ASSIGNMENT --zip CANVAS-DOWNLOAD.zip`); students who did not submit through "
        "Canvas are listed, to upload in SpeedGrader. moodle writes lms/ASSIGNMENT-feedback.zip for "
        "Moodle's 'Upload multiple feedback files in a zip', and needs --worksheet "
        "(default: moodle when --worksheet is given)",
    )
    feedback.add_argument(
        "--worksheet",
        metavar="FILE",
        type=Path,
        help="with --zip --to moodle: the assignment's Moodle grading worksheet (CSV), whose Identifier column "
        "gives each student's participant id (students are matched by email address)",
    )

    command(
        "report",
        "Write grades CSV, a per-question table and plots for an assignment.",
        "Files go to reports/ASSIGNMENT/ in the course folder; the three questions the class\n"
        "found hardest are printed. When the assignment has a due date, each student is shown\n"
        "as on time, late (by how long, with the penalty) or extended (reports/ASSIGNMENT/deadlines.csv).",
    )
    _lms_parsers(commands, command)
    _selfcheck_parser(commands)

    validate = commands.add_parser(
        "validate",
        help="Check the readings and annotations (runs python -m readinglab.validate).",
        description="Check the catalog, the texts and every annotation file, and name the file and line of every\n"
        "mistake: the same checks, output and exit code as python -m readinglab.validate.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    validate.add_argument(
        "folder", metavar="FOLDER", nargs="?", type=Path, help="a readings folder (default: the course's source_texts/)"
    )
    return parser


def _lms_parsers(commands, command) -> None:
    roster = commands.add_parser(
        "roster",
        help="Import the class list from the LMS into the gradebook (dry run unless --apply).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Import the class list from the LMS into the gradebook.",
    )
    actions = roster.add_subparsers(dest="action", metavar="ACTION", required=True)
    roster_import = actions.add_parser(
        "import",
        help="show who the roster adds or updates; --apply writes it",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Read a roster (a Canvas gradebook export, a Moodle grade export with Username or ID number, or a\n"
        "plain CSV with id, first_name, last_name, email, lms_user_id) and show who would be added,\n"
        "updated (old -> new) or left unchanged. Nothing is written without --apply. No student\n"
        "with submissions is ever removed. Files saved by Excel (BOM, ';', CRLF) are fine.",
    )
    roster_import.add_argument("file", metavar="FILE", type=Path, help="the roster file (CSV)")
    roster_import.add_argument(
        "--from", dest="kind", choices=("canvas", "moodle", "csv"), help="which LMS wrote it (default: guessed)"
    )
    roster_import.add_argument("--apply", action="store_true", help="write the changes to the gradebook")
    roster_import.add_argument(
        "--remove-missing",
        action="store_true",
        help="also remove students who are not in the file and have no submissions (never those with any)",
    )

    deadline = command(
        "deadline",
        "Set an assignment's due date (in the gradebook, where nbgrader's late penalties read it).",
        'WHEN must say its time zone, e.g. "2026-12-08 17:00 Europe/London" or 2026-12-08T17:00+01:00;\n'
        "it is shown back in that zone and in UTC. A date in the past needs --allow-past.\n"
        "The late penalty is set in nbgrader_config.py (c.PenaltyPerDayLate, see course/README.md).",
    )
    deadline.add_argument("when", metavar="WHEN", help="the due date and time, with its time zone")
    deadline.add_argument("--timezone", metavar="ZONE", help="the time zone of WHEN, e.g. Europe/London")
    deadline.add_argument("--allow-past", action="store_true", help="accept a due date in the past")

    extend = command(
        "extend",
        "Give one student more time on an assignment.",
        "The extension is kept on the student's submission in the gradebook (nbgrader's own field),\n"
        "so autograde's late penalty counts from the extended date.",
    )
    extend.add_argument("student", metavar="STUDENT", help="the student's id in the gradebook")
    how_long = extend.add_mutually_exclusive_group(required=True)
    how_long.add_argument("--days", type=float, metavar="N", help="days after the due date (may be 1.5)")
    how_long.add_argument("--until", metavar="WHEN", help="a new due date for this student, with its time zone")
    extend.add_argument("--timezone", metavar="ZONE", help="the time zone of --until (or to show the result in)")

    export = command(
        "export",
        "Write an assignment's grades in the CSV file the LMS imports.",
        "canvas: Canvas's gradebook import (Student, ID, SIS User ID, SIS Login ID, Section, the grade);\n"
        "moodle: Moodle's grade import, matched by email (or --moodle-key idnumber); csv: one row per\n"
        "student with raw score, late penalty, score and maximum. Scores are nbgrader's: a manual score\n"
        "wins over the autograde, then the late penalty applies. A student the LMS could not match stops\n"
        "the export, named, unless --allow-missing.",
    )
    export.add_argument("--to", required=True, choices=("canvas", "moodle", "csv"), help="the LMS's format")
    export.add_argument("-o", "--output", metavar="FILE", type=Path, help="where (default: lms/ASSIGNMENT-TO.csv)")
    export.add_argument("--allow-missing", action="store_true", help="export the others; list who was left out")
    export.add_argument(
        "--moodle-key", choices=("email", "idnumber"), default="email", help="how Moodle matches students"
    )
    export.add_argument(
        "--column",
        metavar="NAME",
        help="the grade column's name; for an existing Canvas assignment use its export header, "
        "e.g. 'ps1-same-page (12345)' (default: the assignment)",
    )


def _selfcheck_parser(commands) -> None:
    summary = "Add a self-check question to a lesson, in this repository's data."
    selfcheck = commands.add_parser(
        "selfcheck",
        help=summary,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=summary + "\n\nIt writes into readinglab/selfchecks/ of the clone of the repository that holds\n"
        "the course folder (--course DIR) or the current folder, never into an installed package.",
    )
    actions = selfcheck.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser(
        "add",
        help="add a question (its answers are stored hashed)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Add a question at the end of the lesson's readinglab/selfchecks/NN-lesson.yaml, with its\n"
        "answers stored only as salted hashes, and its plaintext answers to the test answer key\n"
        "tests/selfcheck_answers/NN-lesson.yaml. Nothing is written unless the new question loads\n"
        "and answers as given through the students' own check().",
        epilog='Example:\n  course selfcheck add 02 02-count-them --question "How many actors ...? Type a number." \\\n'
        '      --answer 7 --answer seven --wrong 6 --wrong "8=Did you count China twice?" \\\n'
        '      --hint "Run mentions(\\"together\\") and count its rows."',
    )
    add.add_argument(
        "lesson", metavar="LESSON", help="the lesson, by number or file name (e.g. 02 or 02-actors-and-names)"
    )
    add.add_argument(
        "question_id",
        metavar="QUESTION_ID",
        help="a new id: the lesson's number, then words joined by hyphens (e.g. 02-count-us)",
    )
    add.add_argument("--question", required=True, help="the question as students see it")
    add.add_argument("--answer", action="append", required=True, help="an accepted answer (repeat for variants)")
    add.add_argument(
        "--wrong",
        action="append",
        default=[],
        metavar="ANSWER[=HINT]",
        help="a wrong answer, with its own hint after = if it needs one (repeat; at least one, for the tests)",
    )
    add.add_argument("--hint", required=True, help="what to re-read or re-think; never the answer")
    add.add_argument("--praise", default="", help="shown after a correct answer: what the student has learned")
    actions.add_parser("list", help="list the lessons' question ids and questions")


def _run(args: argparse.Namespace) -> int:
    if args.command == "validate":
        from ..validate import main as validate

        return validate([str(args.folder)] if args.folder else [])
    if args.command == "selfcheck":
        return _selfcheck(args)
    root = args.course if args.course is not None else default_course_dir()
    overrides = {"Execute": {"timeout": args.timeout}} if getattr(args, "timeout", None) else {}
    if args.db_url:
        overrides["CourseDirectory"] = {"db_url": args.db_url}
    if getattr(args, "unsafe_no_sandbox", False):
        overrides["SandboxedExecute"] = {"sandbox": False}
    course = Course.open(root, **overrides)

    if args.command == "grade":
        from .grading import grade_class, summary

        run = grade_class(course, args.assignment, jobs=args.jobs, students=args.student)
        print(summary(run))
        return 0 if run.ok else 1
    if args.command == "feedback":
        from .feedback import generate_feedback

        if args.zip and not args.show_hidden_tests:
            _feedback_zip_target(course, args)  # a mistake here stops before any page is written
        elif (args.to or args.worksheet) and not args.zip:
            raise CourseError("--to and --worksheet say how to zip the pages: give them with --zip.")
        result = generate_feedback(
            course, args.assignment, show_hidden_tests=args.show_hidden_tests, students=args.student
        )
        print(result.summary())
        if args.zip and not args.show_hidden_tests:
            _feedback_zip(course, args)
        elif args.zip:
            print("No zip: pages with hidden tests are for the teaching team, never for the LMS.")
        return 0 if result.ok else 1
    if args.command == "report":
        from .report import write_report

        print(write_report(course, args.assignment).summary())
        return 0
    if args.command == "roster":
        from .lms import import_roster

        print(import_roster(course, args.file, args.kind, apply=args.apply, remove_missing=args.remove_missing))
        return 0
    if args.command == "deadline":
        from .deadlines import set_deadline

        print(set_deadline(course, args.assignment, args.when, zone=args.timezone, allow_past=args.allow_past))
        return 0
    if args.command == "extend":
        from .deadlines import grant_extension

        print(
            grant_extension(course, args.assignment, args.student, days=args.days, until=args.until, zone=args.timezone)
        )
        return 0
    if args.command == "export":
        from .lms import export_grades

        exported = export_grades(
            course,
            args.assignment,
            args.to,
            args.output,
            allow_missing=args.allow_missing,
            moodle_key=args.moodle_key,
            column=args.column,
        )
        print(exported.summary())
        return 0
    if args.command == "release":
        from .exchange import release

        print(release(course, args.assignment))
        return 0
    if args.command == "collect":
        from .exchange import collect

        print(collect(course, args.assignment, zip_file=args.zip))
        return 0
    raise AssertionError(args.command)


def _feedback_zip_target(course: Course, args: argparse.Namespace) -> str:
    """``canvas`` or ``moodle``, once what that LMS's zip needs is known to be there."""
    to = args.to or ("moodle" if args.worksheet is not None else None)
    if to is None:
        raise CourseError(
            "--zip needs --to canvas (pages named after each student's Canvas file, from a Canvas download "
            "collected with `course collect ASSIGNMENT --zip`) or --to moodle --worksheet FILE (Moodle's grading "
            "worksheet for the assignment)."
        )
    if to == "canvas":
        from .canvas import canvas_files

        if args.worksheet is not None:
            raise CourseError("--worksheet is Moodle's grading worksheet; --to canvas does not read it.")
        canvas_files(course, args.assignment)
    elif args.worksheet is None:
        raise CourseError(
            "--zip --to moodle needs --worksheet FILE: Moodle's grading worksheet for the assignment (in the "
            "assignment, 'Download grading worksheet'), which gives each student's participant id."
        )
    return to


def _feedback_zip(course: Course, args: argparse.Namespace) -> None:
    if _feedback_zip_target(course, args) == "canvas":
        from .canvas import canvas_feedback_zip

        path, left_out = canvas_feedback_zip(course, args.assignment)
        print(f"Zip for Canvas's Re-upload submissions: {path}")
        if left_out:
            print(
                f"Not in the zip (no Canvas file: they did not submit through Canvas; upload their pages in "
                f"SpeedGrader): {', '.join(left_out)}"
            )
        return
    from .lms import feedback_zip

    path, left_out = feedback_zip(course, args.assignment, args.worksheet)
    print(f"Zip for Moodle's feedback files upload: {path}")
    if left_out:
        print(f"Not in the zip (not in the worksheet, or no matching email): {', '.join(left_out)}")


def _selfcheck(args: argparse.Namespace) -> int:
    from .selfcheck_authoring import NewSelfCheck, add_selfcheck, find_repository, list_selfchecks, parse_wrong

    repository = find_repository(args.course if args.course is not None else Path.cwd())
    if args.action == "list":
        print(list_selfchecks(repository))
        return 0
    new = NewSelfCheck(
        args.lesson,
        args.question_id,
        args.question,
        tuple(args.answer),
        args.hint,
        parse_wrong(args.wrong),
        args.praise,
    )
    print(add_selfcheck(repository, new))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except CourseError as error:
        print(f"course {args.command}: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"course {args.command}: stopped.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
