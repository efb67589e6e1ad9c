"""The one safe way to change a file of the list: locked, merged with what changed meanwhile, atomic.

Every command that writes (``add``, ``audit --fix``, ``format``, ``readme``,
``source``) calls `change` with a function from the files' current texts to
their new texts. `change` takes a lock beside the files (``filelock``), reads
them, calls the function on what it read (so a change made by another run or
by hand while the command waited on the network is kept: the command's change
is applied to the file as it is now), writes each new text to a unique
temporary file in the same folder, flushes and fsyncs it, and puts it in place
with ``os.replace``. A reader sees the old file or the new one, never half of
either. The file's mode is kept, a symlink is written through to its target,
and a read-only file or folder is refused rather than replaced.

Two files that change together (``papers.json`` and ``sources.json``) are put
in place under a journal beside them: killed between the two replacements,
the next run that takes the lock finds the journal and finishes the change
(or, if neither file was replaced yet, drops it), and says so.

Line endings and a byte order mark are the file's own: a CRLF or BOM file
keeps them through every change, so a change's diff is the change. ``format``
alone normalises them, once, to LF without a BOM (``normalise=True``), and
says so.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import json
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .loading import relative_path

#: The lock every writing command takes, one per folder of the list's files.
LOCK_NAME = ".papers.lock"
#: The journal of a change to several files, beside the first of them.
JOURNAL_NAME = ".papers.journal"
#: How long a command waits for another one holding the lock (an `add` waiting on a registry).
LOCK_WAIT = 120.0
#: How often a change is applied again when the file changes under it (a hand edit without the lock).
ATTEMPTS = 3


class WriteError(Exception):
    """Nothing was written: `str()` is the one-line reason, naming the file."""


class Refused(Exception):
    """A command's change cannot be applied to the files as they are now; nothing was written.

    Raised by the change function; its lines are the command's own messages.
    """

    def __init__(self, *lines: str) -> None:
        self.lines = list(lines)
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class Style:
    """How a file spells its line breaks and whether it starts with a byte order mark."""

    newline: str = "\n"
    bom: bool = False

    @classmethod
    def of(cls, raw: bytes | None) -> Style:
        if not raw:
            return cls()
        first = raw.find(b"\n")
        return cls("\r\n" if first > 0 and raw[first - 1:first] == b"\r" else "\n", raw.startswith(codecs.BOM_UTF8))

    def encode(self, text: str) -> bytes:
        if self.newline != "\n":
            text = text.replace("\n", self.newline)
        return (codecs.BOM_UTF8 if self.bom else b"") + text.encode("utf-8")

    @property
    def said(self) -> str:
        """What `format` says when it normalises this style away."""
        parts = (["CRLF line endings made LF"] if self.newline != "\n" else []) + (
            ["byte order mark removed"] if self.bom else [])
        return " and ".join(parts)


def decode(raw: bytes) -> str:
    """A file's text as the commands work on it: no BOM, LF line breaks."""
    return raw.decode("utf-8-sig").replace("\r\n", "\n")


@dataclass
class Changed:
    """What `change` did."""

    #: The files written, as the caller named them.
    written: list[Path] = field(default_factory=list)
    #: Files whose contents differed from what the caller first read (`expected`): the change was
    #: applied to them as they are now.
    changed_meanwhile: list[Path] = field(default_factory=list)
    #: What the run found and did before its own change (a journal finished or dropped).
    notes: list[str] = field(default_factory=list)
    #: Files whose line-ending style or BOM `normalise` changed, with what was changed.
    normalised: dict[Path, str] = field(default_factory=dict)


def digest(raw: bytes | None) -> str | None:
    return None if raw is None else hashlib.sha256(raw).hexdigest()


