import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { readParameters, checkParameters, ParameterError } from "../src/notebook/parameters";

const SHIPPED = path.join(__dirname, "..", "notebooks", "parameters.json");
const shipped = (): Record<string, Record<string, unknown>> => JSON.parse(readFileSync(SHIPPED, "utf8"));

test("the shipped parameters file is valid and describes the assignment's 3-2-3 network", () => {
  const p = readParameters(SHIPPED);
  assert.equal(p.data.columns.length, 3);
  assert.equal(p.network.hidden, 2);
  assert.equal(p.derivation.x.length, p.data.columns.length);
});

test("a value out of range is named with its section, its expectation and the value given", () => {
  const bad = shipped();
  bad.training.lr = -1;
  assert.throws(
    () => checkParameters(bad, "p.json"),
    (e: Error) => {
      assert.ok(e instanceof ParameterError);
      assert.equal(e.message, 'p.json: "training.lr" must be a number greater than 0, not -1');
      return true;
    },
  );
  const seed = shipped();
  seed.training.seed = 1.5;
  assert.throws(() => checkParameters(seed), /"training\.seed" must be a whole number from 0 to 4294967295, not 1\.5/);
  const x = shipped();
  x.derivation.x = [0.2, 1.4];
  assert.throws(() => checkParameters(x), /"derivation\.x" must be a non-empty list of numbers from 0 to 1/);
});

test("a misspelt or missing parameter is refused by name, so a typo cannot silently fall back to a default", () => {
  const typo = shipped();
  typo.training.learningRate = 0.2;
  assert.throws(
    () => checkParameters(typo),
    /unknown parameter "training\.learningRate" \(the parameters of "training" are epochs, lr, batchSize, seed\)/,
  );
  const missing = shipped();
  delete missing.network.hidden;
  assert.throws(() => checkParameters(missing), /the parameter "network\.hidden" is missing/);
  const section = shipped();
  section.trainig = {};
  assert.throws(() => checkParameters(section), /unknown section "trainig"/);
});

test("the file is read with a BOM tolerated, and a broken or missing file gives one line naming it", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "params-"));
  const withBom = path.join(dir, "bom.json");
  writeFileSync(withBom, "\uFEFF" + readFileSync(SHIPPED, "utf8"));
  assert.equal(readParameters(withBom).network.hidden, 2);
  const broken = path.join(dir, "broken.json");
  writeFileSync(broken, '{ "data": ');
  assert.throws(
    () => readParameters(broken),
    (e: Error) => e instanceof ParameterError && e.message.startsWith(`${broken} is not valid JSON`),
  );
  assert.throws(() => readParameters(path.join(dir, "none.json")), /none\.json: file not found/);
  assert.throws(() => readParameters(dir), /is a directory/);
});

test("the settings of notebooks 4 and 5's mechanism and floor experiments are checked like the others", () => {
  const p = readParameters(SHIPPED);
  assert.ok(p.comparison.miniBatch >= 1 && p.comparison.slips.length > 0 && p.comparison.adamLr > 0);
  assert.ok(p.baselines.longEpochs > p.baselines.epochs, "the long run continues past the notebook's own epochs");
  const bad = shipped();
  bad.comparison.miniBatch = 0;
  assert.throws(() => checkParameters(bad), /"comparison\.miniBatch" must be a whole number of at least 1, not 0/);
  const slips = shipped();
  slips.comparison.slips = [];
  assert.throws(() => checkParameters(slips), /"comparison\.slips" must be a non-empty list of strings/);
  const seeds = shipped();
  seeds.baselines.floorSeeds = [-1];
  assert.throws(() => checkParameters(seeds), /"baselines\.floorSeeds" must be a non-empty list of whole numbers/);
});
