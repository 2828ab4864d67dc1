"""A step-through as ONE self-contained HTML file, for a course page or slides.

Every step is a section of the page: its heading, its picture (SVG held in the page as a
``data:`` URI, so nothing is fetched) and its lines of numbers. A few lines of script show
one section at a time: the buttons, the slider, and the keys → / ← (also space, Home, End)
move between steps. Without script every step shows, one under the other.
"""

from __future__ import annotations

import base64
import html
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from autograd.files import write_atomic


@dataclass(frozen=True)
class Frame:
    """One step of the page: its heading, its SVG picture and its lines of text."""

    heading: str
    svg: str
    lines: Sequence[str]


_STYLE = """
body { font-family: sans-serif; margin: 1.5em; }
nav { display: flex; gap: 0.6em; align-items: center; margin-bottom: 0.8em; }
nav input { flex: 1; max-width: 30em; }
.step img { max-width: 100%; height: auto; display: block; margin: 0.6em 0; }
.step pre { font-size: 1.05em; background: #f6f6f6; padding: 0.6em; white-space: pre-wrap; }
.js .step:not(.shown) { display: none; }
"""

# Written out here, not fetched: the page must work offline. It only toggles which step shows.
_SCRIPT = """
document.documentElement.classList.add("js");
const steps = document.querySelectorAll(".step");
const slider = document.getElementById("slider");
const where = document.getElementById("where");
let current = 0;
function show(k) {
  current = Math.max(0, Math.min(steps.length - 1, k));
  steps.forEach((step, i) => step.classList.toggle("shown", i === current));
  slider.value = current;
  where.textContent = "step " + current + " of 0 … " + (steps.length - 1);
}
document.getElementById("previous").onclick = () => show(current - 1);
document.getElementById("next").onclick = () => show(current + 1);
slider.oninput = () => show(Number(slider.value));
document.addEventListener("keydown", (event) => {
  const moves = {ArrowRight: current + 1, " ": current + 1, ArrowLeft: current - 1,
                 Home: 0, End: steps.length - 1};
  if (event.key in moves && event.target !== slider) { event.preventDefault(); show(moves[event.key]); }
});
show(0);
"""


def check_path(path: str | os.PathLike[str]) -> Path:
    """``path`` as a Path, if it names an .html file in a folder that exists."""
    path = Path(path)
    if path.suffix.lower() not in (".html", ".htm"):
        raise ValueError(f"{os.fspath(path)!r}: a step-through is written as an .html file")
    if not path.parent.is_dir():
        raise FileNotFoundError(f"cannot write {str(path)!r}: folder {str(path.parent)!r} does not exist")
    return path


def write(path: str | os.PathLike[str], title: str, frames: Sequence[Frame]) -> Path:
    """Write the page of ``frames`` to ``path`` (an .html file), whole or not at all."""
    path = check_path(path)
    if not frames:
        raise ValueError("step_html.write: there are no steps to write")
    return write_atomic(path, page(title, frames))


def page(title: str, frames: Sequence[Frame]) -> str:
    """The HTML text of the page."""
    sections = "\n".join(_section(k, frame) for k, frame in enumerate(frames))
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{html.escape(title)}</title>
<style>{_STYLE}</style>
</head>
<body>
<h1>{html.escape(title)}</h1>
<nav>
<button id="previous" type="button">◀ previous</button>
<input id="slider" type="range" min="0" max="{len(frames) - 1}" value="0" aria-label="step">
<button id="next" type="button">next ▶</button>
<span id="where"></span>
</nav>
<p>Keys: → or space for the next step, ← for the previous one, Home and End for the first and last.</p>
{sections}
<script>{_SCRIPT}</script>
</body>
</html>
"""


def png_img(png_base64: str) -> str:
    """An <img> holding a PNG given as base64, fitted to the width it is shown in."""
    return f'<img src="data:image/png;base64,{png_base64}" style="max-width:100%;height:auto">'


def _section(k: int, frame: Frame) -> str:
    picture = base64.b64encode(frame.svg.encode()).decode("ascii")
    text = html.escape("\n".join(frame.lines))
    return (
        f'<section class="step" id="step-{k}">\n<h2>{html.escape(frame.heading)}</h2>\n'
        f'<img src="data:image/svg+xml;base64,{picture}" alt="the graph at {html.escape(frame.heading)}">\n'
        f"<pre>{text}</pre>\n</section>"
    )
