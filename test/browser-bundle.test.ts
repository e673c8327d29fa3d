/**
 * The report's browser bundle (scripts/report-live.ts): the computing core builds for the browser with no Node
 * API, its worker runs in a bare JavaScript context (no require, no process) and trains exactly as the library
 * does in Node, and the lint rule that keeps Node APIs out of the core bites.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import vm from "node:vm";
import path from "node:path";
import { ESLint } from "eslint";
import { bundleLiveScript, bundleWorkerScript } from "../scripts/report-live";
import { fromArray } from "../src/linalg/matrix";
import { initParams } from "../src/model/params";
import { Rng, streamSeed } from "../src/random/prng";
import { embedRun } from "../src/replay/embedded-run";
import { runSettings } from "../src/replay/page-settings";
import { type Job, type WorkerMessage } from "../src/browser/protocol";
import { backpropMethod } from "../src/train/backprop";
import { train } from "../src/train/trainer";

const ROOT = path.join(__dirname, "..");

test("the worker bundle trains in a context without Node's globals and gets train()'s errors bit for bit", () => {
  const rng = new Rng(11);
  const trainX = fromArray(
    30,
    3,
    Array.from({ length: 90 }, () => rng.uniform()),
  );
  const testX = fromArray(
    8,
    3,
    Array.from({ length: 24 }, () => rng.uniform()),
  );
  const init = initParams(3, 2, new Rng(streamSeed(5, "init")));
  const options = { epochs: 25, lr: 0.3, batchSize: 1, seed: 5 };
  const expected = train(backpropMethod, init, trainX, testX, options).history;
  const run = embedRun(
    { label: "backprop", title: "T", method: "backprop", init, train: trainX, test: testX, options },
    expected,
  );
  assert.ok(run);

  const messages: WorkerMessage[] = [];
  const context = vm.createContext({ performance, postMessage: (m: WorkerMessage) => messages.push(m) });
  const source = bundleWorkerScript();
  assert.doesNotMatch(source, /Math\.exp/, "the worker computes e^x with the fdlibm port, not the browser's Math.exp");
  vm.runInContext(source, context);
  assert.equal(vm.runInContext("typeof require + typeof process", context), "undefinedundefined");
  const job: Job = { id: 7, run, settings: runSettings(run) };
  (context.onmessage as (e: { data: Job }) => void)({ data: JSON.parse(JSON.stringify(job)) as Job });
  const done = messages.find((m) => m.type === "done");
  assert.ok(done && done.type === "done", JSON.stringify(messages.filter((m) => m.type === "failed")));
  assert.equal(done.id, 7);
  assert.deepEqual(
    Array.from(done.trainError),
    expected.map((r) => r.trainError),
  );
  assert.deepEqual(
    Array.from(done.testError ?? []),
    expected.map((r) => r.testError),
  );
  assert.equal(done.stopped, null);
});

test("the page bundle carries the worker as text and stays small", () => {
  const page = bundleLiveScript();
  assert.ok(page.includes("new Worker"), "starts a worker");
  assert.ok(page.length < 60_000, `${page.length} bytes`);
});

test("lint: a Node API imported into the core is an error", async () => {
  const eslint = new ESLint({ cwd: ROOT });
  const lint = async (code: string, file: string): Promise<string[]> =>
    (await eslint.lintText(code, { filePath: path.join(ROOT, file) }))[0].messages.map((m) => m.ruleId ?? "");
  const code =
    'import { readFileSync } from "node:fs";\nimport path from "path";\nexport const f = [readFileSync, path, process.argv];\n';
  assert.deepEqual(await lint(code, "src/model/x.ts"), [
    "no-restricted-imports",
    "no-restricted-imports",
    "no-restricted-globals",
  ]);
  assert.deepEqual(await lint(code, "src/train/x.ts"), await lint(code, "src/model/x.ts"));
  assert.deepEqual(await lint(code, "src/data/x.ts"), [], "data loading may use Node");
});
