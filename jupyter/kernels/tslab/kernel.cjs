// The project's tslab kernel, started by kernel.json: tslab itself, with three changes it has no option for.
//
// 1. No output dropped. tslab publishes every console.log as its own iopub message and does not wait for
//    the send. zeromq.js sends the first 512 or so at once, then defers the next send to the event loop,
//    and until it has gone every further send throws "Socket is busy writing", which console.log swallows:
//    a cell printing 20,000 lines kept about 500 of them, a showMarkdown after them failed with "<Error>",
//    and a thrown error lost its message. A send timeout of 0 makes every send immediate, and a send
//    high-water mark of 0 (no limit) makes ZeroMQ queue what the front end has not read yet instead of
//    dropping it. The report caps a cell's output itself, visibly (scripts/execute-notebooks.py).
// 2. Fewer messages. Text written in a row to the same stream goes out as one message (as ipykernel
//    does), flushed before any other output, at 64 KB, 50 ms after the last write, and before the cell's
//    reply: 20,000 lines are a handful of messages instead of 20,000 for every front end to process.
// 3. No orphan. A kernel whose parent (the report's executor, a Jupyter server) is killed outright would
//    run its cell on until the cell's timeout. The kernel exits when its parent process goes away.
"use strict";
/* global setTimeout, clearTimeout, setInterval */
const zmq = require("zeromq");
const jupyter = require("tslab/dist/jupyter.js");

const Publisher = zmq.Publisher;
// tslab loads zeromq lazily and creates its iopub socket with `new zmq.Publisher()`: the same module object.
zmq.Publisher = class extends Publisher {
  constructor(options) {
    super({ sendHighWaterMark: 0, sendTimeout: 0, ...options });
  }
};

const FLUSH_BYTES = 1 << 16;
const FLUSH_MS = 50;
const handleExecute = jupyter.JupyterHandlerImpl.prototype.handleExecute;
jupyter.JupyterHandlerImpl.prototype.handleExecute = async function (req, writeStream, writeDisplayData) {
  let name = null;
  let text = "";
  let timer = null;
  const flush = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (text === "") return;
    const t = text;
    text = "";
    writeStream(name, t);
  };
  const bufferedStream = (streamName, chunk) => {
    if (streamName !== name) flush();
    name = streamName;
    text += chunk;
    if (text.length >= FLUSH_BYTES) flush();
    else if (timer === null) timer = setTimeout(flush, FLUSH_MS);
  };
  const display = (data, update) => {
    flush();
    writeDisplayData(data, update);
  };
  try {
    return await handleExecute.call(this, req, bufferedStream, display);
  } finally {
    flush();
  }
};

const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(1);
}, 1000).unref();

require("tslab/dist/main.js").main();
