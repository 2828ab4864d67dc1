"""Headless Chromium driven through chromedriver's WebDriver protocol (JSON over HTTP).

The protocol is a handful of HTTP requests, so the standard library's urllib speaks it and the
tests need no browser-automation package: start ``chromedriver`` on a free port, open a
session with Chromium headless, then navigate, press keys, run a line of script, read the
console log. Debian's packages ``chromium`` and ``chromium-driver`` provide both programs.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

#: The WebDriver names of the keys the pages answer to.
KEYS = {"ArrowRight": "\ue014", "ArrowLeft": "\ue012", "Home": "\ue011", "End": "\ue010"}


def programs() -> tuple[str, str] | None:
    """(chromium, chromedriver) as found on PATH, or None when either is missing."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (chromium, driver) if chromium and driver else None


class Browser:
    """One headless Chromium session; use as a context manager so that both programs end."""

    def __init__(self, chromium: str, driver: str) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self._driver = subprocess.Popen(
            [driver, f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        self._base = f"http://127.0.0.1:{port}"
        try:
            self._session = self._start(chromium)
        except BaseException:
            self._driver.kill()
            self._driver.wait(timeout=10)
            raise

    def _start(self, chromium: str) -> str:
        self._wait_for_driver()
        options = {
            "binary": chromium,
            # --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1200,900"],
        }
        capabilities = {
            "browserName": "chrome",
            "goog:chromeOptions": options,
            "goog:loggingPrefs": {"browser": "ALL"},  # keep the console for console_errors
        }
        answer = self._call("POST", "/session", {"capabilities": {"alwaysMatch": capabilities}})
        return f"/session/{answer['sessionId']}"

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *_: object) -> None:
        try:
            self._call("DELETE", self._session)
        finally:
            self._driver.terminate()
            self._driver.wait(timeout=10)

    def open(self, path: Path) -> None:
        """Load a local file and wait until the page and its pictures have loaded."""
        self._call("POST", f"{self._session}/url", {"url": path.resolve().as_uri()})
        deadline = time.monotonic() + 10
        while self.run("return document.readyState") != "complete" and time.monotonic() < deadline:
            time.sleep(0.05)

    def run(self, script: str) -> object:
        """Run ``script`` (a function body: ``return ...``) in the page and give back its value."""
        return self._call("POST", f"{self._session}/execute/sync", {"script": script, "args": []})

    def press(self, key: str) -> None:
        """Press and release one key (a name of ``KEYS``) on the page."""
        code = KEYS[key]
        actions = [{"type": "keyDown", "value": code}, {"type": "keyUp", "value": code}]
        keyboard = {"type": "key", "id": "keys", "actions": actions}
        self._call("POST", f"{self._session}/actions", {"actions": [keyboard]})

    def click(self, css: str) -> None:
        element = self._call("POST", f"{self._session}/element", {"using": "css selector", "value": css})
        self._call("POST", f"{self._session}/element/{next(iter(element.values()))}/click", {})

    def console_errors(self) -> list[str]:
        """The console messages at level SEVERE (errors) since the last call."""
        entries = self._call("POST", f"{self._session}/se/log", {"type": "browser"})
        return [entry["message"] for entry in entries if entry["level"] == "SEVERE"]

    def _wait_for_driver(self) -> None:
        deadline = time.monotonic() + 20
        while True:
            try:
                self._call("GET", "/status")
                return
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline or self._driver.poll() is not None:
                    raise RuntimeError("chromedriver did not start") from None
                time.sleep(0.1)

    def _call(self, method: str, path: str, body: dict | None = None) -> object:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self._base + path, data=data, method=method, headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return json.loads(response.read())["value"]
        except urllib.error.HTTPError as error:
            message = error.read().decode(errors="replace")
            raise RuntimeError(f"WebDriver {method} {path}: {message}") from None
