"""What may stand at an output path: links, devices, named pipes, folders, sockets.

``write_atomic`` replaces only a regular file. A catalogue: each thing at the path, and what
happens to it.
"""

import os
import socket
import stat
import threading

import pytest

from autograd.files import write_atomic


def test_a_symbolic_link_is_kept_and_the_file_it_points_to_is_written(tmp_path):
    (tmp_path / "real.svg").write_text("old")
    (tmp_path / "link.svg").symlink_to("real.svg")
    write_atomic(tmp_path / "link.svg", "<svg/>")
    assert (tmp_path / "link.svg").is_symlink()
    assert (tmp_path / "real.svg").read_text() == "<svg/>"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.svg", "real.svg"]


def test_a_dangling_link_gets_its_file_created_and_stays_a_link(tmp_path):
    (tmp_path / "link.json").symlink_to("model.json")
    write_atomic(tmp_path / "link.json", "{}")
    assert (tmp_path / "link.json").is_symlink()
    assert (tmp_path / "model.json").read_text() == "{}"


def test_a_character_device_is_written_through_never_replaced(tmp_path):
    # through a link in tmp_path, so that a writer that replaced what it found would replace
    # the link, not the machine's /dev/null
    (tmp_path / "out.svg").symlink_to(os.devnull)
    write_atomic(tmp_path / "out.svg", b"<svg/>")
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
    assert (tmp_path / "out.svg").is_symlink()
    assert [p.name for p in tmp_path.iterdir()] == ["out.svg"]


def test_a_named_pipe_is_written_through_to_its_reader(tmp_path):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    for _ in range(1000):  # the writer needs the reader to have opened the pipe
        try:
            write_atomic(pipe, "through the pipe")
            break
        except OSError as error:
            assert "no process is reading the pipe" in str(error)
            threading.Event().wait(0.01)
    reader.join(timeout=10)
    assert received == [b"through the pipe"]
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)


def test_a_named_pipe_nobody_reads_is_an_error_not_a_hang(tmp_path):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    with pytest.raises(OSError, match="no process is reading the pipe"):
        write_atomic(pipe, "x")
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)


def test_a_folder_is_refused_and_left_as_it_is(tmp_path):
    (tmp_path / "graph.svg").mkdir()
    with pytest.raises(IsADirectoryError, match="it is a folder, not a regular file"):
        write_atomic(tmp_path / "graph.svg", "<svg/>")
    assert (tmp_path / "graph.svg").is_dir()


def test_a_socket_is_refused_and_left_as_it_is(tmp_path):
    path = tmp_path / "s"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        with pytest.raises(FileExistsError, match="it is a socket, not a regular file"):
            write_atomic(path, "x")
    assert stat.S_ISSOCK(os.stat(path).st_mode)


def test_data_of_the_wrong_type_is_named(tmp_path):
    with pytest.raises(TypeError, match="data must be bytes or str, got float"):
        write_atomic(tmp_path / "x", 3.0)
