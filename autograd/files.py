"""Writing a file whole or not at all, for every file the project writes (drawings, models)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def write_atomic(path: str | os.PathLike[str], data: bytes | str) -> Path:
    """Write ``data`` to ``path`` so that a reader never sees half a file; return the path.

    The data go to a new temporary file in the same folder, which then replaces ``path`` in
    one step; on any failure the temporary file is removed and ``path`` is left as it was.
    The file gets the usual permissions (those the umask allows), like any file ``open``
    creates.
    """
    path = Path(path)
    if not path.parent.is_dir():
        raise FileNotFoundError(f"cannot write {str(path)!r}: folder {str(path.parent)!r} does not exist")
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    mode, encoding = ("xb", None) if isinstance(data, bytes) else ("x", "utf-8")
    try:
        with open(temporary, mode, encoding=encoding) as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return path
