"""Executes notebooks headless with Jupyter's own executor (nbclient), writes each executed notebook
(signed, so it opens trusted with the same Jupyter data dir) and its HTML export (nbconvert) to --out.

Run by scripts/report.ts with /usr/bin/python3 and the project's Jupyter environment. It reports on stdout
as JSON lines, one event per line, so the Node side owns the wording of progress and errors:
  {"event": "start", "notebook", "title", "cells"}           a notebook begins
  {"event": "cell", "notebook", "cell", "code", "codeCells"} a code cell starts (1-based numbers)
  {"event": "done", "notebook", "title", "seconds", "htmlSeconds", "figures", "cellSeconds"}
  {"event": "failed", "notebook", "cell", "source", "message"}  then exit status 1
The source notebooks are only read.
"""

import argparse
import asyncio
import json
import os
import re
import sys
import time

import nbformat
from jupyter_core.utils import ensure_async
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbconvert import HTMLExporter
from nbformat.sign import NotebookNotary

FIGURE_CLASS = "backprop-lab-figure"  # as in src/notebook/plotly-html.ts
KERNEL = "tslab"


def emit(**event):
    print(json.dumps(event), flush=True)


def title_of(nb, fallback):
    """The first Markdown heading, which is what a reader calls the notebook."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                m = re.match(r"^#{1,6}\s+(.*\S)\s*$", line)
                if m:
                    return re.sub(r"[*_`]", "", m.group(1))
    return fallback


def count_figures(nb):
    n = 0
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            html = out.get("data", {}).get("text/html", "")
            if isinstance(html, list):
                html = "".join(html)
            n += html.count('class="plotly-graph-div ' + FIGURE_CLASS)
    return n


def error_message(cell, error):
    """One line for a failed cell. tslab reports errors as stderr text, not as an error output: a compile
    error as "line:col - message", an exception as its stack trace, whose message line precedes "    at"."""
    text = "".join(
        o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream" and o.get("name") == "stderr"
    )
    text += "".join(
        "%s: %s\n" % (o.get("ename", ""), o.get("evalue", "")) for o in cell.get("outputs", []) if o.get("output_type") == "error"
    )
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
    if nonempty:
        return nonempty[-1]
    if isinstance(error, CellExecutionError) and (error.ename or error.evalue):
        return ("%s: %s" % (error.ename, error.evalue)).strip(": ")
    return "the cell failed without an error message"


def short_source(source):
    first = next((l.strip() for l in source.splitlines() if l.strip()), "")
    return first if len(first) <= 60 else first[:57] + "..."


async def execute(nb, client, name):
    code_cells = sum(1 for c in nb.cells if c.cell_type == "code")
    cell_seconds = []
    async with client.async_setup_kernel():
        # As nbclient's own execute(): the kernel's language_info lets nbconvert highlight TypeScript.
        msg_id = await ensure_async(client.kc.kernel_info())
        info = await client.async_wait_for_reply(msg_id)
        if info is not None and "language_info" in info["content"]:
            nb.metadata["language_info"] = info["content"]["language_info"]
        code = 0
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            code += 1
            emit(event="cell", notebook=name, cell=index + 1, code=code, codeCells=code_cells)
            t0 = time.monotonic()
            try:
                await client.async_execute_cell(cell, index, execution_count=code)
            except CellTimeoutError:
                return index, "no result after %d s (--timeout)" % client.timeout, cell_seconds
            except DeadKernelError:
                return index, "the kernel died (crash, out of memory or process.exit)", cell_seconds
            except CellExecutionError as e:
                return index, error_message(cell, e), cell_seconds
            cell_seconds.append(round(time.monotonic() - t0, 3))
    return None, None, cell_seconds


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", required=True, help="folder for the executed .ipynb and .html files")
    p.add_argument("--cwd", required=True, help="the kernel's working directory (the notebooks' folder)")
    p.add_argument("--timeout", type=int, default=600, help="seconds a cell may run")
    p.add_argument("notebooks", nargs="+")
    a = p.parse_args()

    notary = NotebookNotary()
    exporter = HTMLExporter()  # Debian's nbconvert: the "lab" template, local require.js and MathJax
    for path in a.notebooks:
        name = os.path.basename(path)
        stem = os.path.splitext(name)[0]
        nb = nbformat.read(path, as_version=4)
        declared = nb.metadata.get("kernelspec", {}).get("name")
        if declared != KERNEL:
            emit(event="failed", notebook=name, cell=0, source="",
                 message='declares the kernel "%s"; the notebooks run in "%s"' % (declared, KERNEL))
            return 1
        title = title_of(nb, stem)
        emit(event="start", notebook=name, title=title, cells=len(nb.cells))
        t0 = time.monotonic()
        client = NotebookClient(nb, timeout=a.timeout, kernel_name=KERNEL, resources={"metadata": {"path": a.cwd}})
        index, message, cell_seconds = asyncio.run(execute(nb, client, name))
        if index is not None:
            emit(event="failed", notebook=name, cell=index + 1, source=short_source(nb.cells[index].source),
                 message=message)
            return 1
        seconds = time.monotonic() - t0

        t1 = time.monotonic()
        notary.sign(nb)
        nbformat.write(nb, os.path.join(a.out, name))
        html, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
        with open(os.path.join(a.out, stem + ".html"), "w", encoding="utf-8") as f:
            f.write(html)
        emit(event="done", notebook=name, title=title, seconds=round(seconds, 3),
             htmlSeconds=round(time.monotonic() - t1, 3), figures=count_figures(nb), cellSeconds=cell_seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
