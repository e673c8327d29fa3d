import { test } from "node:test";
import assert from "node:assert/strict";
import { type EmbeddedRun } from "../src/replay/embedded-run";
import { type RetrainSettings, parseSettings, readHash, runSettings, writeHash } from "../src/replay/page-settings";

const notebook: RetrainSettings = { method: "backprop", epochs: 300, lr: 0.1, batchSize: 1, seed: 0, hidden: 2 };
const run = { ...notebook } as unknown as EmbeddedRun; // only the settings' fields are read

test("parseSettings reads every field and keeps the fallback for fields not given", () => {
  const { settings, errors } = parseSettings({ lr: " 0.5 ", epochs: "40", method: "autograd" }, notebook, 120);
  assert.deepEqual(errors, {});
  assert.deepEqual(settings, { ...notebook, lr: 0.5, epochs: 40, method: "autograd" });
});

test("parseSettings refuses what the trainer or the page cannot take, field by field, and keeps the fallback there", () => {
  const { settings, errors } = parseSettings(
    { lr: "0", epochs: "2.5", seed: "-1", hidden: "17", batchSize: "121", method: "tfjs" },
    notebook,
    120,
  );
  assert.deepEqual(settings, notebook);
  assert.deepEqual(Object.keys(errors).sort(), ["batchSize", "epochs", "hidden", "lr", "method", "seed"]);
  assert.equal(errors.batchSize, "a whole number from 1 to 120");
  assert.equal(parseSettings({ lr: "" }, notebook, 120).errors.lr, "a positive number");
  assert.equal(parseSettings({ lr: "Infinity" }, notebook, 120).errors.lr, "a positive number");
  assert.deepEqual(parseSettings({ epochs: "0", batchSize: "120" }, notebook, 120).errors, {}, "the limits themselves");
});

test("the hash keeps only what differs from the notebook, per figure, and leaves other entries alone", () => {
  const changed = { ...notebook, lr: 0.5, seed: 3 };
  const hash = writeHash("#other.lr=9&intro", "blfig-a", changed, run);
  const params = new URLSearchParams(hash.slice(1));
  assert.equal(params.get("blfig-a.lr"), "0.5");
  assert.equal(params.get("blfig-a.seed"), "3");
  assert.equal(params.get("other.lr"), "9");
  assert.equal(params.has("intro"), true);
  assert.equal(params.has("blfig-a.epochs"), false);
  assert.deepEqual(readHash(hash, "blfig-a"), { lr: "0.5", seed: "3" });
  assert.deepEqual(readHash(hash, "blfig-b"), {});
  assert.equal(writeHash(`#blfig-a.lr=0.5`, "blfig-a", runSettings(run), run), "", "back to the notebook's: empty");
});
