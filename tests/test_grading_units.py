"""Small unit tests of the grading package's parts (nbgrader style): the assignment, the reasons, the config."""

from __future__ import annotations

import pytest

from readinglab.instructor.course import Course, CourseError
from readinglab.instructor.grading import why_not_graded
from readinglab.instructor.grading.assignment import Assignment
from readinglab.instructor.grading.workers import precheck, reason_for

from .support.course_copy import copy_course

COURSE = "course"
ASSIGNMENT = "ps1-same-page"


@pytest.fixture
def course(tmp_path) -> Course:
    return Course.open(copy_course(COURSE, tmp_path / "course"))


def test_an_assignment_knows_nbgraders_paths(course):
    assignment = Assignment.resolve(course, ASSIGNMENT)
    assert assignment.notebook == f"{ASSIGNMENT}.ipynb"
    assert assignment.source == course.root / "source" / ASSIGNMENT
    assert assignment.submitted("ada") == course.root / "submitted" / "ada" / ASSIGNMENT
    assert assignment.autograded("ada") == course.root / "autograded" / "ada" / ASSIGNMENT


def test_an_assignment_follows_a_course_that_moves_nbgraders_folders(course):
    with open(course.root / "nbgrader_config.py", "a", encoding="utf-8") as config:
        config.write('\nc.CourseDirectory.submitted_directory = "handed-in"\n')
    assignment = Assignment.resolve(Course.open(course.root), ASSIGNMENT)
    assert assignment.submitted("ada") == course.root / "handed-in" / "ada" / ASSIGNMENT
    (course.root / "handed-in" / "ada" / ASSIGNMENT).mkdir(parents=True)
    assert assignment.submitted_students() == ["ada"]


def test_an_unknown_assignment_is_named_with_the_known_ones(course):
    with pytest.raises(CourseError, match="ps1-same-page"):
        Assignment.resolve(course, "ps9")


def test_reasons_come_from_the_exception_type():
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from nbformat.reader import NotJSONError

    from readinglab.instructor.grading.sandbox import SandboxUnavailable

    assert reason_for(CellTimeoutError("x")).startswith("time-out")
    assert reason_for(DeadKernelError("x")).startswith("kernel death")
    assert reason_for(NotJSONError("x")).startswith("invalid notebook")
    assert reason_for(SandboxUnavailable("install bubblewrap")) == "sandbox unavailable: install bubblewrap"
    assert reason_for(ValueError("one\ntwo")) == "autograde failed: ValueError: two"


def test_a_submission_is_checked_before_any_kernel_starts(course):
    assignment = Assignment.resolve(course, ASSIGNMENT)
    folder = assignment.submitted("ada")
    folder.mkdir(parents=True)
    (folder / "ps1.ipynb").write_text("{}", encoding="utf-8")
    assert precheck(assignment, "ada") == f"missing notebook: expected {ASSIGNMENT}.ipynb, found ['ps1.ipynb']"
    (folder / f"{ASSIGNMENT}.ipynb").write_text("{not json", encoding="utf-8")
    assert precheck(assignment, "ada").startswith("invalid notebook")


def test_nbgraders_log_and_the_precheck_name_a_missing_notebook_in_the_same_words(course):
    """The reason read from plain nbgrader's log (why_not_graded) is the one the workers' precheck gives."""
    assignment = Assignment.resolve(course, ASSIGNMENT)
    folder = assignment.submitted("ada")
    folder.mkdir(parents=True)
    (folder / f"{ASSIGNMENT} (1).ipynb").write_text("{}", encoding="utf-8")
    log = "[AutogradeApp | ERROR] No notebooks found, did you forget to run 'nbgrader generate_assignment'?"
    assert why_not_graded(log, "", folder, ASSIGNMENT) == precheck(assignment, "ada")
    assert precheck(assignment, "ada").startswith("missing notebook")


def test_a_gradebook_that_knows_no_notebook_is_not_called_a_missing_notebook(tmp_path):
    """nbgrader says "No notebooks found" both when the file is missing and when the gradebook lacks it."""
    submitted = tmp_path / "submitted" / "ada" / ASSIGNMENT
    submitted.mkdir(parents=True)
    (submitted / f"{ASSIGNMENT}.ipynb").write_text("{}", encoding="utf-8")
    log = "[AutogradeApp | ERROR] No notebooks found, did you forget to run 'nbgrader generate_assignment'?"
    reason = why_not_graded(log, "", submitted, ASSIGNMENT)
    assert "the gradebook knows no notebook" in reason and "course release" in reason


def test_the_course_config_grades_with_nbgraders_own_pipeline_but_sandboxed(course):
    """The course's list is nbgrader's default with SandboxedExecute in Execute's place, nothing else changed."""
    from nbgrader.converters import Autograde

    configured = list(course.config().Autograde.autograde_preprocessors)
    default = [f"{p.__module__.rsplit('.', 1)[0]}.{p.__name__}" for p in Autograde.autograde_preprocessors.default()]
    assert configured[0] == "readinglab.instructor.grading.checks.SandboxedExecute"
    assert [name.rsplit(".", 1)[-1] for name in configured[1:]] == [name.rsplit(".", 1)[-1] for name in default[1:]]


def test_course_grade_puts_the_sandboxed_pipeline_into_any_course_config(course):
    from traitlets.config import Config

    from readinglab.instructor.grading.checks import use_sandboxed_execute

    plain_nbgrader = Config()
    use_sandboxed_execute(plain_nbgrader)
    assert plain_nbgrader.Autograde.autograde_preprocessors[0].endswith("checks.SandboxedExecute")
    assert len(plain_nbgrader.Autograde.autograde_preprocessors) == 7


def test_an_executor_of_another_name_gives_way_to_the_sandboxed_one():
    """A course config's own Execute subclass would run student code unsandboxed, a second time."""
    from traitlets.config import Config

    from readinglab.instructor.grading.checks import use_sandboxed_execute

    config = Config()
    config.Autograde.autograde_preprocessors = [
        "nbconvert.preprocessors.ExecutePreprocessor",
        "nbgrader.preprocessors.LimitOutput",
        "readinglab.instructor.grading.checks.SandboxedExecute",
    ]
    use_sandboxed_execute(config)
    assert config.Autograde.autograde_preprocessors == [
        "readinglab.instructor.grading.checks.SandboxedExecute",
        "nbgrader.preprocessors.LimitOutput",
    ]
