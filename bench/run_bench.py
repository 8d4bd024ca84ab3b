"""Measure the course against its floors and write bench/RESULTS.md.

Run it with ``make bench`` (which sets up .venv first), or directly, from the
repository's folder (the bench is a package beside ``tests``, whose synthetic
class it grades)::

    .venv/bin/python -m bench.run_bench                 # everything (about 10 minutes on 2 cores)
    .venv/bin/python -m bench.run_bench --only import helpers --runs 5
    .venv/bin/python -m bench.run_bench --only grading --grading-rounds 3 --update   # keep the rest

Every figure is a median, min and max over ``--runs`` separate runs (at least
5), next to the floor it is measured against and the ratio that matters.
Nothing here asserts a time: the targets are printed beside the figures.
The figures of every section are also saved in bench/results.json; a
``bench/baseline.json`` (figures from before a change) is quoted beside them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import importlib.metadata
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
VENV_BIN = Path(sys.executable).parent

SECTIONS = ("import", "lessons", "jupyter", "helpers", "grading")
KEY_PACKAGES = (
    "pandas",
    "numpy",
    "scipy",
    "syntok",
    "PyYAML",
    "nbclient",
    "nbconvert",
    "nbformat",
    "jsonschema",
    "jupyter_client",
    "ipykernel",
    "jupyterlab",
    "nbgrader",
    "rfc3987-syntax",
    "lark",
)
# A class of students whose notebooks run to the end, as most real submissions do.
SOLUTION_LIKE_KINDS = ("solution", "one_reading", "blank", "deleted_check_cell", "edited_check_cells")
GRADED_ASSIGNMENT = "ps1-same-page"
GRADING_TARGET = 1.5  # issue 12: sandboxed, tamper-proof `course grade --jobs 2` against plain sequential nbgrader


def venv_env() -> dict[str, str]:
    """The environment `make` gives the course: the venv's bin/ first (nbgrader runs `alembic` by name)."""
    env = dict(os.environ)
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONHASHSEED"] = "0"
    return env


def summary(samples: list[float]) -> dict:
    return {
        "median": statistics.median(samples),
        "min": min(samples),
        "max": max(samples),
        "runs": len(samples),
        "samples": [round(s, 4) for s in samples],
    }