def read_raw(path: Path) -> bytes | None:
    """The file's bytes, None when there is no file; a `WriteError` when it cannot be read."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        return None
    except OSError as err:
        raise WriteError(f"{relative_path(path)}: cannot read it ({err.strerror}); nothing was written") from None


Texts = Mapping[Path, "str | None"]


def change(paths: Sequence[Path], apply: Callable[[Texts], Mapping[Path, str]], *,
           command: str, expected: Mapping[Path, str | None] | None = None,
           normalise: bool = False) -> Changed:
    """Apply `apply` to the current texts of `paths` (None for a file that does not exist) and write
    the texts it returns, each file whole or not at all, the set together or not at all.

    `command` names the run in the journal ("python -m papers add 10.1109/..."). `expected` maps a
    path to the digest of the bytes the caller read before (see `digest`): a file that differs now is
    listed in `Changed.changed_meanwhile`. `apply` may raise `Refused`; nothing is written then.
    Raises `WriteError` when the files cannot be locked, read or written.
    """
    paths = [Path(p) for p in paths]
    targets = {p: _target(p) for p in paths}
    folders = sorted({t.parent for t in targets.values()})
    result = Changed()
    with _locked(folders):
        result.notes += recover(folders[0])
        _sweep([*targets.values(), journal_path(folders[0])])
        for _ in range(ATTEMPTS):
            raws = {p: read_raw(targets[p]) for p in paths}
            texts = {p: (None if raw is None else _decoded(p, raw)) for p, raw in raws.items()}
            wanted = apply(texts)
            writes: dict[Path, bytes] = {}
            for path, text in wanted.items():
                style = Style() if normalise else Style.of(raws[path])
                data = style.encode(text)
                if data != raws[path]:
                    writes[path] = data
                    if normalise and Style.of(raws[path]) != Style():
                        result.normalised[path] = Style.of(raws[path]).said
            if expected is not None:
                result.changed_meanwhile = [p for p in paths if p in expected and digest(raws[p]) != expected[p]]
            if not writes:
                return result
            for path in writes:
                _check_writable(path, targets[path])
            if _write_all({targets[p]: (raws[p], data) for p, data in writes.items()}, folders[0], command):
                result.written = list(writes)
                return result
            # a file changed between our read and our write, by a hand that took no lock: again
        names = ", ".join(relative_path(p) for p in writes)
        raise WriteError(f"{names}: kept changing while {command} was writing ({ATTEMPTS} tries); "
                         "nothing was written: run it again once the file is saved")


def _decoded(path: Path, raw: bytes) -> str:
    try:
        return decode(raw)
    except UnicodeDecodeError as err:
        raise WriteError(f"{relative_path(path)}: not UTF-8 text (byte {err.start}); nothing was written") from None


def _target(path: Path) -> Path:
    """Where the bytes of `path` live: a symlink is written through to its target."""
    return Path(os.path.realpath(path))


def _check_writable(path: Path, target: Path) -> None:
    """Refuse a read-only file or folder rather than replace it (as root, too: the bits are a wish)."""
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not mode & stat.S_IWUSR:
        raise WriteError(f"{relative_path(path)}: the file is read-only (mode {stat.S_IMODE(mode):04o}); nothing "
                         "was written "
                         f"(make it writable to change it: chmod u+w {relative_path(path)})")
    folder = target.parent
    if not folder.stat().st_mode & stat.S_IWUSR or not os.access(folder, os.W_OK):
        raise WriteError(f"{relative_path(path)}: its folder {relative_path(folder)} is read-only; nothing was written")


@contextlib.contextmanager
def _locked(folders: Sequence[Path]) -> Iterator[None]:
    """Hold the lock of every folder, taken in one order so that two runs cannot wait on each other."""
    import filelock

    with contextlib.ExitStack() as stack:
        for folder in folders:
            lock_path = folder / LOCK_NAME
            lock = filelock.FileLock(lock_path, timeout=LOCK_WAIT)
            try:
                stack.enter_context(lock)
            except filelock.Timeout:
                raise WriteError(f"{relative_path(folder)}: another command has been changing these files for "
                                 f"{LOCK_WAIT:.0f} s (it holds {relative_path(lock_path)}); nothing was written: "
                                 "run this one again when it is done") from None
            except OSError as err:
                where = relative_path(folder)
                if not folder.is_dir():
                    raise WriteError(f"{where}: no such folder; nothing was written") from None
                raise WriteError(f"{where}: cannot take the lock {relative_path(lock_path)} ({err.strerror}); the "
                                 "folder "
                                 "must be writable; nothing was written") from None
        yield


def _write_all(writes: dict[Path, tuple[bytes | None, bytes]], journal_folder: Path, command: str) -> bool:
    """Put every new text in place; False (nothing written) if a file changed since it was read."""
    temps: dict[Path, Path] = {}
    try:
        for target, (_, data) in writes.items():
            temps[target] = _temporary(target, data)
        # the last look before replacing: a hand edit since our read is merged, not overwritten
        if any(read_raw(target) != old for target, (old, _) in writes.items()):
            return False
        journal = None
        if len(writes) > 1:
            journal = _write_journal(journal_folder, command, {
                target: (digest(old), digest(data), temps[target]) for target, (old, data) in writes.items()})
        with _signals_held():
            for target, temp in temps.items():
                os.replace(temp, target)
            for folder in {t.parent for t in temps}:
                _sync_folder(folder)
            if journal is not None:
                journal.unlink()
                _sync_folder(journal.parent)
        temps.clear()
        return True
    except OSError as err:
        raise WriteError(f"{_which(err, writes)}: cannot write it ({err.strerror or err}); nothing was written") \
            from None
    finally:
        for temp in temps.values():
            with contextlib.suppress(OSError):
                temp.unlink()


def _which(err: OSError, writes) -> str:
    name = getattr(err, "filename", None)
    for target in writes:
        if name and (str(target) == str(name) or Path(name).name.startswith(f".{target.name}.")):
            return relative_path(target)
    return ", ".join(relative_path(t) for t in writes)


def _temporary(target: Path, data: bytes) -> Path:
    """A unique file beside `target` holding `data`, flushed to disk, with `target`'s mode."""
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    temp = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
            os.fchmod(out.fileno(), mode)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    return temp


