"""write_atomic: a file is written whole, with the usual permissions, or not at all."""

import os

import pytest

from autograd.files import write_atomic


def test_writes_text_and_bytes_with_the_umask_permissions(tmp_path):
    umask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "a.json", '{"w": 1.0}')
        write_atomic(tmp_path / "b.svg", b"<svg/>")
    finally:
        os.umask(umask)
    assert (tmp_path / "a.json").read_text() == '{"w": 1.0}'
    assert (tmp_path / "b.svg").read_bytes() == b"<svg/>"
    assert (tmp_path / "b.svg").stat().st_mode & 0o777 == 0o644
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "b.svg"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "model.json"
    target.write_text("old")
    with pytest.raises(TypeError):
        write_atomic(target, 3.0)  # neither bytes nor str
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["model.json"]


def test_a_missing_folder_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        write_atomic(tmp_path / "nowhere" / "x.svg", b"")
