"""Executes notebooks headless with Jupyter's own executor (nbclient) and writes, for each, the executed
notebook (unsigned: the report adds static figure images and signs it afterwards, with --sign), its
HTML export (nbconvert; every cell, the lab book's page) to --out, and the hand-in's part of it to
--out/.handin/<name>.html: the same executed cells, chosen and placed by their tags (see handin_notebook).

Run by scripts/report.ts with the project's Python and Jupyter environment. It reports on stdout as JSON
lines, one event per line, so the Node side owns the wording of progress and errors:
  {"event": "start", "notebook", "title", "question", "cells"}  a notebook begins
  {"event": "cell", "notebook", "cell", "code", "codeCells"}     a code cell starts (1-based numbers)
  {"event": "done", "notebook", "title", "question", "seconds", "htmlSeconds", "figures", "cellSeconds",
   "loaderBytes"}
  {"event": "capped", "notebook", "cell", "what"}               a cell's output was cut to the caps below
  {"event": "failed", "notebook", "cell", "source", "message"}   then exit status 1
Up to --jobs notebooks run at once, each in its own kernel. The source notebooks are only read.

  execute-notebooks.py --sign a.ipynb [b.ipynb ...]   signs finished notebooks (trusted with this data dir)
"""

import argparse
import asyncio
import copy
import json
import os
import queue
import re
import signal
import sys
import threading
import time

import nbformat
from jupyter_core.utils import ensure_async
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbconvert import HTMLExporter
from nbformat.sign import NotebookNotary

from output_caps import cap_cell_outputs

FIGURE_CLASS = "backprop-lab-figure"  # as in src/notebook/plotly-html.ts
# The plotly.js loader output (src/notebook/plotly-html.ts plotlyLoaderHtml): the whole 4.8 MB bundle inline.
LOADER_MARK = "<script>(function(define,module,exports){"
KERNEL = "tslab"
# How tslab reports an exception that no cell is waiting for (a timer, an unawaited promise): a stderr
# stream, sent with the parent of whatever request is current, so it may land after the cell's "idle"
# (nbclient then drops it) or in a later cell's output (nbclient keeps it as text and carries on).
LATE_ERROR = re.compile(r"^(UncaughtException|UnhandledPromiseRejection): (.*)$", re.M)
# Run after the last cell, so that short timers left behind fire while someone still listens.
QUIET_CELL = "await new Promise((resolve) => setTimeout(resolve, 250));"
# Seconds nbclient waits, after a cell's reply, for the rest of its output.
IOPUB_TIMEOUT = 60


# Cell tags, as Jupyter Book and nbconvert's TagRemovePreprocessor name them, plus the project's own.
DROP_TAGS = {"remove-cell", "lab-only"}  # not in the hand-in (the lab book keeps every cell)
HIDE_INPUT_TAGS = {"remove-input", "hide-input"}  # code left out of the hand-in even with --show-code
REMOVE_OUTPUT_TAG = "remove-output"
APPENDIX_TAG = "appendix"  # in the hand-in's appendix instead of its main body
ANSWER_TAG = "answer"  # its output is the question's paragraph in "the answers at a glance"
DISCUSSION_TAG = "discussion"  # the author's own words: in the hand-in only when written
# Where the hand-in's parts begin in its HTML: empty markdown cells with these ids (nbconvert renders each
# cell's id as id="cell-id=…"), split apart by scripts/report.ts.
PART_IDS = ("bl-part-main", "bl-part-appendix")
PROGRESS_CLASS = "backprop-lab-progress"  # as in src/notebook/display.ts: a progress line, lab book only


def emit(**event):
    print(json.dumps(event), flush=True)


def first_heading(nb):
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                m = re.match(r"^#{1,6}\s+(.*\S)\s*$", line)
                if m:
                    return re.sub(r"[*_`]", "", m.group(1))
    return None


def describe(nb, fallback):
    """(title, question): from the notebook's metadata "backprop_lab", else its first heading and no question."""
    meta = nb.metadata.get("backprop_lab", {})
    if not isinstance(meta, dict):
        meta = {}
    title = meta.get("title") if isinstance(meta.get("title"), str) and meta.get("title").strip() else None
    question = meta.get("question") if isinstance(meta.get("question"), str) and meta.get("question").strip() else None
    return (title or first_heading(nb) or fallback).strip(), (question.strip() if question else None)


def output_html(out):
    html = out.get("data", {}).get("text/html", "")
    return "".join(html) if isinstance(html, list) else html


def count_figures(nb):
    return sum(
        output_html(out).count(FIGURE_CLASS + '"') + output_html(out).count(FIGURE_CLASS + " ")
        for cell in nb.cells
        for out in cell.get("outputs", [])
    )


