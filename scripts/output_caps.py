"""The report's caps on one cell's output, so that a runaway cell (a loop that logs every step, one 50 MB
console.log) cannot make a PDF of hundreds of pages or exhaust memory in nbconvert and Chromium, and so
that what is cut is said where it was cut.

Each stream (stdout, stderr) of a cell keeps its first HEAD_LINES and last TAIL_LINES lines, with a line
"… N lines not shown" between them; then at most HEAD_CHARS + TAIL_CHARS characters the same way (one
enormous line). The end is kept because that is where a result or an error message is. A rich output
(display_data, execute_result) larger than MAX_OUTPUT_BYTES is replaced by a line saying what it was.
Used by execute-notebooks.py on every executed cell; the executed notebook and the HTML carry the cut.
"""

import json

from nbformat.v4 import new_output

HEAD_LINES = 450
TAIL_LINES = 50
HEAD_CHARS = 80_000
TAIL_CHARS = 20_000
MAX_OUTPUT_BYTES = 20_000_000


def _count(n, word):
    return "{:,} {}{}".format(n, word, "" if n == 1 else "s")


def _join(text):
    return "".join(text) if isinstance(text, list) else (text or "")


def merge_streams(outputs):
    """Adjacent stream outputs of the same name as one, as a front end shows them."""
    merged = []
    for out in outputs:
        prev = merged[-1] if merged else None
        if (
            out.get("output_type") == "stream"
            and prev is not None
            and prev.get("output_type") == "stream"
            and prev.get("name") == out.get("name")
        ):
            prev["text"] = _join(prev.get("text")) + _join(out.get("text"))
        else:
            if out.get("output_type") == "stream":
                out["text"] = _join(out.get("text"))
            merged.append(out)
    return merged


def cap_text(text, head_lines=HEAD_LINES, tail_lines=TAIL_LINES, head_chars=HEAD_CHARS, tail_chars=TAIL_CHARS):
    """(text within the caps, what was left out or None)."""
    lines = text.splitlines(keepends=True)
    dropped = []
    if len(lines) > head_lines + tail_lines:
        hidden = len(lines) - head_lines - tail_lines
        marker = "… {} not shown (the report keeps the first {:,} and last {:,} lines of a cell's output)\n".format(
            _count(hidden, "line"), head_lines, tail_lines
        )
        if not lines[head_lines - 1].endswith("\n"):
            marker = "\n" + marker
        text = "".join(lines[:head_lines]) + marker + "".join(lines[-tail_lines:])
        dropped.append(_count(hidden, "line"))
    if len(text) > head_chars + tail_chars:
        hidden = len(text) - head_chars - tail_chars
        marker = "\n… {} not shown (the report keeps {:,} characters of a cell's output)\n".format(
            _count(hidden, "character"), head_chars + tail_chars
        )
        text = text[:head_chars] + marker + text[-tail_chars:]
        dropped.append(_count(hidden, "character"))
    return text, (" and ".join(dropped) if dropped else None)


def cap_cell_outputs(cell, keep=lambda out: False):
    """Caps the outputs of one executed code cell in place; returns one phrase per cut, e.g.
    "20,000 lines of stdout: 19,500 lines not shown". `keep(out)` exempts an output from the size cap."""
    notes = []
    outputs = merge_streams(cell.get("outputs", []))
    for i, out in enumerate(outputs):
        kind = out.get("output_type")
        if kind == "stream":
            text = out["text"]
            capped, dropped = cap_text(text)
            if dropped:
                out["text"] = capped
                notes.append("{} of {}: {} not shown".format(_count(len(text.splitlines()), "line"), out.get("name"), dropped))
        elif kind in ("display_data", "execute_result") and not keep(out):
            size = len(json.dumps(out.get("data", {})))
            if size > MAX_OUTPUT_BYTES:
                mimes = ", ".join(sorted(out.get("data", {})))
                note = "… an output of {:.1f} MB ({}) not shown (the report keeps outputs up to {:.0f} MB)\n".format(
                    size / 1e6, mimes, MAX_OUTPUT_BYTES / 1e6
                )
                outputs[i] = new_output("stream", name="stdout", text=note)
                notes.append("an output of {:.1f} MB not shown".format(size / 1e6))
    cell["outputs"] = outputs
    return notes
