"""What a student installs: the wheel of the course package carries the library and the readings, no answers.

On a hub, students get the package installed (deploy/install-course-env), not
this repository; a wheel built here is what they would get.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from readinglab.instructor.feedback import secret_lines

from .support.wheel import build_wheel

ROOT = Path(__file__).resolve().parents[1]
ANSWER_MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "BEGIN MARK SCHEME")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    return build_wheel(tmp_path_factory.mktemp("wheel"))


def test_the_wheel_carries_every_module_and_the_readings(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "readinglab").rglob("*.py")}
    assert modules - names == set(), "modules missing from the wheel"
    texts = {
        f"readinglab/source_texts/{p.relative_to(ROOT / 'source_texts').as_posix()}"
        for p in (ROOT / "source_texts").rglob("*")
        if p.is_file()
    }
    assert texts and texts - names == set(), "readings or annotations missing from the wheel"
    assert "readinglab/source_texts/context.yaml" in names, "the context file (outside evidence) missing from the wheel"
    with zipfile.ZipFile(wheel) as archive:
        for name in texts:  # byte for byte: the catalog's sha256 check depends on it
            assert (
                archive.read(name)
                == (ROOT / "source_texts" / name.removeprefix("readinglab/source_texts/")).read_bytes()
            ), name


def test_the_wheel_holds_no_course_material_and_no_answer(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        text = "\n".join(archive.read(n).decode("utf-8", errors="replace") for n in names)
    assert not [n for n in names if n.endswith(".ipynb") or "/course/" in n or n.startswith(("course/", "tests/"))]
    secrets = [line for nb in sorted((ROOT / "course" / "source").glob("*/*.ipynb")) for line in secret_lines(nb)]
    assert len(secrets) > 20, "too few hidden lines found: the check would prove nothing"
    # One hidden helper line is plain code that readinglab also has; it gives nothing away.
    generic = {'return " ".join(text.split())'}
    assert [line for line in secrets if line in text and line not in generic] == []
    # The markers may only appear where the instructor tools name them, never around an answer.
    assert [m for m in ANSWER_MARKERS if m in text] == []


@pytest.fixture(scope="module")
def site(wheel, tmp_path_factory) -> Path:
    """The wheel installed (not editable) into a folder of its own, outside the repository."""
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--quiet",
            "--disable-pip-version-check",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    return target


def test_an_installed_package_finds_its_readings_outside_the_repository(site, tmp_path):
    target = site
    probe = (
        "import readinglab, sys; r = readinglab.load('together'); "
        "assert 'site' in readinglab.__file__, readinglab.__file__; print(r.id, len(r.paragraphs))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "together"


def test_course_selfcheck_add_outside_a_clone_refuses_and_leaves_the_installed_package_alone(site, tmp_path):
    package = site / "readinglab"
    before = {path: path.read_bytes() for path in package.rglob("*") if path.is_file() and path.suffix != ".pyc"}
    add = [
        "selfcheck",
        "add",
        "02",
        "02-new-question",
        "--question",
        "Which?",
        "--answer",
        "this one",
        "--wrong",
        "that one",
        "--hint",
        "Read paragraph 3.",
    ]
    result = subprocess.run(
        [sys.executable, "-m", "readinglab.instructor.cli", *add],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Cannot find a clone of the readinglab repository" in result.stderr and "Traceback" not in result.stderr
    after = {path: path.read_bytes() for path in package.rglob("*") if path.is_file() and path.suffix != ".pyc"}
    assert after == before, "the installed package was written"
