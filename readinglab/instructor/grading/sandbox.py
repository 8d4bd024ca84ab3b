"""Run student code (and the instructor's checks) in a bubblewrap sandbox.

Grading runs code that students wrote. Without a sandbox that code runs as the
grader: it can read the solutions in ``course/source``, the other students'
submissions and the grader's tokens, rewrite the gradebook, open network
connections, fork until the machine stops, or leave a daemon behind. This
module starts every grading kernel in a fresh `bubblewrap
<https://github.com/containers/bubblewrap>`_ (``bwrap``) sandbox instead:

* **Namespaces** (``--unshare-all``): its own user, PID, network, IPC, UTS and
  cgroup namespaces. It runs as uid/gid 65534 ("nobody"), sees only its own
  processes in ``/proc``, and has an empty network namespace (not even the
  host's loopback), so it can reach no server and no server can reach it.
  ``--disable-userns`` stops it from making further user namespaces.
* **Files**: an empty root into which we bind, read-only, only what a Python
  kernel needs: ``/usr`` (and ``/bin``, ``/lib``... as the host lays them out),
  ``/etc/ld.so.cache``, the venv (``sys.prefix``), the base Python
  (``sys.base_prefix``, that folder only, never the home it may live in) and
  the folders the course package is imported from (never the repository root,
  which holds the solutions). ``/tmp`` and the working folder are private,
  size-limited tmpfs: the working folder is a *copy* of the submission, made
  inside the sandbox from a read-only bind of the real folder, so nothing the
  student writes reaches the real disk.
* **Environment**: ``--clearenv``, then a short whitelist: no JupyterHub token,
  no grader variable, no ``JPY_PARENT_PID`` (inside a PID namespace the
  kernel's parent is pid 1, and ipykernel would shut itself down at once).
* **Limits** (:class:`Limits`): ``prlimit`` sets RLIMIT_AS, RLIMIT_FSIZE,
  RLIMIT_NPROC and RLIMIT_CORE=0 for everything in the sandbox. Real root is
  exempt from RLIMIT_NPROC (even from inside a user namespace), so when we run
  as root the sandbox also goes into a pids cgroup (and a memory cgroup when one
  is writable); without a writable pids cgroup we refuse to run as root.
  ``timeout -s KILL`` outside the sandbox ends it after ``wall_seconds``, and
  dies with the grader (``setpriv --pdeathsig KILL``), so a grader that crashes
  leaves no sandbox running either.
* **Nothing outlives it**: the kernel is pid 2 of its PID namespace (bwrap's
  reaper is pid 1). When the kernel exits, or bwrap is killed
  (``--die-with-parent``), the namespace ends and the kernel takes every process
  it started with it, even a double-forked ``setsid`` daemon.

The kernel talks to the grader over ZeroMQ IPC sockets (TCP cannot cross the
empty network namespace) in a private temporary folder bound into the sandbox
at the same path; that folder holds the connection file too.

It plugs into Jupyter as a *kernel provisioner* (:class:`SandboxProvisioner`,
entry point ``readinglab-sandbox`` in pyproject.toml): :func:`kernel_manager`
returns an ordinary (not started) ``AsyncKernelManager`` whose kernel spec
names that provisioner, so nbclient / nbgrader drive it as any other kernel.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
import weakref
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from jupyter_client.kernelspec import KernelSpec
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner
from traitlets import Dict, Unicode

from ..course import CourseError

PROVISIONER_NAME = "readinglab-sandbox"  # the entry point in pyproject.toml
# Which bwrap to run: this variable if set (tests point it at a missing file to
# simulate "not installed"), else `bwrap` on PATH.
BWRAP_VARIABLE = "READINGLAB_BWRAP"
SANDBOX_UID = SANDBOX_GID = 65534  # "nobody"
MIB = 1024 * 1024
# Inside the sandbox: where the real submission is bound read-only while it is
# copied, and the working folder of a kernel given no workdir (the check kernels).
STAGING = "/run/readinglab/submission"
EMPTY_WORKDIR = "/home/sandbox"
# The host folders a program needs, bound read-only. On a merged-/usr system
# (Debian 12) the others are symlinks into /usr and are recreated as symlinks.
SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32")
# The only /etc files Python needs: the dynamic linker's cache and the time zone.
# Not /etc/passwd (USER and LOGNAME are set instead), nor anything else.
ETC_FILES = ("/etc/ld.so.cache", "/etc/localtime")
# Grader variables passed through unchanged when set; everything else is dropped.
PASSED_THROUGH = ("TZ", "PYTHONHASHSEED")
# Tools run around the kernel: looked up in the system folders only, which the
# sandbox binds at the same paths.
SYSTEM_PATH = "/usr/bin:/bin:/usr/sbin:/sbin"


class SandboxUnavailable(CourseError):
    """The sandbox cannot start here; the message says why and how to fix it
    (install bubblewrap, allow user namespaces, a pids cgroup for root), or to
    grade with ``course grade --unsafe-no-sandbox``, which is recorded as unsandboxed."""


@dataclass(frozen=True)
class Limits:
    """What one sandbox may use. Every process in it gets the rlimits; the cgroup bounds them all."""

    memory_mb: int = (
        2048  # address space per process (RLIMIT_AS) and, when a memory cgroup is writable, the whole sandbox
    )
    processes: int = 64  # tasks (threads count) in the sandbox
    file_size_mb: int = 64  # RLIMIT_FSIZE
    disk_mb: int = 256  # size of each private tmpfs (/tmp and the working folder)
    wall_seconds: int = 1800  # the sandbox is killed after this, whatever happens


# ---------------------------------------------------------------- can it start here?

_FIX_OR_UNSAFE = "or grade without the sandbox with `course grade --unsafe-no-sandbox` (recorded as unsandboxed)"
_probed: dict[tuple[str | None, int], str | None] = {}  # (bwrap, euid) -> None if fine, else the reason


def bwrap_path() -> str | None:
    """The bwrap to run ($READINGLAB_BWRAP, else bwrap on PATH), or None if there is none."""
    configured = os.environ.get(BWRAP_VARIABLE)
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    return shutil.which("bwrap")


def require_sandbox() -> None:
    """Check once per process (per bwrap and user) that a sandbox can start here.

    Starts ``bwrap`` with the namespaces we use and runs ``true``; as root, also
    makes (and removes) a pids cgroup. Raises :class:`SandboxUnavailable` saying
    what is wrong and what to do.
    """
    bwrap = bwrap_path()
    key = (bwrap, os.geteuid())
    if key not in _probed:
        _probed[key] = _probe(bwrap)
    if _probed[key]:
        raise SandboxUnavailable(_probed[key])


def _probe(bwrap: str | None) -> str | None:
    if bwrap is None:
        where = f" (${BWRAP_VARIABLE} is {os.environ[BWRAP_VARIABLE]!r})" if os.environ.get(BWRAP_VARIABLE) else ""
        return (
            f"bubblewrap (bwrap) is not installed{where}, so student code cannot run in a sandbox. "
            "Install it (Debian/Ubuntu: `apt-get install bubblewrap`; Fedora: `dnf install bubblewrap`; "
            f"`make test` does it as root), {_FIX_OR_UNSAFE}."
        )
    for tool in ("prlimit", "setpriv", "timeout", "cp", "sh"):
        if not shutil.which(tool, path=SYSTEM_PATH):
            return f"`{tool}` (util-linux / coreutils) is not in {SYSTEM_PATH}: install it, {_FIX_OR_UNSAFE}."
    old = _too_old(bwrap)
    if old:
        return old
    argv = [bwrap, *_NAMESPACES, *_system_binds(), "--proc", "/proc", "--dev", "/dev", "--", "true"]
    try:
        result = subprocess.run(argv, capture_output=True, text=True, timeout=30, env={"PATH": SYSTEM_PATH})
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"bubblewrap ({bwrap}) could not be run: {error}. Reinstall it, {_FIX_OR_UNSAFE}."
    if result.returncode != 0:
        said = (result.stderr.strip().splitlines() or [f"exit status {result.returncode}"])[-1]
        return (
            f"bubblewrap ({bwrap}) cannot create its namespaces here: {said!r}. Unprivileged user namespaces "
            "are probably switched off. As root: `sysctl -w user.max_user_namespaces=15000`; on Debian before 11 "
            "also `sysctl -w kernel.unprivileged_userns_clone=1`; on Ubuntu 23.10+ AppArmor blocks them: "
            "`sysctl -w kernel.apparmor_restrict_unprivileged_userns=0` (or give bwrap an AppArmor profile). "
            "In a container, the container must allow user namespaces (Docker: a seccomp profile that permits "
            f"clone/unshare of user namespaces). Then try again, {_FIX_OR_UNSAFE}."
        )
    if os.geteuid() == 0:
        try:
            Cgroup.create(Limits()).remove()
        except SandboxUnavailable as error:
            return str(error)
    return None


def _too_old(bwrap: str) -> str | None:
    """Why this bwrap is too old for us (``--disable-userns`` came in 0.8.0), or None."""
    try:
        said = subprocess.run(
            [bwrap, "--version"], capture_output=True, text=True, timeout=10, env={"PATH": SYSTEM_PATH}
        ).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None  # the namespace probe that follows says what is wrong
    found = re.search(r"(\d+)\.(\d+)", said)
    if found and (int(found[1]), int(found[2])) < (0, 8):
        return (
            f"bubblewrap {found[0]} ({bwrap}) is too old: the sandbox needs 0.8.0 or newer (for "
            f"--disable-userns). Install a newer bubblewrap (Debian 12 and Ubuntu 24.04 have one), {_FIX_OR_UNSAFE}."
        )
    return None


# ---------------------------------------------------------------- the kernel manager


def kernel_manager(
    *,
    workdir: str | os.PathLike | None,
    limits: Limits = Limits(),
    sandboxed: bool = True,
    **kwargs: Any,
) -> AsyncKernelManager:
    """An AsyncKernelManager (not started) whose Python kernel runs in a fresh bwrap sandbox.

    ``workdir``: the folder whose files the kernel may see. When the kernel is
    started, its working folder is a private writable copy of ``workdir`` at the
    same absolute path inside the sandbox (on a size-limited tmpfs; writes never
    reach the real folder). ``workdir=None``: an empty private working folder
    (for the check kernels, which must never see student files). The ``cwd``
    given to ``start_kernel`` only places the launcher outside the sandbox.

    ``sandboxed=False``: a plain local kernel with the same interface (for
    ``--unsafe-no-sandbox``). Other keyword arguments go to the manager.
    """
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (sandboxed)" if sandboxed else "Python 3 (not sandboxed)",
        "language": "python",
        "metadata": {},
    }
    if not sandboxed:
        # IPC sockets in a private folder here too: TCP ports that two grading processes pick at the same
        # moment can collide, and a kernel then dies before it answers (seen once in 40 students).
        private = os.path.realpath(tempfile.mkdtemp(prefix="readinglab-kernel-"))
        kwargs.setdefault("transport", "ipc")
        kwargs.setdefault("ip", os.path.join(private, "k"))
        kwargs.setdefault("connection_file", os.path.join(private, "kernel.json"))
        manager = _FixedSpecKernelManager(KernelSpec(**spec), **kwargs)
        # Removed with the kernel's resources, or when the manager is dropped, whichever comes first.
        manager._remove_private_dir = weakref.finalize(manager, shutil.rmtree, private, ignore_errors=True)
        return manager
    require_sandbox()
    if workdir is not None:
        workdir = os.path.realpath(workdir)
        if not os.path.isdir(workdir):
            raise CourseError(f"The sandbox's working folder {workdir} does not exist.")
    # SIGINT sent to bwrap never reaches the kernel: interrupt with a message instead.
    spec["interrupt_mode"] = "message"
    spec["metadata"] = {
        "kernel_provisioner": {
            "provisioner_name": PROVISIONER_NAME,
            # jupyter_client's provisioner factory passes this dict to the
            # provisioner's constructor: each key sets the trait of that name.
            "config": {"workdir": workdir, "limits": asdict(limits)},
        }
    }
    kwargs.setdefault("transport", "ipc")
    if kwargs["transport"] != "ipc":
        raise ValueError("A sandboxed kernel talks over IPC sockets: TCP cannot cross its empty network namespace.")
    return _FixedSpecKernelManager(KernelSpec(**spec), **kwargs)


class _FixedSpecKernelManager(AsyncKernelManager):
    """An AsyncKernelManager that always uses the kernel spec it was made with.

    The stock manager looks its spec up again whenever ``kernel_name`` changes
    (nbclient sets it): that must never swap the sandboxed spec for the
    installed, unsandboxed ``python3`` one.
    """

    def __init__(self, spec: KernelSpec, **kwargs: Any):
        self._fixed_spec = spec  # before the traits are set up, in case one reads the spec
        super().__init__(**kwargs)

    _remove_private_dir = None  # the unsandboxed kernel's own IPC folder (the provisioner owns a sandbox's)

    @property
    def kernel_spec(self) -> KernelSpec:
        return self._fixed_spec

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if not restart and self._remove_private_dir is not None:
            self._remove_private_dir()

    cleanup_resources = _async_cleanup_resources


# ---------------------------------------------------------------- the provisioner


class SandboxProvisioner(LocalProvisioner):
    """Launches the kernel command inside a fresh bwrap sandbox (see the module's docstring).

    Configured from the kernel spec's ``metadata.kernel_provisioner.config``:
    ``workdir`` (or None) and ``limits`` (the fields of :class:`Limits`).
    """

    workdir = Unicode(None, allow_none=True, config=True, help="Folder copied into the sandbox, or None.")
    limits = Dict(config=True, help="The fields of Limits.")

    ipc_dir: str | None = None  # private folder: connection file and IPC sockets
    cgroup: Cgroup | None = None
    started: float = 0.0

    async def pre_launch(self, **kwargs: Any) -> dict[str, Any]:
        """Put the connection file and the IPC sockets in a private folder, then let jupyter_client write it."""
        km = self.parent
        if self.ipc_dir is None:  # the same folder again on a restart
            self.ipc_dir = os.path.realpath(tempfile.mkdtemp(prefix="readinglab-kernel-"))
            # Removed by cleanup(), or when this provisioner is dropped or Python exits, if cleanup() is never called.
            self._remove_ipc_dir = weakref.finalize(self, shutil.rmtree, self.ipc_dir, ignore_errors=True)
        if km is not None:
            km.transport = "ipc"
            km.ip = os.path.join(self.ipc_dir, "k")
            km.connection_file = os.path.join(self.ipc_dir, "kernel.json")
        return await super().pre_launch(**kwargs)

    async def launch_kernel(self, cmd: list[str], **kwargs: Any):
        """Wrap the kernel command in the sandbox (and its cgroup when there is one) and start it."""
        require_sandbox()
        limits = Limits(**self.limits)
        if self.cgroup is None and (os.geteuid() == 0 or Cgroup.available()):
            self.cgroup = Cgroup.create(limits)  # raises SandboxUnavailable for root without one
            self._remove_cgroup = weakref.finalize(self, self.cgroup.remove)
        argv = sandbox_command(cmd, workdir=self.workdir, ipc_dir=self.ipc_dir, limits=limits, cgroup=self.cgroup)
        # The launcher, timeout and bwrap get no grader variable either (bwrap clears its own anyway).
        kwargs["env"] = {"PATH": SYSTEM_PATH, "LANG": "C.UTF-8"}
        kwargs["cwd"] = "/"
        self.started = time.monotonic()
        try:
            info = await super().launch_kernel(argv, **kwargs)
        except BaseException:
            await self.cleanup()
            raise
        self.cwd = self.workdir or EMPTY_WORKDIR
        return info

    async def cleanup(self, restart: bool = False) -> None:
        """Remove the cgroup (killing anything left in it) and, unless restarting, the private folder."""
        await super().cleanup(restart=restart)
        if self.cgroup is not None:
            self._remove_cgroup()
            self.cgroup = None
        if not restart and self.ipc_dir is not None:
            self._remove_ipc_dir()
            self.ipc_dir = None


def sandbox_command(
    cmd: list[str],
    *,
    workdir: str | None,
    ipc_dir: str | None,
    limits: Limits,
    cgroup: Cgroup | None = None,
) -> list[str]:
    """The full command line that runs ``cmd`` in a sandbox; pure, so it can be shown and tested.

    Outside to inside: [join the cgroup] -> ``setpriv --pdeathsig KILL`` ->
    ``timeout -s KILL`` -> ``bwrap`` -> ``prlimit`` -> copy the submission into
    the working folder -> ``cmd``.
    """
    bwrap = bwrap_path() or "bwrap"
    inside_workdir = workdir or EMPTY_WORKDIR
    args = [*_NAMESPACES, *_system_binds(), "--proc", "/proc", "--dev", "/dev"]
    # bwrap mounts in order: /tmp's tmpfs first, so the binds below may land under it.
    args += ["--size", str(limits.disk_mb * MIB), "--tmpfs", "/tmp"]
    for path in _python_folders():
        args += ["--ro-bind", path, path]
    if workdir is not None:
        args += ["--ro-bind", workdir, STAGING]
    args += ["--size", str(limits.disk_mb * MIB), "--perms", "0755", "--tmpfs", inside_workdir]
    if ipc_dir is not None:
        args += ["--bind", ipc_dir, ipc_dir]
    args += ["--clearenv"]
    for name, value in _environment().items():
        args += ["--setenv", name, value]
    args += ["--chdir", inside_workdir]

    inside = [
        _tool("prlimit"),
        f"--as={limits.memory_mb * MIB}",
        f"--fsize={limits.file_size_mb * MIB}",
        f"--nproc={limits.processes}",
        "--core=0",
        "--",
    ]
    if workdir is not None:
        # The copy runs inside, under the limits: its writes land on the tmpfs, never on the real folder.
        copy = f'{_tool("cp")} -RP --preserve=mode,timestamps {STAGING}/. . && exec "$@"'
        inside += [_tool("sh"), "-c", copy, "sh"]
    # The wall clock runs outside, where the student cannot stop it. timeout dies with the
    # grader (pdeathsig survives exec), bwrap with timeout, the sandbox with bwrap: a crashed
    # grader leaves nothing behind. --foreground: on time-out kill only bwrap, whose sandbox
    # dies with it, never timeout's own process group.
    outside = [
        _tool("setpriv"),
        "--pdeathsig",
        "KILL",
        "--",
        _tool("timeout"),
        "--foreground",
        "-s",
        "KILL",
        str(limits.wall_seconds),
    ]
    command = [*outside, bwrap, *args, "--", *inside, *cmd]
    if cgroup is not None:
        command = cgroup.join_command() + command
    return command


# Namespaces and identity. --unshare-user explicitly: --unshare-all only *tries* it,
# and --disable-userns needs it.
_NAMESPACES = (
    "--unshare-all",
    "--unshare-user",
    "--disable-userns",
    "--uid",
    str(SANDBOX_UID),
    "--gid",
    str(SANDBOX_GID),
    "--die-with-parent",  # the sandbox dies with bwrap, bwrap with its parent
    "--new-session",  # no TIOCSTI into the grader's terminal
)


def _system_binds() -> list[str]:
    args = []
    for path in SYSTEM_DIRS:
        if os.path.islink(path):
            args += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            args += ["--ro-bind", path, path]
    for path in ETC_FILES:
        if os.path.exists(path):
            args += ["--ro-bind", os.path.realpath(path), path]
    return args


def _python_folders() -> list[str]:
    """The venv, the base Python and the course package's folders, outermost first, no repeats.

    Only these folders: the base Python may live in a home (here /root/.pyenv/...)
    and the package may be an editable install in the repository, whose root
    holds the solutions; neither the home nor the root is bound.
    """
    import readinglab
    from readinglab import corpus

    # corpus reads its readings from here (source_texts/ beside the package in an editable install).
    candidates = [sys.prefix, sys.base_prefix, *readinglab.__path__, str(corpus._PACKAGE_TEXTS)]
    folders: list[str] = []
    for path in sorted({os.path.realpath(p) for p in candidates if os.path.isdir(p)}):
        if not any(path == done or path.startswith(done + os.sep) for done in folders):
            folders.append(path)
    return folders


def _environment() -> dict[str, str]:
    """The kernel's whole environment: nothing of the grader's but a few harmless settings."""
    env = {
        "PATH": f"{os.path.join(sys.prefix, 'bin')}:/usr/local/bin:{SYSTEM_PATH}",
        "HOME": "/tmp",
        "USER": "nobody",
        "LOGNAME": "nobody",
        "LANG": "C.UTF-8",
        "MPLCONFIGDIR": "/tmp/matplotlib",
        "IPYTHONDIR": "/tmp/ipython",
        "JUPYTER_PLATFORM_DIRS": "1",
        "OPENBLAS_NUM_THREADS": "1",  # each thread is a task against the process limit
        "OMP_NUM_THREADS": "1",
    }
    env.update({name: os.environ[name] for name in PASSED_THROUGH if name in os.environ})
    return env


def _tool(name: str) -> str:
    return shutil.which(name, path=SYSTEM_PATH) or name


# ---------------------------------------------------------------- cgroups


class Cgroup:
    """A fresh pids (and, when writable, memory) cgroup for one sandbox.

    Needed when we run as root: the kernel does not apply RLIMIT_NPROC to real
    uid 0, user namespace or not, so only ``pids.max`` stops a fork bomb. Works
    with cgroup v1 (a ``pids`` hierarchy mounted read-write) or a cgroup v2
    subtree whose ``cgroup.subtree_control`` enables ``pids``. The launcher
    joins it (a tiny ``sh`` that writes its pid into ``cgroup.procs`` and execs
    the rest), so bwrap and everything under it are counted.
    """

    def __init__(self, dirs: list[Path]):
        self.dirs = dirs

    @classmethod
    def available(cls) -> bool:
        return _pids_parent() is not None

    @classmethod
    def create(cls, limits: Limits) -> Cgroup:
        parent = _pids_parent()
        if parent is None:
            raise SandboxUnavailable(
                "The grader runs as root, and root is exempt from the process limit (RLIMIT_NPROC), so a "
                "student's fork bomb would take the machine down. A sandbox run as root needs a writable pids "
                "cgroup: cgroup v1 with the pids controller mounted read-write (/sys/fs/cgroup/pids), or a "
                "cgroup v2 subtree with `+pids` in its cgroup.subtree_control. Provide one, or run the grader "
                f"as an unprivileged user (bubblewrap then limits processes itself), {_FIX_OR_UNSAFE}."
            )
        name = f"readinglab-sandbox-{uuid.uuid4().hex[:12]}"
        version, pids_parent = parent
        dirs: list[Path] = []
        try:
            pids_dir = pids_parent / name
            pids_dir.mkdir()
            dirs.append(pids_dir)
            (pids_dir / "pids.max").write_text(str(limits.processes))
            # The memory cgroup also holds the tmpfs pages (/tmp and the working folder):
            # leave room for both, so filling them gives ENOSPC, not an out-of-memory kill.
            memory_bytes = (limits.memory_mb + 2 * limits.disk_mb) * MIB
            if version == 2:
                if "memory" in _read(pids_parent / "cgroup.subtree_control").split():
                    (pids_dir / "memory.max").write_text(str(memory_bytes))
            else:
                memory_parent = _v1_parent("memory")
                if memory_parent is not None:
                    with contextlib.suppress(OSError):  # a memory cgroup is a bonus, not a requirement
                        memory_dir = memory_parent / name
                        memory_dir.mkdir()
                        dirs.append(memory_dir)
                        (memory_dir / "memory.limit_in_bytes").write_text(str(memory_bytes))
        except OSError as error:
            cls(dirs).remove()
            raise SandboxUnavailable(f"Could not set up the sandbox's cgroup in {pids_parent}: {error}") from None
        return cls(dirs)

    def join_command(self) -> list[str]:
        """``sh -c`` that moves itself into every cgroup of this sandbox, then execs its arguments after ``--``."""
        script = 'while [ "$1" != -- ]; do echo $$ > "$1" || exit 125; shift; done; shift; exec "$@"'
        return [_tool("sh"), "-c", script, "sh", *(str(d / "cgroup.procs") for d in self.dirs), "--"]

    def remove(self) -> None:
        """Kill whatever is still in the cgroups (nothing should be), then remove them."""
        for directory in self.dirs:
            for _attempt in range(50):
                if not directory.exists():
                    break
                for pid in _read(directory / "cgroup.procs").split():
                    with contextlib.suppress(OSError):
                        os.kill(int(pid), signal.SIGKILL)
                try:
                    directory.rmdir()
                    break
                except OSError:  # busy while the killed tasks exit
                    time.sleep(0.02)


def _read(path: Path) -> str:
    try:
        return path.read_text()
    except OSError:
        return ""


def _own_cgroups() -> dict[str, str]:
    """This process's cgroup paths: controller ("" for v2) -> path, from /proc/self/cgroup."""
    paths = {}
    for line in _read(Path("/proc/self/cgroup")).splitlines():
        _, controllers, path = line.split(":", 2)
        for controller in controllers.split(",") if controllers else [""]:
            paths[controller] = path
    return paths


def _cgroup_mounts() -> list[tuple[str, str, str, set[str]]]:
    """(fstype, mount point, hierarchy root, options) of every cgroup mount, from /proc/self/mountinfo."""
    mounts = []
    for line in _read(Path("/proc/self/mountinfo")).splitlines():
        before, _, after = line.partition(" - ")
        fields, tail = before.split(), after.split()
        if len(fields) >= 6 and len(tail) >= 3 and tail[0] in ("cgroup", "cgroup2"):
            options = set(fields[5].split(",")) | set(tail[2].split(","))
            mounts.append((tail[0], fields[4].replace("\\040", " "), fields[3], options))
    return mounts


def _writable_child_parent(mount_point: str, root: str, own: str) -> Path | None:
    """The folder of our own cgroup in this mount, if we may make cgroups in it."""
    relative = os.path.relpath(own, root) if own.startswith(root) else "."
    folder = Path(mount_point, relative).resolve()
    return folder if folder.is_dir() and os.access(folder, os.W_OK) else None


def _v1_parent(controller: str) -> Path | None:
    own = _own_cgroups().get(controller)
    for fstype, mount_point, root, options in _cgroup_mounts():
        if fstype == "cgroup" and controller in options and "rw" in options and own is not None:
            return _writable_child_parent(mount_point, root, own)
    return None


def _pids_parent() -> tuple[int, Path] | None:
    """Where to make a pids cgroup: (1, v1 folder) or (2, v2 folder with pids delegated), or None."""
    v1 = _v1_parent("pids")
    if v1 is not None:
        return 1, v1
    own = _own_cgroups().get("")
    for fstype, mount_point, root, options in _cgroup_mounts():
        if fstype == "cgroup2" and "rw" in options and own is not None:
            folder = _writable_child_parent(mount_point, root, own)
            if folder is not None and "pids" in _read(folder / "cgroup.subtree_control").split():
                return 2, folder
    return None


if __name__ == "__main__":  # show the command line a kernel would be started with
    example = sandbox_command(
        [sys.executable, "-m", "ipykernel_launcher", "-f", "/tmp/readinglab-kernel-XXXX/kernel.json"],
        workdir=sys.argv[1] if len(sys.argv) > 1 else None,
        ipc_dir="/tmp/readinglab-kernel-XXXX",
        limits=Limits(),
    )
    print(json.dumps(example))
