"""Hostile submissions (issue 12): each earns exactly what a blank earns and reaches nothing.

One class per fixture (tests/hostile/classroom.py): a blank, a right-answers student, a victim whose
work holds a canary, and one student per attack (tests/hostile/attacks.py), each attack in the first
answer cell of the blank ps1-same-page. The class is graded once with ``course grade`` (two workers) and
once with plain nbgrader's autograde on the course's config, and each attacker is checked against every
detector: points above a blank, the victim's canary, hidden tests in its feedback, the gradebook, the
loopback listener, processes left alive, big files, a missing grade or reason, other students.

Two sets of tests:

- ``test_without_the_sandbox_...``: today's pipeline, to show that each test below can fail. Plain
  nbgrader with nbgrader's own preprocessors (student code and checks in one kernel, as the grader's
  account): every attack succeeds. ``course grade --unsafe-no-sandbox`` (the only way ``course grade``
  runs unprotected): the attacks that reach what they must not succeed, since only the sandbox stops
  them. Only attacks that cannot harm the machine are graded this way (``attacks.SAFE``).
- the protected tests: the course's own config, sandboxed. They need the sandboxed pipeline and
  bubblewrap. The destructive attacks (memory, disk, forks, killing the grader, a detached writer) are
  added to the class only once a probe student has shown, both ways, that its kernel runs in a PID
  namespace of its own and cannot see the course folder.
"""

from __future__ import annotations

import importlib.util
import os
import shutil

import pytest

from .hostile import attacks as hostile
from .hostile.classroom import (
    UNSAFE_NO_SANDBOX,
    build_classroom,
    course_grade,
    nbgrader_autograde,
    others_wrong,
    probe_findings,
    reached,
    secrets_of,
)
from .support.course_copy import plain_nbgrader

COURSE_GRADE, NBGRADER = "course grade", "nbgrader autograde"
SETTLE = hostile.DAEMON_DELAY + 4  # after a protected run: a detached writer that escaped has written by then
NO_PIPELINE = "the sandboxed grading pipeline (readinglab.instructor.grading.checks) is not there yet"


def _findings(found: dict[str, list[str]], names) -> dict[str, list[str]]:
    return {name: found[name] for name in names if found[name]}


# ====================================================================== today's pipeline: the attacks work


@pytest.fixture(scope="module")
def unprotected(tmp_path_factory):
    """The safe attacks, graded by plain nbgrader's own preprocessors and by course grade --unsafe-no-sandbox."""
    room = build_classroom(tmp_path_factory.mktemp("hostile-unprotected") / "course", hostile.SAFE)
    try:
        room.save_gradebook()
        runs = {NBGRADER: nbgrader_autograde(room, plain_nbgrader())}
        room.restore_gradebook()
        runs[COURSE_GRADE] = course_grade(room, UNSAFE_NO_SANDBOX)
        yield room, runs, secrets_of(room)
    finally:
        room.listener.close()


TODAY = [a for a in hostile.SAFE if a.reaches]
# course grade always judges the checks in a kernel of their own: without the sandbox, what reaches
# outside the kernel still works; forging the checks does not.
UNSAFE_COURSE_GRADE = [a for a in TODAY if a.kind == hostile.REACH]


@pytest.mark.parametrize(
    "run, attack",
    [(NBGRADER, a) for a in TODAY] + [(COURSE_GRADE, a) for a in UNSAFE_COURSE_GRADE],
    ids=lambda v: getattr(v, "name", v),
)
def test_without_the_sandbox_the_attack_succeeds(unprotected, run, attack):
    room, runs, hidden = unprotected
    student = hostile.student_id(attack)
    found = reached(runs[run], room, student, hidden)
    missed = [name for name in attack.reaches if not found[name]]
    assert not missed, (
        f"{attack.name} should reach {missed} without the sandbox, but did not "
        f"(result {runs[run].results.get(student)}); it reached {_findings(found, found)}"
    )


@pytest.mark.parametrize("run", [NBGRADER, COURSE_GRADE])
def test_without_the_sandbox_honest_students_are_graded_right(unprotected, run):
    room, runs, _ = unprotected
    assert not others_wrong(runs[run], room), runs[run].log