def drop_loaders(nb):
    """Removes the plotly.js loader outputs; returns the bytes removed. The report serves plotly.js once per
    folder to its HTML pages and adds a static image to every figure of the executed notebook instead."""
    removed = 0
    for cell in nb.cells:
        kept = []
        for out in cell.get("outputs", []):
            html = output_html(out)
            if LOADER_MARK in html:
                removed += len(html.encode("utf-8"))
            else:
                kept.append(out)
        if "outputs" in cell:
            cell.outputs = kept
    return removed


def message_line(text):
    """The message line of a tslab error text: a compile error as "line:col - message", an exception as its
    stack trace, whose message line precedes "    at"."""
    lines = [l.rstrip() for l in text.splitlines()]
    compile_errors = [l for l in lines if re.match(r"^\d+:\d+ - ", l)]
    if compile_errors:
        first = re.sub(r"^(\d+):(\d+) - ", r"line \1, column \2: ", compile_errors[0])
        more = len(compile_errors) - 1
        return first + (" (and %d more compile error%s)" % (more, "s" if more > 1 else "") if more else "")
    for i, l in enumerate(lines):
        if l.startswith("    at ") and i > 0:
            j = i - 1
            while j > 0 and not lines[j].strip():
                j -= 1
            return lines[j].strip()
    nonempty = [l.strip() for l in lines if l.strip()]
    return nonempty[-1] if nonempty else None


def error_message(cell, error):
    """One line for a failed cell."""
    text = "".join(
        o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream" and o.get("name") == "stderr"
    )
    text += "".join(
        "%s: %s\n" % (o.get("ename", ""), o.get("evalue", "")) for o in cell.get("outputs", []) if o.get("output_type") == "error"
    )
    line = message_line(text)
    if line:
        return line
    if isinstance(error, CellExecutionError) and (error.ename or error.evalue):
        return ("%s: %s" % (error.ename, error.evalue)).strip(": ")
    return "the cell failed without an error message"


def late_error(text):
    """The message of an error thrown outside a cell's own run, or None."""
    m = LATE_ERROR.search(text)
    return m.group(2).strip() if m else None


LATE_NOTE = " (thrown after a cell had finished: in a timer or an unawaited promise of this cell or an earlier one)"


def short_source(source):
    first = next((l.strip() for l in source.splitlines() if l.strip()), "")
    return first if len(first) <= 60 else first[:57] + "..."


def tags_of(cell):
    tags = cell.get("metadata", {}).get("tags", [])
    return set(tags) if isinstance(tags, list) else set()


def is_written(cell):
    """A discussion cell counts as written when it has more than headings and HTML comments."""
    text = re.sub(r"<!--.*?-->", "", cell.source, flags=re.S)
    text = re.sub(r"^\s*#{1,6}\s.*$", "", text, flags=re.M)
    return text.strip() != ""


def handin_notebook(nb, show_code, whole_appendix):
    """The hand-in's cells of an executed notebook, in three parts: the answer cells, the main body and the
    appendix (everything, for a notebook that answers no question), each part after its marker cell. Code is
    left out unless show_code, and prompts always (the exporter's settings); progress lines are left out."""
    answers, main, appendix = [], [], []
    for cell in nb.cells:
        tags = tags_of(cell)
        if tags & DROP_TAGS or (DISCUSSION_TAG in tags and not is_written(cell)):
            continue
        c = copy.deepcopy(cell)
        if c.cell_type == "code":
            hide = not show_code or bool(tags & HIDE_INPUT_TAGS)
            if hide:
                c.metadata.setdefault("transient", {})["remove_source"] = True
            c.outputs = [] if REMOVE_OUTPUT_TAG in tags else [o for o in c.outputs if PROGRESS_CLASS not in output_html(o)]
            if hide and not c.outputs:
                continue  # nothing left to show
        if ANSWER_TAG in tags:
            answers.append(c)
        elif APPENDIX_TAG in tags or whole_appendix:
            appendix.append(c)
        else:
            main.append(c)
    out = copy.deepcopy(nb)
    markers = [nbformat.v4.new_markdown_cell(source="", id=i) for i in PART_IDS]
    out.cells = answers + [markers[0]] + main + [markers[1]] + appendix
    return out


class Failure(Exception):
    def __init__(self, index, message):
        super().__init__(message)
        self.index = index
        self.message = message