def _sweep(targets) -> None:
    """Remove what a run killed while writing left beside the files (a journal's are already dealt with)."""
    for target in targets:
        for stale in target.parent.glob(f".{target.name}.*.tmp"):
            with contextlib.suppress(OSError):
                stale.unlink()


def _sync_folder(folder: Path) -> None:
    """Make a rename durable: fsync the folder that holds the name."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C or a polite kill while the files are put in place waits until they all are."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[signal.Signals] = []
    held = (signal.SIGINT, signal.SIGTERM)
    previous = {s: signal.signal(s, lambda number, frame: caught.append(signal.Signals(number))) for s in held}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        if caught:
            handler = previous[caught[0]]
            if callable(handler):
                handler(caught[0], None)
            else:  # the default action (or none): as if the signal came now
                signal.raise_signal(caught[0])


# --- the journal of a change to several files ------------------------------------------------

def journal_path(folder: Path) -> Path:
    return Path(folder) / JOURNAL_NAME


def _write_journal(folder: Path, command: str, files: dict[Path, tuple[str | None, str | None, Path]]) -> Path:
    record = {"command": command, "files": [
        {"path": str(target), "old": old, "new": new, "temp": str(temp)} for target, (old, new, temp) in files.items()]}
    temp = _temporary(journal_path(folder), (json.dumps(record, indent=2) + "\n").encode())
    os.replace(temp, journal_path(folder))
    _sync_folder(folder)
    return journal_path(folder)


def pending(folder: Path) -> str | None:
    """What a half-finished change left in `folder`, for ``check`` (which takes no lock), or None."""
    journal = journal_path(folder)
    if not journal.exists():
        return None
    try:
        record = json.loads(journal.read_text(encoding="utf-8"))
        names = ", ".join(relative_path(Path(f["path"])) for f in record["files"])
        command = record["command"]
    except (OSError, ValueError, KeyError, TypeError):
        return f"{relative_path(journal)}: a change to several files was interrupted, and its journal is unreadable"
    return (f"{relative_path(journal)}: `{command}` was interrupted while it wrote {names}; the next command that "
            "writes "
            "them (e.g. `nox -s format`) finishes the change")


def recover(folder: Path) -> list[str]:
    """Finish (or drop) a change to several files that a killed run left; what was done, in words.

    Called with the lock held. A file already replaced has its new digest; one not yet replaced still
    has its temporary file: the change can be finished. If no file was replaced and a temporary file
    is missing, the change is dropped. Anything else was edited since, and is left for a person.
    """
    journal = journal_path(folder)
    if not journal.exists():
        return []
    try:
        record = json.loads(journal.read_text(encoding="utf-8"))
        files = [(Path(f["path"]), f["old"], f["new"], Path(f["temp"])) for f in record["files"]]
        command = str(record["command"])
    except (OSError, ValueError, KeyError, TypeError):
        raise WriteError(f"{relative_path(journal)}: the journal of an interrupted change is unreadable; compare "
                         "the files "
                         "it names with git, then delete it") from None
    names = " and ".join(relative_path(path) for path, *_ in files)
    done, finishable, untouched = [], [], []
    for path, old, new, temp in files:
        now = digest(read_raw(path))
        if now == new:
            done.append(path)
        elif temp.exists() and digest(read_raw(temp)) == new:
            finishable.append((path, temp))
            if now == old:
                untouched.append(path)
        elif now == old:
            untouched.append(path)
        else:
            raise WriteError(f"{relative_path(journal)}: `{command}` was interrupted while writing {names}, and "
                             f"{relative_path(path)} "
                             "has changed since: compare it with git, then delete the journal")
    if len(done) + len(finishable) == len(files):
        with _signals_held():
            for path, temp in finishable:
                os.replace(temp, path)
            journal.unlink()
            _sync_folder(folder)
        return [f"{names}: finished the change `{command}` had begun when it was interrupted"]
    if len(untouched) == len(files):
        for _, _, _, temp in files:
            with contextlib.suppress(OSError):
                temp.unlink()
        journal.unlink()
        return [f"{names}: `{command}` was interrupted before it changed them; they are as they were"]
    raise WriteError(f"{relative_path(journal)}: `{command}` was interrupted while writing {names}, and the change "
                     "cannot be "
                     "finished; compare the files with git, then delete the journal")
