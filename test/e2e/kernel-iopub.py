"""Runs code cells in the project's tslab kernel and prints what the kernel published, for tests.

Input (stdin): {"cwd": folder to start the kernel in, "cells": [code, ...]}.
Output (stdout): one JSON line per display_data, update_display_data, stream and error message:
{"cell": index, "type": msg_type, "content": content}; then {"done": true}.
Run with the project's Python (scripts/jupyter-env.ts) and JUPYTER_PATH pointing at jupyter/.
"""

import json
import sys

from jupyter_client.manager import start_new_kernel

request = json.load(sys.stdin)
km, kc = start_new_kernel(kernel_name="tslab", cwd=request["cwd"], startup_timeout=120)
try:
    for index, code in enumerate(request["cells"]):
        msg_id = kc.execute(code)
        while True:
            msg = kc.get_iopub_msg(timeout=120)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind = msg["msg_type"]
            if kind in ("display_data", "update_display_data", "stream", "error"):
                print(json.dumps({"cell": index, "type": kind, "content": msg["content"]}), flush=True)
            if kind == "status" and msg["content"]["execution_state"] == "idle":
                break
    print(json.dumps({"done": True}), flush=True)
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