async def drain_late_errors(kc, wait):
    """Reads what is left on the iopub channel (nbclient has stopped listening to finished cells) for up to
    `wait` seconds after the last message; returns the first late error found, or None."""
    while True:
        try:
            msg = await ensure_async(kc.iopub_channel.get_msg(timeout=wait))
        except queue.Empty:
            return None
        content = msg.get("content", {})
        if msg.get("msg_type") == "stream" and content.get("name") == "stderr":
            found = late_error(content.get("text", ""))
            if found:
                return found
        elif msg.get("msg_type") == "error":
            return ("%s: %s" % (content.get("ename", ""), content.get("evalue", ""))).strip(": ")


async def run_quiet_cell(kc, timeout):
    """Runs QUIET_CELL and listens to everything the kernel says meanwhile; returns a late error or None."""
    msg_id = kc.execute(QUIET_CELL, store_history=False, silent=False)
    deadline = time.monotonic() + timeout
    found = None
    while time.monotonic() < deadline:
        try:
            msg = await ensure_async(kc.iopub_channel.get_msg(timeout=1))
        except queue.Empty:
            continue
        content = msg.get("content", {})
        if msg.get("msg_type") == "stream" and content.get("name") == "stderr":
            found = found or late_error(content.get("text", ""))
        elif msg.get("msg_type") == "error":
            found = found or ("%s: %s" % (content.get("ename", ""), content.get("evalue", ""))).strip(": ")
        elif (
            msg.get("msg_type") == "status"
            and content.get("execution_state") == "idle"
            and msg.get("parent_header", {}).get("msg_id") == msg_id
        ):
            break
    return found or await drain_late_errors(kc, 0.05)


async def execute(nb, client, name):
    """Runs every code cell; returns the seconds of each. Raises Failure naming the cell (0-based)."""
    code_cells = sum(1 for c in nb.cells if c.cell_type == "code")
    cell_seconds = []
    async with client.async_setup_kernel():
        # As nbclient's own execute(): the kernel's language_info lets nbconvert highlight TypeScript.
        msg_id = await ensure_async(client.kc.kernel_info())
        info = await client.async_wait_for_reply(msg_id)
        if info is not None and "language_info" in info["content"]:
            nb.metadata["language_info"] = info["content"]["language_info"]
        code = 0
        last = None
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            code += 1
            last = index
            emit(event="cell", notebook=name, cell=index + 1, code=code, codeCells=code_cells)
            t0 = time.monotonic()
            try:
                await client.async_execute_cell(cell, index, execution_count=code)
            except CellTimeoutError as e:
                if "IOPub" in str(e):
                    raise Failure(
                        index, "the cell's output had not all arrived %d s after it finished" % client.iopub_timeout
                    ) from None
                raise Failure(index, "no result after %d s (--timeout)" % client.timeout)
            except DeadKernelError:
                raise Failure(index, "the kernel died (crash, out of memory or process.exit)")
            except CellExecutionError as e:
                raise Failure(index, error_message(cell, e))
            cell_seconds.append(round(time.monotonic() - t0, 3))
            for what in cap_cell_outputs(cell, keep=lambda out: LOADER_MARK in output_html(out)):
                emit(event="capped", notebook=name, cell=index + 1, what=what)
            stderr = "".join(
                o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream" and o.get("name") == "stderr"
            )
            found = late_error(stderr) or await drain_late_errors(client.kc, 0)
            if found:
                raise Failure(index, found + LATE_NOTE)
        if last is not None:
            found = await run_quiet_cell(client.kc, client.timeout)
            if found:
                raise Failure(last, found + LATE_NOTE)
    return cell_seconds


