"""Executes one notebook headless with nbclient in the project's tslab kernel, for the end-to-end tests.

usage: execute-notebook.py IN.ipynb OUT.ipynb   (the kernel starts in IN's folder, as in the report)
Exit 0 when every cell ran; on a failing cell the notebook executed so far is still written, and the exit is 1.
"""

import os
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

src, out = sys.argv[1], sys.argv[2]
nb = nbformat.read(src, as_version=4)
client = NotebookClient(nb, kernel_name="tslab", timeout=600, resources={"metadata": {"path": os.path.dirname(os.path.abspath(src))}})
status = 0
try:
    client.execute()
except CellExecutionError as e:
    print(str(e)[-3000:] or "a cell failed", file=sys.stderr)
    status = 1
nbformat.write(nb, out)
sys.exit(status)
