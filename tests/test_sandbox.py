"""The grading sandbox (readinglab/instructor/grading/sandbox.py): real kernels in bubblewrap.

Each test starts a sandboxed kernel with ``kernel_manager(...)``, runs code in it
through a jupyter_client client and checks what it could and could not do. The
fork, memory and disk tests only ever run their greedy code inside the sandbox.
Skipped when bubblewrap cannot run here (with the reason), failed instead when
READINGLAB_REQUIRE_SANDBOX=1.
"""

from __future__ import annotations

import asyncio
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
import uuid
from pathlib import Path

import pytest

from readinglab.instructor.grading import sandbox
from readinglab.instructor.grading.sandbox import Limits, SandboxUnavailable, kernel_manager, require_sandbox

REPOSITORY = Path(__file__).resolve().parent.parent


def _sandbox_problem() -> str | None:
    try:
        require_sandbox()
    except SandboxUnavailable as error:
        return str(error)
    return None


_PROBLEM = _sandbox_problem()
if _PROBLEM and os.environ.get("READINGLAB_REQUIRE_SANDBOX") == "1":
    raise RuntimeError(f"READINGLAB_REQUIRE_SANDBOX=1 but the sandbox cannot start: {_PROBLEM}")
needs_sandbox = pytest.mark.skipif(bool(_PROBLEM), reason=f"no sandbox here: {_PROBLEM}")


class Kernel:
    """A started kernel from kernel_manager(), driven on its own event loop; run() returns its stdout."""

    def __init__(self, **options):
        self.loop = asyncio.new_event_loop()
        self.km = kernel_manager(**options)
        try:
            self.loop.run_until_complete(self._start())
        except BaseException:
            self.loop.run_until_complete(self.km.shutdown_kernel(now=True))
            raise

    async def _start(self):
        await self.km.start_kernel()
        self.kc = self.km.client()
        self.kc.start_channels()
        await self.kc.wait_for_ready(timeout=60)

    def run(self, code: str, timeout: float = 60) -> str:
        return self.loop.run_until_complete(self._run(textwrap.dedent(code), timeout))

    async def _run(self, code: str, timeout: float) -> str:
        msg_id = self.kc.execute(code)
        out = []
        while True:
            msg = await self.kc.get_iopub_msg(timeout=timeout)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "stream":
                out.append(msg["content"]["text"])
            elif msg["msg_type"] == "error":
                raise RuntimeError(f"{msg['content']['ename']}: {msg['content']['evalue']}")
            elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return "".join(out)

    def alive(self) -> bool:
        return self.loop.run_until_complete(self.km.is_alive())

    def close(self):
        self.kc.stop_channels()
        self.loop.run_until_complete(self.km.shutdown_kernel(now=not self.alive()))
        self.loop.close()