def test_without_the_sandbox_always_equal_impostors_already_earn_nothing(unprotected):
    """Today's checks compare exact types, so impostors alone fail; see attacks.always_equal.why_not_today."""
    room, runs, hidden = unprotected
    attack = hostile.BY_NAME["always_equal"]
    found = reached(runs[NBGRADER], room, hostile.student_id(attack), hidden)
    assert not _findings(found, [hostile.POINTS, hostile.UNRECORDED])


@pytest.mark.parametrize("attack", [a for a in hostile.SAFE if a.kind == hostile.FORGE], ids=lambda a: a.name)
def test_without_the_sandbox_the_check_kernel_still_stops_forging(unprotected, attack):
    """course grade --unsafe-no-sandbox: the student's kernel is not sandboxed, but its checks run apart."""
    room, runs, hidden = unprotected
    found = reached(runs[COURSE_GRADE], room, hostile.student_id(attack), hidden)
    assert not _findings(found, [hostile.POINTS, hostile.UNRECORDED])


# ====================================================================== the protected pipeline


def _require_protected_pipeline() -> None:
    if importlib.util.find_spec("readinglab.instructor.grading.checks") is None:
        pytest.skip(NO_PIPELINE)
    if shutil.which("bwrap") is None:
        message = "bubblewrap (bwrap, Debian package bubblewrap) is not installed: the sandbox cannot run"
        if os.environ.get("READINGLAB_REQUIRE_SANDBOX") == "1":
            pytest.fail(message)
        pytest.skip(message + " (set READINGLAB_REQUIRE_SANDBOX=1 to fail instead)")


def _sandboxed(findings: dict | None, host_pid_ns: int) -> bool:
    return bool(findings) and findings.get("pid_ns") not in (None, host_pid_ns) and findings.get("sees_course") is False


@pytest.fixture(scope="module")
def protected(tmp_path_factory):
    """Every attack, graded with the course's own config: course grade, then plain nbgrader autograde."""
    _require_protected_pipeline()
    room = build_classroom(tmp_path_factory.mktemp("hostile-protected") / "course", hostile.SAFE)
    try:
        probe = room.add_probe()
        probes = {
            COURSE_GRADE: probe_findings(course_grade(room, students=[probe])),
            NBGRADER: probe_findings(nbgrader_autograde(room, students=[probe])),
        }
        room.remove(probe)
        proven = all(_sandboxed(p, room.host_pid_ns) for p in probes.values())
        if proven:  # only now: a fork bomb or memory fill outside the sandbox would take the machine down
            room.add_attackers(hostile.DESTRUCTIVE)
        room.save_gradebook()
        runs = {COURSE_GRADE: course_grade(room, settle=SETTLE)}
        room.restore_gradebook()
        runs[NBGRADER] = nbgrader_autograde(room, settle=SETTLE)
        yield room, runs, secrets_of(room), probes, proven
    finally:
        room.listener.close()


@pytest.mark.parametrize("run", [COURSE_GRADE, NBGRADER])
def test_grading_kernels_run_sandboxed(protected, run):
    room, _, _, probes, _ = protected
    assert _sandboxed(probes[run], room.host_pid_ns), (
        f"{run}: the probe's kernel shared the grader's PID namespace or saw the course folder: {probes[run]}"
    )


@pytest.mark.parametrize("run", [COURSE_GRADE, NBGRADER])
@pytest.mark.parametrize("attack", hostile.ATTACKS, ids=lambda a: a.name)
def test_a_hostile_submission_earns_what_a_blank_earns_and_reaches_nothing(protected, run, attack):
    room, runs, hidden, probes, proven = protected
    if attack.destructive and not proven:
        pytest.fail(f"{attack.name} was not graded: the probe did not show a sandboxed kernel ({probes})")
    student = hostile.student_id(attack)
    found = reached(runs[run], room, student, hidden)
    names = [n for n in found if n != hostile.OTHERS or attack.name == "kill_grader"]
    assert not _findings(found, names), f"{attack.name} under {run} (result {runs[run].results.get(student)})"


@pytest.mark.parametrize("run", [COURSE_GRADE, NBGRADER])
def test_every_other_student_is_graded_and_every_attacker_recorded(protected, run):
    room, runs, _, _, _ = protected
    assert not others_wrong(runs[run], room), runs[run].log
    for student in room.attackers:
        result = runs[run].results.get(student)
        assert result is not None and (result.graded or result.reason), f"{student}: {result}"
