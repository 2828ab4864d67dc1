"""In a real browser: headless Chromium opens a saved step-through and a run's index.html.

What is checked is what a reader sees: the step shown changes with the keys and the buttons,
every picture loads, and the console shows no error. Without chromium and chromedriver
(Debian: ``apt-get install chromium chromium-driver``) these tests are skipped, except where
REQUIRE_BROWSER is set, as ``.ci/run`` sets it after installing them: there they must run.
"""

import os

import pytest
from browser import Browser, programs
from lecture_graphs import chain_rule_iii

from autograd.inspect.forward_stepper import ForwardStepper
from autograd.inspect.stepper import Stepper
from nn.cli import main

FOUND = programs()
if FOUND is None and os.environ.get("REQUIRE_BROWSER"):
    raise RuntimeError("REQUIRE_BROWSER is set, but chromium or chromedriver is not on PATH")
pytestmark = pytest.mark.skipif(FOUND is None, reason="chromium and chromedriver are not installed")

#: The text of every step section on screen (one, when the script works).
SHOWN = "return [...document.querySelectorAll('.step')].filter(s => s.offsetParent).map(s => s.innerText)"
#: For every picture of the page: has it loaded?
LOADED = "return [...document.images].map(i => i.complete && i.naturalWidth > 0)"


@pytest.fixture(scope="module")
def browser():
    with Browser(*FOUND) as session:
        yield session


def test_the_step_through_steps_with_the_keys_and_the_buttons(browser, tmp_path):
    _, c = chain_rule_iii()
    page = Stepper(c).save_html(tmp_path / "steps.html")
    browser.open(page)
    assert browser.run(LOADED) == [True] * 5
    first = browser.run(SHOWN)
    assert len(first) == 1 and first[0].startswith("step 0 of 0 … 4") and "edge v3 → (+) → c" in first[0]
    browser.press("ArrowRight")
    browser.press("ArrowRight")
    shown = browser.run(SHOWN)
    assert len(shown) == 1 and shown[0].startswith("step 2 of 0 … 4")
    assert "dL/dv4 · ∂v4/∂a = 1 · 2 = 2" in shown[0] and "= 1·2 + ? = 2 so far" in shown[0]
    browser.press("End")
    assert "= 1·2 + 1·2 = 4" in browser.run(SHOWN)[0]
    browser.press("ArrowRight")  # past the end it stays at the last step
    assert browser.run(SHOWN)[0].startswith("step 4 of 0 … 4")
    browser.click("#previous")
    assert browser.run(SHOWN)[0].startswith("step 3 of 0 … 4")
    assert browser.run("return document.getElementById('where').textContent") == "step 3 of 0 … 4"
    browser.press("Home")
    assert browser.run(SHOWN) == first
    assert browser.console_errors() == []


def test_the_forward_step_through_too(browser, tmp_path):
    _, c = chain_rule_iii()
    browser.open(ForwardStepper(c).save_html(tmp_path / "forward.html"))
    browser.press("End")
    assert "c = v3 + v4" in browser.run(SHOWN)[0]
    assert all(browser.run(LOADED)) and browser.console_errors() == []


def test_a_runs_index_shows_every_picture(browser, tmp_path, capsys):
    out = tmp_path / "run"
    assert main(["train", "--dataset", "xor", "--hidden", "4", "--epochs", "3", "--out", str(out)]) == 0
    browser.open(out / "index.html")
    assert browser.run(LOADED) == [True] * 5  # four plots and the graph
    text = browser.run("return document.body.innerText")
    assert "xor: cross-entropy loss" in text and "test" in text
    assert browser.console_errors() == []


def test_a_broken_page_is_seen_as_broken(browser, tmp_path):
    page = tmp_path / "broken.html"
    page.write_text('<img src="missing.png"><script>throw new Error("step script failed")</script>')
    browser.open(page)
    assert browser.run(LOADED) == [False]
    assert any("step script failed" in message for message in browser.console_errors())