def run_once(workdir: Path, code: str, **limits) -> str:
    """Start a sandboxed kernel with these ``limits``, run ``code`` in it, stop it; what it printed."""
    started = Kernel(workdir=workdir, limits=Limits(**limits))
    try:
        return started.run(code)
    finally:
        started.close()


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A submission folder, with a sibling folder (another student's) holding a canary."""
    folder = tmp_path / "alice"
    folder.mkdir()
    (folder / "notes.txt").write_text("alice's notes\n")
    (tmp_path / "bob").mkdir()
    (tmp_path / "bob" / "canary.txt").write_text("bob's answers\n")
    return folder


@pytest.fixture
def kernel(workdir):
    started = Kernel(workdir=workdir)
    yield started
    started.close()


def _processes_with(marker: str) -> list[int]:
    """Pids (seen from outside) whose command line contains marker."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                cmdline = Path("/proc", entry, "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if marker in cmdline:
                found.append(int(entry))
    return found


# ---------------------------------------------------------------- it works


@needs_sandbox
def test_the_kernel_runs_course_code_as_nobody(kernel):
    out = kernel.run("""
        import os, readinglab, pandas, matplotlib
        reading = readinglab.load("same-page")
        print(os.getuid(), os.getgid(), type(reading).__name__, len(reading.text) > 1000)
    """)
    assert out.split() == ["65534", "65534", "Reading", "True"]


@needs_sandbox
def test_it_works_on_a_private_copy_of_its_folder(kernel, workdir):
    out = kernel.run("""
        import os
        print(os.getcwd())
        print(open("notes.txt").read().strip())
        open("notes.txt", "w").write("overwritten")
        open("new.txt", "w").write("new")
        os.mkdir("made")
        print(sorted(os.listdir(".")))
    """)
    assert out.splitlines() == [str(workdir), "alice's notes", "['made', 'new.txt', 'notes.txt']"]
    assert sorted(os.listdir(workdir)) == ["notes.txt"]
    assert (workdir / "notes.txt").read_text() == "alice's notes\n"


@needs_sandbox
def test_a_check_kernel_gets_an_empty_folder():
    check = Kernel(workdir=None)
    try:
        assert check.run("import os; print(os.getcwd(), os.listdir('.'))").split() == [sandbox.EMPTY_WORKDIR, "[]"]
    finally:
        check.close()


@needs_sandbox
def test_shutting_down_removes_its_private_folder_and_cgroup(workdir):
    started = Kernel(workdir=workdir)
    provisioner = started.km.provisioner
    ipc_dir, cgroup = provisioner.ipc_dir, provisioner.cgroup
    assert os.path.isfile(os.path.join(ipc_dir, "kernel.json"))
    started.close()
    assert not os.path.exists(ipc_dir)
    if cgroup is not None:
        assert not any(directory.exists() for directory in cgroup.dirs)


@needs_sandbox
def test_an_endless_loop_can_be_interrupted(kernel):
    """SIGINT does not cross bwrap: the kernel spec asks for interrupts by message."""
    assert kernel.km.kernel_spec.interrupt_mode == "message"
    msg_id = kernel.kc.execute("while True: pass")
    time.sleep(1)
    kernel.loop.run_until_complete(kernel.km.interrupt_kernel())

    async def outcome():
        while True:
            msg = await kernel.kc.get_iopub_msg(timeout=10)
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "error":
                return msg["content"]["ename"]

    assert kernel.loop.run_until_complete(outcome()) == "KeyboardInterrupt"


def test_an_unsandboxed_kernel_has_the_same_interface(workdir):
    plain = Kernel(workdir=workdir, sandboxed=False)
    try:
        assert plain.km.provisioner.__class__.__name__ == "LocalProvisioner"
        assert plain.run("import os; print(os.getuid())").strip() == str(os.getuid())
        # IPC sockets, not TCP ports: ports picked by two grading processes at once collided (a kernel died
        # before it answered, once in 40 students); the private folder goes with the kernel.
        assert plain.km.transport == "ipc"
        private = Path(plain.km.connection_file).parent
        assert private.is_dir()
    finally:
        plain.close()
    assert not private.exists()


# ---------------------------------------------------------------- what it cannot see


@needs_sandbox
def test_it_sees_no_solutions_no_home_no_other_student(kernel, workdir):
    solutions = REPOSITORY / "course" / "source"
    home = Path(pwd.getpwuid(os.getuid()).pw_dir)
    assert solutions.is_dir() and (workdir.parent / "bob" / "canary.txt").is_file()  # they are there outside
    out = kernel.run(f"""
        import os
        for path in [{str(solutions)!r}, {str(REPOSITORY / "course")!r}, {str(workdir.parent / "bob")!r},
                     "/etc/passwd", "/etc/shadow", {str(home / ".bash_history")!r}]:
            print(path, os.path.exists(path))
        print(sorted(os.listdir({str(REPOSITORY)!r})))
        print(sorted(os.listdir(os.path.dirname({str(workdir)!r}))))
    """)
    lines = out.splitlines()
    assert all(line.endswith(" False") for line in lines[:6]), out
    # the repository shows only the package folders (and the venv when it lives there)
    allowed = {"readinglab", "source_texts", ".venv"}
    assert set(eval(lines[6])) <= allowed and "readinglab" in eval(lines[6])
    assert eval(lines[7]) == ["alice"]


@needs_sandbox
def test_its_root_holds_only_what_is_bound(kernel):
    bound_tops = {Path(path).parts[1] for path in sandbox._python_folders()}
    system = {Path(path).name for path in sandbox.SYSTEM_DIRS if os.path.lexists(path)}
    expected = system | bound_tops | {"dev", "proc", "tmp", "etc", "run", "home"}
    out = kernel.run("import os; print(sorted(os.listdir('/'))); print(sorted(os.listdir('/etc')))")
    root, etc = (eval(line) for line in out.splitlines())
    assert set(root) <= expected, set(root) - expected
    assert etc == sorted(Path(path).name for path in sandbox.ETC_FILES if os.path.exists(path))
    if Path(sys.base_prefix).resolve().is_relative_to(Path.home()):  # here: /root/.pyenv/versions/3.11.7
        home = Path.home()
        inside = kernel.run(f"import os; print(sorted(os.listdir({str(home)!r})))")
        assert eval(inside) == [Path(sys.base_prefix).resolve().relative_to(home).parts[0]]


# ---------------------------------------------------------------- processes, network, environment


@needs_sandbox
def test_it_sees_and_signals_only_its_own_processes(kernel):
    outside = subprocess.Popen(["sleep", "300"])
    try:
        out = kernel.run(f"""
            import os, signal
            print(sorted(int(p) for p in os.listdir('/proc') if p.isdigit()))
            try:
                os.kill({outside.pid}, signal.SIGKILL)
                print("killed")
            except ProcessLookupError:
                print("no such process")
        """)
        pids, verdict = out.splitlines()
        assert eval(pids) == [1, 2]  # bwrap's reaper and the kernel
        assert verdict == "no such process"
        assert outside.poll() is None
    finally:
        outside.kill()
        outside.wait()


@needs_sandbox
def test_it_has_no_network(kernel):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    try:
        out = kernel.run(f"""
            import socket
            print([name for _, name in socket.if_nameindex()])
            try:
                socket.create_connection(("127.0.0.1", {port}), timeout=2)
                print("connected")
            except OSError as error:
                print(type(error).__name__)
        """)
        interfaces, verdict = out.splitlines()
        assert eval(interfaces) == ["lo"]
        assert verdict in {"ConnectionRefusedError", "OSError"}
        with pytest.raises(socket.timeout):
            listener.accept()  # nothing reached it
    finally:
        listener.close()


@needs_sandbox
def test_it_sees_none_of_the_graders_variables(workdir, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "secret-token")
    monkeypatch.setenv("READINGLAB_GRADER_SECRET", "secret")
    out = run_once(workdir, "import os; print(sorted(os.environ))")
    names = set(eval(out))
    # ipykernel sets its display variables itself; everything else comes from the sandbox's whitelist
    set_by_ipykernel = {
        "CLICOLOR",
        "CLICOLOR_FORCE",
        "FORCE_COLOR",
        "TERM",
        "PAGER",
        "GIT_PAGER",
        "MPLBACKEND",
        "PYDEVD_USE_FRAME_EVAL",
    }
    assert names <= set(sandbox._environment()) | set_by_ipykernel | {"PWD"}, names
    assert not names & {"JUPYTERHUB_API_TOKEN", "READINGLAB_GRADER_SECRET", "JPY_PARENT_PID"}


# ---------------------------------------------------------------- limits (greedy code inside the sandbox only)


@needs_sandbox
def test_memory_is_limited(workdir):
    out = run_once(
        workdir,
        """
            try:
                block = bytearray(3 * 1024**3)
                print("allocated")
            except MemoryError:
                print("MemoryError")
        """,
        memory_mb=1024,
    )
    assert out.strip() == "MemoryError"


@needs_sandbox
def test_a_file_cannot_grow_beyond_file_size_mb(workdir):
    out = run_once(
        workdir,
        """
            import errno
            try:
                with open("big.bin", "wb") as file:
                    for _ in range(6):
                        file.write(b"x" * 1024**2)
                        file.flush()
                print("written")
            except OSError as error:
                print(errno.errorcode[error.errno])
        """,
        file_size_mb=4,
    )
    assert out.strip() == "EFBIG"


@needs_sandbox
def test_filling_tmp_stops_at_disk_mb(workdir):
    out = run_once(
        workdir,
        """
            import errno, os
            def fill(folder):
                written = 0
                try:
                    for i in range(40):
                        with open(os.path.join(folder, f"part{i}"), "wb") as file:
                            file.write(b"x" * 1024**2)
                        written += 1
                    return f"{written} written"
                except OSError as error:
                    return f"{written} {errno.errorcode[error.errno]}"
            print("FILLED", fill("/tmp"))
            print("FILLED", fill("."))
        """,
        disk_mb=8,
    )
    # Only the two result lines: with /tmp full, IPython may also complain that it cannot save its history.
    tmp, work = [line.removeprefix("FILLED ") for line in out.splitlines() if line.startswith("FILLED ")]
    assert tmp.endswith("ENOSPC") and int(tmp.split()[0]) <= 8, tmp
    assert work.endswith("ENOSPC") and int(work.split()[0]) <= 8, work
    assert sorted(os.listdir(workdir)) == ["notes.txt"]


# Forks 64 sleeping children (killed at once), or stops at the first refusal: `children`, `refused`.
FORK_64 = """\
children, refused = [], None
for _ in range(64):
    try:
        pid = os.fork()
    except OSError as error:
        refused = type(error).__name__
        break
    if pid == 0:
        time.sleep(30)
        os._exit(0)
    children.append(pid)
for pid in children:
    os.kill(pid, 9)
    os.waitpid(pid, 0)
"""


@needs_sandbox
def test_the_number_of_processes_is_limited(workdir):
    out = run_once(workdir, "import os, time\n" + FORK_64 + "print(len(children), refused)", processes=16)
    forked, refused = out.split()
    assert refused == "BlockingIOError" and int(forked) < 16, out


def _wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    return condition()


def _marker() -> str:
    """A sleep no other test (or engineer) runs: its command line tells our daemon from theirs."""
    return f"sleep 313.{uuid.uuid4().int % 10**6:06d}"


@needs_sandbox
def test_a_daemon_does_not_outlive_the_kernel(kernel):
    marker = _marker()
    kernel.run(f"""
        import subprocess
        # double fork into a new session: the sleep is orphaned, in no process group of the kernel's
        subprocess.run(["setsid", "sh", "-c", "{marker} & exit 0"], start_new_session=True)
    """)
    assert _wait_for(lambda: _processes_with(marker), 30), "the daemon never started"
    kernel.close()
    kernel.close = lambda: None  # the fixture's turn
    assert _wait_for(lambda: not _processes_with(marker), 15), "the daemon outlived the kernel"


GRADER = """
import asyncio, sys
from readinglab.instructor.grading.sandbox import kernel_manager
async def main():
    km = kernel_manager(workdir=None)
    await km.start_kernel()
    kc = km.client(); kc.start_channels()
    await kc.wait_for_ready(timeout=60)
    kc.execute('import subprocess; subprocess.Popen(["sh", "-c", "{marker}"])')
    print("started", flush=True)
    await asyncio.sleep(300)  # killed long before
asyncio.run(main())
"""


@needs_sandbox
def test_a_sandbox_does_not_outlive_a_crashed_grader():
    """The grader is SIGKILLed (no shutdown, no clean-up): its sandbox and all in it die with it."""
    marker = _marker()
    grader = subprocess.Popen([sys.executable, "-c", GRADER.format(marker=marker)], stdout=subprocess.PIPE, text=True)
    try:
        lines = iter(grader.stdout.readline, "")  # the kernel's own banner comes first
        assert any(line.strip() == "started" for line in lines)
        assert _wait_for(lambda: _processes_with(marker), 30), "the sandboxed sleep never started"
    finally:
        grader.kill()
        grader.wait()
    assert _wait_for(lambda: not _processes_with(marker), 15), "the sandbox outlived its grader"


@needs_sandbox
def test_the_sandbox_is_killed_after_wall_seconds(workdir):
    started = Kernel(workdir=workdir, limits=Limits(wall_seconds=3))
    try:
        began = started.km.provisioner.started
        assert started.alive()
        while started.alive() and time.monotonic() - began < 10:
            time.sleep(0.1)
        lasted = time.monotonic() - began
        assert not started.alive()
        assert 2.5 < lasted < 5, lasted
    finally:
        started.close()


# ---------------------------------------------------------------- when it cannot start


def test_a_missing_bwrap_says_how_to_fix_it(monkeypatch, tmp_path):
    monkeypatch.setenv(sandbox.BWRAP_VARIABLE, str(tmp_path / "no-bwrap"))
    with pytest.raises(SandboxUnavailable) as raised:
        require_sandbox()
    assert "bubblewrap" in str(raised.value) and "apt-get install bubblewrap" in str(raised.value)
    assert "--unsafe-no-sandbox" in str(raised.value)
    with pytest.raises(SandboxUnavailable):
        kernel_manager(workdir=None)


def test_a_bwrap_without_namespaces_shows_its_error(monkeypatch, tmp_path):
    fake = tmp_path / "bwrap"
    fake.write_text("#!/bin/sh\necho 'bwrap: No permissions to create new namespace' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv(sandbox.BWRAP_VARIABLE, str(fake))
    with pytest.raises(SandboxUnavailable) as raised:
        require_sandbox()
    message = str(raised.value)
    assert "No permissions to create new namespace" in message
    assert "max_user_namespaces" in message and "--unsafe-no-sandbox" in message


def test_the_command_line_binds_no_repository_root_and_no_home():
    command = sandbox.sandbox_command(["python"], workdir="/srv/alice", ipc_dir="/tmp/k", limits=Limits())
    binds = {command[i + 1] for i, arg in enumerate(command) if arg in ("--ro-bind", "--bind")}
    assert str(REPOSITORY) not in binds and str(REPOSITORY / "course") not in binds
    assert "/root" not in binds and str(Path.home()) not in binds and "/" not in binds
    assert str(REPOSITORY / "readinglab") in binds
    assert "--unshare-all" in command and "--clearenv" in command and "--die-with-parent" in command
    # /tmp's tmpfs comes before the IPC folder bound under it
    assert command.index("/tmp") < command.index("/tmp/k")


# ---------------------------------------------------------------- as an unprivileged grader

AS_GRADER = (
    """
import asyncio, json, sys
from readinglab.instructor.grading.sandbox import Limits, kernel_manager
async def main():
    km = kernel_manager(workdir=sys.argv[1], limits=Limits(processes=16))
    await km.start_kernel()
    kc = km.client(); kc.start_channels()
    await kc.wait_for_ready(timeout=60)
    code = '''
import os, time, readinglab
readinglab.load("same-page")
"""
    + FORK_64
    + """print(os.getuid(), os.listdir("."), len(children), refused)
'''
    msg_id = kc.execute(code)
    out = ""
    while True:
        msg = await kc.get_iopub_msg(timeout=60)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] in ("stream", "error"):
            out += msg["content"].get("text", "") or msg["content"].get("evalue", "")
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
    print(json.dumps({"out": out, "cgroup": km.provisioner.cgroup is not None}))
    kc.stop_channels()
    await km.shutdown_kernel()