async def run_one(path, a, exporter, handin_exporter, sem):
    name = os.path.basename(path)
    stem = os.path.splitext(name)[0]
    async with sem:
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception as e:  # not JSON, not a notebook
            raise Failure(-1, "is not a readable notebook (%s)" % str(e).splitlines()[0][:200]) from None
        declared = nb.metadata.get("kernelspec", {}).get("name")
        if declared is None:
            raise Failure(
                -1,
                'names no kernel in its metadata (kernelspec); the notebooks run in "%s": open it with npm run lab, '
                'choose the kernel "TypeScript (project tslab)" and save it' % KERNEL,
            )
        if declared != KERNEL:
            raise Failure(-1, 'declares the kernel "%s"; the notebooks run in "%s"' % (declared, KERNEL))
        title, question = describe(nb, stem)
        emit(event="start", notebook=name, title=title, question=question, cells=len(nb.cells))
        t0 = time.monotonic()
        # A cell's output must arrive whole: nbclient's default gives up silently 4 s after the cell's reply
        # and keeps what it has; here a late remainder fails the run instead.
        client = NotebookClient(
            nb,
            timeout=a.timeout,
            kernel_name=KERNEL,
            iopub_timeout=IOPUB_TIMEOUT,
            raise_on_iopub_timeout=True,
            resources={"metadata": {"path": a.cwd}},
        )
        cell_seconds = await execute(nb, client, name)
        seconds = time.monotonic() - t0

        t1 = time.monotonic()
        loader_bytes = drop_loaders(nb)
        nbformat.write(nb, os.path.join(a.out, name))
        html, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
        with open(os.path.join(a.out, stem + ".html"), "w", encoding="utf-8") as f:
            f.write(html)
        # A notebook that answers no numbered question ("Beyond the assignment") is evidence: all of it goes to the appendix.
        handin = handin_notebook(nb, a.show_code, question is None or not re.search(r"\d", question))
        html, _ = handin_exporter.from_notebook_node(handin, resources={"metadata": {"name": title}})
        with open(os.path.join(a.out, ".handin", stem + ".html"), "w", encoding="utf-8") as f:
            f.write(html)
        emit(event="done", notebook=name, title=title, question=question, seconds=round(seconds, 3),
             htmlSeconds=round(time.monotonic() - t1, 3), figures=count_figures(nb), cellSeconds=cell_seconds,
             loaderBytes=loader_bytes)


async def run_all(a):
    exporter = HTMLExporter()
    # The hand-in: no prompts (an "In [ ]:" tells a reader nothing); code per cell, see handin_notebook.
    handin_exporter = HTMLExporter()
    handin_exporter.exclude_input_prompt = True
    handin_exporter.exclude_output_prompt = True
    os.makedirs(os.path.join(a.out, ".handin"), exist_ok=True)
    sem = asyncio.Semaphore(max(1, a.jobs))
    tasks = {}
    # The biggest notebook first: with --jobs kernels at a time, the run ends soonest when the longest notebook
    # does not start last, and before running them their size is the one measure of their work at hand. The
    # semaphore admits the tasks in the order they were made; the results keep their own names.
    for path in sorted(a.notebooks, key=lambda p: -os.path.getsize(p)):
        tasks[asyncio.ensure_future(run_one(path, a, exporter, handin_exporter, sem))] = path
    pending = set(tasks)
    try:
        while pending:
            done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_EXCEPTION)
            for t in done:
                e = t.exception()
                if e is not None:
                    raise FailedIn(tasks[t], e)
    finally:
        for t in pending:
            t.cancel()
        if pending:
            # Let each cancelled notebook shut its kernel down.
            await asyncio.wait(pending, timeout=10)


class FailedIn(Exception):
    def __init__(self, path, error):
        super().__init__(str(error))
        self.path = path
        self.error = error


def interrupt(*_):
    raise KeyboardInterrupt


def stop_with_parent():
    """SIGTERM to this process when the report that started it is gone (kill -9 sends it nothing), so the run
    stops and shuts its kernels down instead of running the current cell on until its timeout."""
    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(1)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, daemon=True).start()


def sign(paths):
    notary = NotebookNotary()
    for p in paths:
        notary.sign(nbformat.read(p, as_version=4))
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", help="folder for the executed .ipynb and .html files")
    p.add_argument("--cwd", help="the kernels' working directory (the notebooks' folder)")
    p.add_argument("--timeout", type=int, default=600, help="seconds a cell may run")
    p.add_argument("--jobs", type=int, default=1, help="notebooks run at once")
    p.add_argument("--show-code", action="store_true", help="code cells in the hand-in too (the lab book always has them)")
    p.add_argument("--sign", action="store_true", help="only sign the given executed notebooks")
    p.add_argument("notebooks", nargs="+")
    a = p.parse_args()
    if a.sign:
        return sign(a.notebooks)
    if not a.out or not a.cwd:
        p.error("--out and --cwd are required")

    # SIGTERM (the report being stopped) ends the run like Ctrl-C: kernels are shut down on the way out.
    signal.signal(signal.SIGTERM, interrupt)
    stop_with_parent()
    try:
        asyncio.run(run_all(a))
    except KeyboardInterrupt:
        return 130
    except FailedIn as f:
        name = os.path.basename(f.path)
        e = f.error
        if isinstance(e, Failure):
            nb_cells = None
            try:
                nb_cells = nbformat.read(f.path, as_version=4).cells
            except Exception:
                pass
            source = short_source(nb_cells[e.index].source) if nb_cells is not None and e.index >= 0 else ""
            emit(event="failed", notebook=name, cell=e.index + 1 if e.index >= 0 else 0, source=source, message=e.message)
        else:
            emit(event="failed", notebook=name, cell=0, source="", message="%s: %s" % (type(e).__name__, e))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