def timed_run(command: list[str], cwd: Path | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=venv_env(), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - started


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


# ---------------------------------------------------------------- import cost


def timed_interleaved(commands: dict[str, list[str]], runs: int, cwd: Path) -> dict:
    """Each command's summary over ``runs``, taking turns, after one unmeasured run each (a warm file cache)."""
    for command in commands.values():
        timed_run(command, cwd=cwd)
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            samples[name].append(timed_run(command, cwd=cwd))
    return {name: summary(values) for name, values in samples.items()}


def bench_import(runs: int) -> dict:
    """`import readinglab` and `import pandas`, each in a fresh interpreter, interleaved."""
    python = sys.executable
    commands = {"readinglab": [python, "-c", "import readinglab"], "pandas": [python, "-c", "import pandas"]}
    result = timed_interleaved(commands, runs, cwd=ROOT)
    result["ratio"] = result["readinglab"]["median"] / result["pandas"]["median"]
    result["target"] = 1.3
    return result


# ---------------------------------------------------------------- lessons


LESSON_ERRORS: dict[str, str] = {}


def _execute_notebook(path: Path) -> float:
    """Seconds to execute ``path`` in a new kernel; an unexpected error is noted and the run goes on."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=600,
        allow_errors=True,
        resources={"metadata": {"path": str(path.parent)}},
    )
    started = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - started
    for cell in notebook.cells:
        expected = "raises-exception" in cell.get("metadata", {}).get("tags", [])
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error" and not expected:
                LESSON_ERRORS[path.name] = f"{output.get('ename')}: {output.get('evalue', '')[:200]}"
    return seconds


def _empty_notebook(folder: Path) -> Path:
    import nbformat

    path = folder / "empty.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), path)
    return path


def bench_lessons(runs: int) -> dict:
    """Each lesson executed with nbclient (kernel start included), against an empty notebook."""
    os.environ.update({"PATH": venv_env()["PATH"], "TZ": "UTC", "MPLBACKEND": "Agg"})
    lessons = sorted((ROOT / "notebooks").glob("*.ipynb"))
    with tempfile.TemporaryDirectory() as scratch:
        empty = _empty_notebook(Path(scratch))
        _execute_notebook(empty)  # warm the file cache
        samples: dict[str, list[float]] = {"(empty notebook)": []}
        samples.update({lesson.name: [] for lesson in lessons})
        for run in range(runs):
            samples["(empty notebook)"].append(_execute_notebook(empty))
            for lesson in lessons:
                samples[lesson.name].append(_execute_notebook(lesson))
            log(f"lessons: run {run + 1}/{runs} done")
    result = {"per_notebook": {name: summary(values) for name, values in samples.items()}}
    totals = [sum(samples[lesson.name][run] for lesson in lessons) for run in range(runs)]
    floor = result["per_notebook"]["(empty notebook)"]["median"]
    result["total"] = summary(totals)
    result["lessons"] = len(lessons)
    result["ratio"] = result["total"]["median"] / (len(lessons) * floor)
    result["target"] = 2.0
    result["errors"] = dict(LESSON_ERRORS)
    return result


# ---------------------------------------------------------------- jupyter process start

_BARE_KERNEL = """
from jupyter_client.manager import start_new_kernel
manager, client = start_new_kernel(kernel_name="python3")
client.execute_interactive('print("hello")', timeout=60)
client.stop_channels()
manager.shutdown_kernel(now=True)
"""


def bench_jupyter(runs: int) -> dict:
    """A one-cell notebook through `jupyter nbconvert --execute`, against a bare kernel via jupyter_client."""
    import nbformat

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('print("hello")')])
        nbformat.write(notebook, folder / "one-cell.ipynb")
        commands = {
            "nbconvert --execute": [
                str(VENV_BIN / "jupyter"),
                "nbconvert",
                "--to",
                "notebook",
                "--execute",
                "one-cell.ipynb",
                "--output",
                "one-cell-out.ipynb",
            ],
            "bare kernel (jupyter_client)": [sys.executable, "-c", _BARE_KERNEL],
            "import jsonschema": [sys.executable, "-c", "import jsonschema"],
            "python -c pass": [sys.executable, "-c", "pass"],
        }
        result = timed_interleaved(commands, runs, cwd=folder)
    result["ratio"] = result["nbconvert --execute"]["median"] / result["bare kernel (jupyter_client)"]["median"]
    try:
        importlib.metadata.version("rfc3987-syntax")
        result["rfc3987_syntax_installed"] = True
    except importlib.metadata.PackageNotFoundError:
        result["rfc3987_syntax_installed"] = False
    return result


# ---------------------------------------------------------------- helper scaling

SCALES = (10, 100, 1000)


def _synthetic_corpus(folder: Path, size: int) -> list[str]:
    """``size`` readings, alternately copies of the course's two texts under new ids, with a catalog.

    Each copy is one word per line longer than its original.
    """
    import yaml

    from readinglab.corpus import Corpus

    course = Corpus(ROOT / "source_texts")
    originals = [course.catalog[reading_id] for reading_id in course.ids]
    (folder / "annotations").mkdir(parents=True)
    shutil.copy(ROOT / "source_texts" / "annotations" / "actors.yaml", folder / "annotations" / "actors.yaml")
    entries = []
    for number in range(size):
        original = originals[number % len(originals)]
        reading_id = f"{original['id']}-{number:04d}"
        file_name = f"{reading_id}.txt"
        # Each copy gets its number at the end of every line, so that no two readings share a
        # paragraph and nothing is served from a cache keyed by text: every reading costs its own work.
        text = (ROOT / "source_texts" / original["file"]).read_text(encoding="utf-8")
        text = "\n".join(f"{line} ({number})" if line.strip() else line for line in text.split("\n"))
        (folder / file_name).write_text(text, encoding="utf-8")
        # A JSON round trip turns the loader's line-numbered mappings into plain dicts for yaml.safe_dump.
        entry = json.loads(
            json.dumps({key: value for key, value in original.items() if key in ("title", "sha256", "structure")})
        )
        entry["sha256"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
        entries.append({"id": reading_id, "file": file_name, **entry})
    (folder / "catalog.yaml").write_text(yaml.safe_dump({"readings": entries}, allow_unicode=True), encoding="utf-8")
    return [entry["id"] for entry in entries]


def _one_scale(size: int, runs: int) -> dict:
    """Fresh interpreter state per scale is not needed: use_texts gives a fresh Corpus, built once."""
    import readinglab
    from readinglab import kwic, load, mentions, word_counts

    with tempfile.TemporaryDirectory() as scratch:
        ids = _synthetic_corpus(Path(scratch), size)
        readinglab.use_texts(scratch)
        calls = {
            "load": lambda reading_id: load(reading_id),
            "word_counts": lambda reading_id: word_counts(reading_id),
            "mentions": lambda reading_id: mentions(reading_id),
        }
        result: dict = {"readings": size}
        # First pass: every reading once (builds and caches whatever the helper needs).
        for name, call in calls.items():
            started = time.perf_counter()
            for reading_id in ids:
                call(reading_id)
            first = time.perf_counter() - started
            repeats = []
            for run in range(runs):
                reading_id = ids[(run * 7919) % size]
                started = time.perf_counter()
                call(reading_id)
                repeats.append(time.perf_counter() - started)
            result[name] = {
                "first_pass_all": first,
                "first_pass_per_reading": first / size,
                "repeat_call": summary(repeats),
            }
        # kwic searches every reading in one call.
        terms = ["China", "THAAD", "North Korea", "sanctions", "the", "red line", "Xi"]
        started = time.perf_counter()
        kwic(terms[0])
        first = time.perf_counter() - started
        repeats = []
        for run in range(runs):
            started = time.perf_counter()
            kwic(terms[1 + run % (len(terms) - 1)])
            repeats.append(time.perf_counter() - started)
        result["kwic"] = {
            "first_pass_all": first,
            "first_pass_per_reading": first / size,
            "repeat_call": summary(repeats),
        }
        readinglab.use_texts(None)
    return result


def bench_helpers(runs: int) -> dict:
    result = {}
    for size in SCALES:
        result[str(size)] = _one_scale(size, runs)
        log(f"helpers: {size} readings done")
    return result


# ---------------------------------------------------------------- grading throughput


def _prepared_course(folder: Path, students: int, stock: bool = False) -> tuple[Path, dict[str, str]]:
    from tests.support.course_copy import open_copy, release, use_plain_nbgrader
    from tests.support.students import build_class

    course = open_copy(folder / "course", source=ROOT / "course")
    if stock:
        use_plain_nbgrader(course.root)
    release(course, GRADED_ASSIGNMENT)
    kinds = [SOLUTION_LIKE_KINDS[i % len(SOLUTION_LIKE_KINDS)] for i in range(students)]
    return course.root, build_class(course.root, GRADED_ASSIGNMENT, kinds)


def _graded_count(course: Path, students: dict[str, str]) -> int:
    return sum(
        (course / "autograded" / s / GRADED_ASSIGNMENT / f"{GRADED_ASSIGNMENT}.ipynb").is_file() for s in students
    )


def _course_grade_command(course: Path) -> list[str]:
    return [str(VENV_BIN / "course"), "--course", str(course), "grade", GRADED_ASSIGNMENT, "--jobs", "2"]


def _busy_cpu_seconds() -> float | None:
    """CPU time every process on the machine has used so far (Linux /proc/stat), or None elsewhere."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    except (OSError, ValueError):
        return None
    user, nice, system, _idle, _iowait, irq, softirq = fields[:7]
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def _measured_grading(command: list[str], cwd: Path) -> dict:
    """Wall time of ``command``, the CPU time of all its processes (kernels included), and of everything else.

    The machine is shared: "other CPU" is what other programs used meanwhile, so that a
    slow run can be told apart from a busy machine.
    """
    import resource

    before, busy_before = resource.getrusage(resource.RUSAGE_CHILDREN), _busy_cpu_seconds()
    seconds = timed_run(command, cwd=cwd)
    after, busy_after = resource.getrusage(resource.RUSAGE_CHILDREN), _busy_cpu_seconds()
    own = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    other = None if busy_before is None else max(0.0, busy_after - busy_before - own)
    return {"seconds": seconds, "cpu_seconds": own, "other_cpu_seconds": other}


def bench_grading(students: int, rounds: int = 1) -> dict:
    """Sequential plain `nbgrader autograde` against `course grade --jobs 2`, each on a fresh copy of one class.

    The baseline is plain nbgrader (its own pipeline: one unsandboxed kernel);
    `course grade` runs sandboxed with the checks in their own kernel, and once
    more with --unsafe-no-sandbox to show what the sandbox itself costs. With
    several ``rounds`` the commands take turns, so a busy spell on the shared
    machine falls on all, and the medians are compared.
    """
    result: dict = {
        "students": students,
        "assignment": GRADED_ASSIGNMENT,
        "kinds": list(SOLUTION_LIKE_KINDS),
        "rounds": rounds,
    }
    commands = {
        "sequential": (
            "plain nbgrader autograde ps1-same-page --force (one kernel, unsandboxed)",
            lambda course: [str(VENV_BIN / "nbgrader"), "autograde", GRADED_ASSIGNMENT, "--force"],
        ),
        "parallel": ("course grade ps1-same-page --jobs 2 (sandboxed, tamper-proof checks)", _course_grade_command),
        "parallel_unsandboxed": (
            "course grade ps1-same-page --jobs 2 --unsafe-no-sandbox",
            lambda course: [*_course_grade_command(course), "--unsafe-no-sandbox"],
        ),
    }
    runs: dict[str, list[dict]] = {key: [] for key in commands}
    with tempfile.TemporaryDirectory() as scratch:
        for round_number in range(rounds):
            for key, (label, command) in commands.items():
                folder = Path(scratch) / f"{key}-{round_number}"
                course, class_list = _prepared_course(folder, students, stock=key == "sequential")
                log(f"grading: {label} of {students} submissions (round {round_number + 1}/{rounds})")
                run = _measured_grading(command(course), course)
                run["graded"] = _graded_count(course, class_list)
                runs[key].append(run)
                shutil.rmtree(folder, ignore_errors=True)
    for key, (label, _command) in commands.items():
        seconds = statistics.median(run["seconds"] for run in runs[key])
        result[key] = {
            "command": label,
            "seconds": seconds,
            "seconds_per_submission": seconds / students,
            "cpu_seconds": statistics.median(run["cpu_seconds"] for run in runs[key]),
            "graded": min(run["graded"] for run in runs[key]),
            "runs": runs[key],
        }
    result["speedup"] = result["sequential"]["seconds"] / result["parallel"]["seconds"]
    result["target"] = GRADING_TARGET
    result["per_student"] = _per_student_costs(runs=5)
    return result


def _per_student_costs(runs: int) -> dict:
    """Seconds to run one solution notebook: plain nbgrader Execute, two kernels unsandboxed, two kernels sandboxed.

    The differences are what the checks' kernel and the sandbox each cost per
    student (one process, kernels started and stopped each time; interleaved runs).
    """
    import copy

    import nbformat
    from nbgrader.preprocessors import Execute

    from readinglab.instructor.course import ensure_tools_on_path
    from readinglab.instructor.grading.checks import SandboxedExecute

    source = nbformat.read(ROOT / "course" / "source" / GRADED_ASSIGNMENT / f"{GRADED_ASSIGNMENT}.ipynb", as_version=4)
    notebook = copy.deepcopy(source)  # the source notebook is the solution, checks and all
    runners = {
        "plain": lambda: Execute(timeout=60),
        "two_kernels": lambda: SandboxedExecute(timeout=60, sandbox=False),
        "sandboxed": lambda: SandboxedExecute(timeout=60, sandbox=True),
    }
    times: dict[str, list[float]] = {key: [] for key in runners}
    ensure_tools_on_path()
    with tempfile.TemporaryDirectory() as work:
        for _ in range(runs):
            for key, make in runners.items():
                started = time.perf_counter()
                make().preprocess(copy.deepcopy(notebook), {"metadata": {"path": work}})
                times[key].append(time.perf_counter() - started)
    medians = {key: statistics.median(values) for key, values in times.items()}
    return {
        **{key: summary(values) for key, values in times.items()},
        "checks_kernel_cost": medians["two_kernels"] - medians["plain"],
        "sandbox_cost": medians["sandboxed"] - medians["two_kernels"],
    }


# ---------------------------------------------------------------- the report


def machine() -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kilobytes = int(
            next(
                line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
            ).split()[1]
        )
        memory = f"{kilobytes / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    os_name = platform.platform()
    try:
        pretty = next(
            line for line in Path("/etc/os-release").read_text().splitlines() if line.startswith("PRETTY_NAME=")
        )
        os_name = f"{pretty.split('=', 1)[1].strip(chr(34))} (Linux {platform.release()})"
    except (OSError, StopIteration):
        pass
    versions = {}
    for name in KEY_PACKAGES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "os": os_name,
        "python": platform.python_version(),
        "packages": versions,
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def s(value: float) -> str:
    return f"{value:.2f} s" if value >= 0.1 else f"{value * 1000:.1f} ms"


def mmm(stats: dict) -> str:
    return f"{s(stats['median'])} | {s(stats['min'])} | {s(stats['max'])}"


def verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


def measured_on(results: dict, section: str) -> list[str]:
    """A line saying when a section kept from an earlier run (``--update``) was measured."""
    when = results.get("measured", {}).get(section)
    if not when or when == results["machine"]["date"]:
        return []
    return [f"*Measured {when}, in an earlier run; other sections were re-measured since (`--update`).*", ""]


def render(results: dict, baseline: dict | None) -> str:
    m = results["machine"]
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (bench/run_bench.py); do not edit by hand. Each figure is the median, min and max",
        f"over {results['runs']} runs unless the row says otherwise. Times are wall-clock (`time.perf_counter`).",
        "",
        f"- **Date:** {m['date']}",
        f"- **Machine:** {m['cpu']}, {m['cores']} cores, {m['memory']} memory; {m['os']}; Python {m['python']}",
        "- **Packages:** " + ", ".join(f"{name} {version}" for name, version in m["packages"].items()),
        "",
    ]
    summary_rows = []
    if "import" in results:
        r = results["import"]
        lines += [
            "## Import cost",
            "",
            *measured_on(results, "import"),
            '`python -c "import readinglab"` against `python -c "import pandas"`, each a fresh process, interleaved.',
            "",
            "| Command | median | min | max |",
            "|---|---|---|---|",
            f"| import readinglab | {mmm(r['readinglab'])} |",
            f"| import pandas (floor) | {mmm(r['pandas'])} |",
            "",
            f"Ratio (medians): **{r['ratio']:.2f}** (target 1.3 or less: {verdict(r['ratio'] <= 1.3)}).",
            "",
        ]
        summary_rows.append(
            ("Import cost: readinglab / pandas", f"{r['ratio']:.2f}", "≤ 1.3", r["ratio"] <= 1.3, "import")
        )
    if "lessons" in results:
        r = results["lessons"]
        lines += [
            "## Lesson run time",
            "",
            *measured_on(results, "lessons"),
            "Each lesson in notebooks/ executed with nbclient (a new kernel each time, so kernel start-up is",
            "included), against an empty notebook executed the same way: the kernel start-up floor.",
            "",
            "| Notebook | median | min | max | × floor |",
            "|---|---|---|---|---|",
        ]
        floor = r["per_notebook"]["(empty notebook)"]["median"]
        for name, stats in r["per_notebook"].items():
            lines.append(f"| {name} | {mmm(stats)} | {stats['median'] / floor:.2f} |")
        lines += [
            f"| **Total of {r['lessons']} lessons** | {mmm(r['total'])} | {r['ratio']:.2f} |",
            "",
            f"Ratio = median total lesson time / ({r['lessons']} × median empty-notebook time) = **{r['ratio']:.2f}**"
            f" (target 2.0 or less: {verdict(r['ratio'] <= 2.0)}).",
            "",
        ]
        for name, error in r.get("errors", {}).items():
            lines += [
                f"Warning: {name} raised an unexpected error while measured ({error}); its time may be short.",
                "",
            ]
        summary_rows.append(
            (
                "Lesson run time: total / (lessons × empty notebook)",
                f"{r['ratio']:.2f}",
                "≤ 2.0",
                r["ratio"] <= 2.0,
                "lessons",
            )
        )
    if "jupyter" in results:
        r = results["jupyter"]
        lines += [
            "## Jupyter process start",
            "",
            *measured_on(results, "jupyter"),
            "A one-cell notebook through `jupyter nbconvert --to notebook --execute`, against a bare kernel started,",
            "run once and shut down through `jupyter_client` in a fresh process. `import jsonschema` shows the cost",
            "that building the `rfc3987_syntax` grammars used to add to every Jupyter process (see below).",
            "",
            "| Command | median | min | max |",
            "|---|---|---|---|",
        ]
        for name in ("nbconvert --execute", "bare kernel (jupyter_client)", "import jsonschema", "python -c pass"):
            lines.append(f"| {name} | {mmm(r[name])} |")
        lines += [
            "",
            f"Ratio nbconvert / bare kernel (medians): **{r['ratio']:.2f}**. "
            f"`rfc3987-syntax` installed: {'yes' if r['rfc3987_syntax_installed'] else 'no'}.",
            "",
        ]
        summary_rows.append(
            (
                "Jupyter start: nbconvert --execute / bare kernel",
                f"{r['ratio']:.2f}",
                "avoid the ~2 s grammar build",
                not r["rfc3987_syntax_installed"],
                "jupyter",
            )
        )
    if "helpers" in results:
        r = results["helpers"]
        lines += [
            "## Helper scaling",
            "",
            *measured_on(results, "helpers"),
            "Synthetic corpora of copies of the two readings under new ids (built in a temporary folder and",
            "opened with `readinglab.use_texts`). *First pass* calls the helper once on every reading (kwic: one",
            "call, which searches every reading) and includes building whatever is cached; *per reading* is that",
            "divided by the number of readings, which stays flat when the cost grows linearly. *Repeat call* is",
            f"a later call (one reading; kwic: every reading, a new term each time), over {results['runs']} calls.",
            "",
            "| Helper | readings | first pass | per reading | repeat call: median | min | max |",
            "|---|---|---|---|---|---|---|",
        ]
        worst_repeat = 0.0
        for helper in ("load", "word_counts", "mentions", "kwic"):
            for size, scale in r.items():
                h = scale[helper]
                worst_repeat = max(worst_repeat, h["repeat_call"]["max"]) if size == str(SCALES[-1]) else worst_repeat
                lines.append(
                    f"| {helper} | {size} | {s(h['first_pass_all'])} | {s(h['first_pass_per_reading'])} | "
                    f"{mmm(h['repeat_call'])} |"
                )
        lines += [
            "",
            f"Slowest repeat call on {SCALES[-1]} readings: **{s(worst_repeat)}** "
            f"(target under 1 s: {verdict(worst_repeat < 1.0)}).",
            "",
        ]
        summary_rows.append(
            (
                f"Helpers: slowest repeat call on {SCALES[-1]} readings",
                s(worst_repeat),
                "< 1 s",
                worst_repeat < 1.0,
                "helpers",
            )
        )
    if "grading" in results:
        r = results["grading"]
        rounds = r.get("rounds", 1)
        lines += [
            "## Grading throughput",
            "",
            *measured_on(results, "grading"),
            f"A synthetic class of {r['students']} for `{r['assignment']}` (tests/support/students.py `build_class`, "
            f"kinds {', '.join(r['kinds'])}, in turn), graded each way on a fresh course copy"
            + (
                f", {rounds} rounds with the two commands taking turns; each figure is the median of the rounds."
                if rounds > 1
                else ", once each."
            ),
            "A run grades the whole class, so seconds per submission is already an average over it. *CPU* is the",
            "CPU time of all the command's processes, kernels included; *other CPU* is what other programs on the",
            "shared machine used meanwhile (2 cores give at most 2 CPU-seconds per second).",
            "",
            "| Command | total | per submission | CPU | graded | runs: total (other CPU) |",
            "|---|---|---|---|---|---|",
        ]
        for key in ("sequential", "parallel", "parallel_unsandboxed"):
            if key not in r:
                continue
            g = r[key]
            samples = ", ".join(
                f"{run['seconds']:.1f} s"
                + (f" ({run['other_cpu_seconds']:.0f} s)" if run.get("other_cpu_seconds") is not None else "")
                for run in g.get("runs", [])
            )
            cpu = s(g["cpu_seconds"]) if "cpu_seconds" in g else "—"
            lines.append(
                f"| {g['command']} | {s(g['seconds'])} | {s(g['seconds_per_submission'])} | {cpu} | "
                f"{g['graded']}/{r['students']} | {samples or '—'} |"
            )
        target = r.get("target", GRADING_TARGET)
        lines += [
            "",
            f"Speed-up of sandboxed `course grade` over plain sequential nbgrader: **{r['speedup']:.2f}×** "
            f"(target {target:g} or more on 2 cores: {verdict(r['speedup'] >= target)}).",
            "",
        ]
        if "per_student" in r:
            p = r["per_student"]
            lines += [
                "Per student, one solution notebook of the assignment run in one process (median, min, max of "
                f"{p['plain']['runs']} interleaved runs; kernels started and stopped each time):",
                "",
                "| Way | seconds |",
                "|---|---|",
                f"| plain nbgrader `Execute` (one kernel, unsandboxed) | {mmm(p['plain'])} |",
                f"| `SandboxedExecute`, sandbox off (student kernel + checks' kernel) | {mmm(p['two_kernels'])} |",
                f"| `SandboxedExecute`, sandboxed (both kernels in bubblewrap) | {mmm(p['sandboxed'])} |",
                "",
                f"Two kernels against plain nbgrader's one: **{p['checks_kernel_cost']:+.2f} s** per student. "
                "That is the checks' kernel (it starts while the student's cells run) less what SandboxedExecute "
                "saves on every kernel (killed at once when its cells are done, called ready after 20 ms of "
                f"quiet instead of 200 ms). The sandbox: **{p['sandbox_cost']:+.2f} s** per student.",
                "",
            ]
        summary_rows.append(
            (
                "Grading: plain sequential / sandboxed parallel",
                f"{r['speedup']:.2f}×",
                f"≥ {target:g}",
                r["speedup"] >= target,
                "grading",
            )
        )

    head = ["## Summary", "", "| Benchmark | now | target | | before the fixes |", "|---|---|---|---|---|"]
    for label, value, target, ok, key in summary_rows:
        before = baseline_figure(baseline, key) if baseline else "—"
        head.append(f"| {label} | {value} | {target} | {verdict(ok)} | {before} |")
    head.append("")
    if baseline:
        head += [
            f"*Before the fixes* is bench/baseline.json, measured {baseline['machine']['date']} on the same kind of "
            "machine before the changes described in NOTES below.",
            "",
        ]
    notes = BENCH / "NOTES.md"
    tail = ["", notes.read_text(encoding="utf-8")] if notes.exists() else []
    return "\n".join(lines[:9] + head + lines[9:] + tail).rstrip() + "\n"