asyncio.run(main())
"""
)


@needs_sandbox
@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("useradd"), reason="needs root to make a grader account")
def test_it_runs_for_an_unprivileged_grader():
    """A throw-away system user grades: bwrap uses unprivileged user namespaces, and with no
    cgroup of its own, RLIMIT_NPROC set inside the sandbox's user namespace bounds the forks.

    The venv's base Python lives under /root (mode 0700), which that user cannot enter: the
    script runs in a private mount namespace where /root is an empty tmpfs holding only
    the Python's folder (the host's /root is untouched), under setpriv as that user.
    """
    if not (shutil.which("unshare") and shutil.which("setpriv")):
        pytest.skip("needs util-linux unshare and setpriv")
    user = f"rl-sbx-{uuid.uuid4().hex[:6]}"
    subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", user], check=True)
    outer = Path(tempfile.mkdtemp(prefix="readinglab-grader-"))  # pytest's tmp_path is root's alone (0700)
    try:
        os.chmod(outer, 0o755)
        home = outer / "grader"
        (home / "alice").mkdir(parents=True)
        (home / "alice" / "notes.txt").write_text("alice's notes\n")
        script = home / "grade.py"
        script.write_text(AS_GRADER)
        subprocess.run(["chown", "-R", f"{user}:{user}", str(home)], check=True)
        base = str(Path(sys.base_prefix).resolve())
        shell = (
            'set -e; stash=$(mktemp -d); mount --bind "$1" "$stash"; '
            'mount -t tmpfs -o mode=0755 tmpfs /root; mkdir -p "$1"; mount --move "$stash" "$1"; '
            'shift; exec setpriv --reuid="$1" --regid="$1" --init-groups -- env -i PATH=/usr/bin:/bin '
            'HOME="$2" "$3" "$4" "$5"'
        )
        result = subprocess.run(
            [
                "unshare",
                "--mount",
                "--propagation",
                "private",
                "sh",
                "-c",
                shell,
                "sh",
                base,
                user,
                str(home),
                sys.executable,
                str(script),
                str(home / "alice"),
            ],
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        import json

        report = json.loads(result.stdout.strip().splitlines()[-1])
        forked, refused = report["out"].split()[-2:]
        assert report["out"].startswith("65534 ['notes.txt']"), report
        assert refused.strip() == "BlockingIOError" and int(forked) < 16, report
        assert report["cgroup"] is False  # the limit came from RLIMIT_NPROC alone
    finally:
        shutil.rmtree(outer, ignore_errors=True)
        subprocess.run(["userdel", user], check=False)
