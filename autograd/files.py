"""Writing a file whole or not at all, for every file the project writes (drawings, models).

Only a regular file is ever replaced. What else may stand at the path is kept:

- a symbolic link stays a link: the file it points to is written (atomically, as below);
- a character device (``/dev/null``, a terminal) or a named pipe is written through, as the
  shell's ``>`` would, and never removed;
- a folder, a block device (a disk) or a socket is refused with an error saying what it is.
"""

from __future__ import annotations

import errno
import fcntl
import os
import secrets
import stat
from pathlib import Path


def write_atomic(path: str | os.PathLike[str], data: bytes | str) -> Path:
    """Write ``data`` to ``path`` so that a reader never sees half a file; return the path.

    The data go to a new temporary file in the same folder, which then replaces ``path`` in
    one step; on any failure the temporary file is removed and ``path`` is left as it was.
    The file gets the usual permissions (those the umask allows), like any file ``open``
    creates. See the module docstring for a path that is not a regular file.
    """
    if not isinstance(data, (bytes, str)):
        raise TypeError(f"write_atomic: data must be bytes or str, got {type(data).__name__}")
    path = Path(path)
    target = Path(os.path.realpath(path))  # through symbolic links: the link itself is kept
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
            _write_through(path, target, data)
            return path
        refusal = f"cannot write {str(path)!r}: it is {_kind(mode)}, not a regular file, and is left as it is"
        raise (IsADirectoryError if stat.S_ISDIR(mode) else FileExistsError)(refusal)
    if not target.parent.is_dir():
        raise FileNotFoundError(f"cannot write {str(path)!r}: folder {str(target.parent)!r} does not exist")
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    open_mode, encoding = ("xb", None) if isinstance(data, bytes) else ("x", "utf-8")
    try:
        with open(temporary, open_mode, encoding=encoding) as file:
            file.write(data)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return path


def _write_through(path: Path, target: Path, data: bytes | str) -> None:
    """Write into a device or named pipe as it stands: opened without creating or truncating."""
    try:
        # non-blocking, so that a pipe nobody reads is an error instead of a hang
        fd = os.open(target, os.O_WRONLY | os.O_NONBLOCK)
    except OSError as error:
        why = "no process is reading the pipe" if error.errno == errno.ENXIO else error.strerror
        raise OSError(error.errno, f"cannot write {str(path)!r}: {why}") from None
    fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
    with open(fd, "wb") as file:
        file.write(data.encode("utf-8") if isinstance(data, str) else data)


def _kind(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"