def baseline_figure(baseline: dict, key: str) -> str:
    r = baseline.get(key)
    if not r:
        return "—"
    if key == "import":
        return f"{r['ratio']:.2f}"
    if key == "lessons":
        return f"{r['ratio']:.2f}"
    if key == "jupyter":
        return f"{r['ratio']:.2f} (nbconvert {s(r['nbconvert --execute']['median'])})"
    if key == "helpers":
        last = r[str(SCALES[-1])]
        worst = max(last[h]["repeat_call"]["max"] for h in ("load", "word_counts", "mentions", "kwic"))
        return s(worst)
    if key == "grading":
        return f"{r['speedup']:.2f}×"
    return "—"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (at least 5 for RESULTS.md)")
    parser.add_argument("--students", type=int, default=40, help="size of the synthetic class to grade")
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=list(SECTIONS), help="sections to run")
    parser.add_argument("--results", type=Path, default=BENCH / "results.json", help="where to save the figures")
    parser.add_argument("--report", type=Path, default=BENCH / "RESULTS.md", help="where to write the report")
    parser.add_argument(
        "--grading-rounds",
        type=int,
        default=1,
        metavar="N",
        help="grade the class N times each way, taking turns, and compare the medians",
    )
    parser.add_argument(
        "--update",
        action="store_true",
        help="keep the figures of the sections not in --only from the existing --results file "
        "(each section records when it was measured)",
    )
    args = parser.parse_args(argv)
    results: dict = {"machine": machine(), "runs": args.runs, "measured": {}}  # measured: section -> date
    if args.update and args.results.exists():
        earlier = json.loads(args.results.read_text(encoding="utf-8"))
        for section in SECTIONS:
            if section in earlier and section not in args.only:
                results[section] = earlier[section]
                results["measured"][section] = earlier.get("measured", {}).get(section, earlier["machine"]["date"])
    started = time.perf_counter()
    for section in SECTIONS:
        if section not in args.only:
            continue
        log(f"{section} ...")
        if section == "import":
            results["import"] = bench_import(args.runs)
        elif section == "lessons":
            results["lessons"] = bench_lessons(args.runs)
        elif section == "jupyter":
            results["jupyter"] = bench_jupyter(args.runs)
        elif section == "helpers":
            results["helpers"] = bench_helpers(args.runs)
        elif section == "grading":
            results["grading"] = bench_grading(args.students, args.grading_rounds)
        results["measured"][section] = results["machine"]["date"]
    results["seconds"] = time.perf_counter() - started
    args.results.write_text(json.dumps(results, indent=1), encoding="utf-8")
    baseline_path = BENCH / "baseline.json"
    baseline = json.loads(baseline_path.read_text(encoding="utf-8")) if baseline_path.exists() else None
    args.report.write_text(render(results, baseline), encoding="utf-8")
    log(f"wrote {args.report} in {results['seconds']:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
