/**
 * The assignment kit as a course uses it: nbgrader builds the student version from the source notebook,
 * students hand in filled copies, and one `nbgrader autograde` run grades them all with the tslab kernel.
 * The submissions: the reference solution, the untouched student version, two slips of the catalogue in the
 * backward pass (σ for σ′ at the output; W2ᵀ for W2) and one in the update step (a batch's sum for its mean).
 * Expected points come from the assignment's design (one point per factor, judged on its own; one for the
 * step), counted by hand below for each slip.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PYTHON } from "../../scripts/jupyter-env";
import { ASSIGNMENT, COURSE_DIR, buildRelease, nbgrader } from "../../scripts/assignment";
import { CHAIN } from "../../src/model/slips";

interface Cell {
  cell_type: string;
  source: string | string[];
  metadata: { nbgrader?: { grade_id?: string } };
  outputs?: { output_type: string; name?: string; text?: string | string[]; data?: Record<string, unknown> }[];
}
interface Notebook {
  cells: Cell[];
}
const text = (t: unknown): string => [t ?? ""].flat().join("");
const read = (file: string): Notebook => JSON.parse(readFileSync(file, "utf8")) as Notebook;
const cell = (nb: Notebook, id: string): Cell => {
  const c = nb.cells.find((x) => x.metadata.nbgrader?.grade_id === id);
  assert.ok(c, `the notebook has a cell ${id}`);
  return c;
};

/** The instructor's solution of a cell, without the markers: what a student who got it right would write. */
function solution(source: Notebook, id: string): string {
  return text(cell(source, id).source)
    .split("\n")
    .filter((l) => !/(BEGIN|END) SOLUTION/.test(l))
    .join("\n");
}

/** One line of the solution written differently, as a student's slip. */
function slip(code: string, right: string, wrong: string): string {
  assert.ok(code.includes(right), `the solution has the line ${right}`);
  return code.replace(right, wrong);
}

let course = "";
let grades: Record<string, Record<string, number>> = {};
// The kit grades every factor of the chain but ∂E/∂I2, which a student may leave out (checkBackward checks it only
// when it is given).
const factorIds = CHAIN.filter((f) => f !== "dE_dI2");

before(
  () => {
    course = mkdtempSync(path.join(os.tmpdir(), "backprop-course-"));
    cpSync(path.join(COURSE_DIR, "nbgrader_config.py"), path.join(course, "nbgrader_config.py"));
    cpSync(path.join(COURSE_DIR, "source"), path.join(course, "source"), { recursive: true });
    const release = buildRelease(course);
    const source = read(path.join(COURSE_DIR, "source", ASSIGNMENT, `${ASSIGNMENT}.ipynb`));
    const backward = solution(source, "backward");
    const step = solution(source, "step");
    const submissions: Record<string, { backward?: string; step?: string }> = {
      reference: { backward, step },
      unstarted: {},
      "sigma-output": {
        backward: slip(backward, "const dO2_dI2 = each(O2, (o) => o * (1 - o));", "const dO2_dI2 = O2;"),
        step,
      },
      "w2-transposed": { backward: slip(backward, "const dI2_dO1 = p.W2;", "const dI2_dO1 = transpose(p.W2);"), step },
      "sum-not-mean": { backward, step: slip(step, "times(1 / grads.length, ", "times(1, ") },
    };
    for (const [student, code] of Object.entries(submissions)) {
      const nb = read(path.join(release, `${ASSIGNMENT}.ipynb`));
      if (code.backward) cell(nb, "backward").source = code.backward;
      if (code.step) cell(nb, "step").source = code.step;
      const dir = path.join(course, "submitted", student, ASSIGNMENT);
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, `${ASSIGNMENT}.ipynb`), JSON.stringify(nb));
    }
    const r = nbgrader(course, ["autograde", ASSIGNMENT]);
    assert.equal(r.status, 0, `nbgrader autograde failed:\n${r.output}`);
    // Every test cell's score, read from the gradebook nbgrader keeps.
    const q = spawnSync(
      PYTHON,
      [
        "-c",
        [
          "import json, sys",
          "from nbgrader.api import Gradebook",
          "out = {}",
          "with Gradebook('sqlite:///' + sys.argv[1]) as gb:",
          "    for s in gb.students:",
          "        nb = gb.find_submission_notebook(sys.argv[2], sys.argv[2], s.id)",
          "        out[s.id] = {g.name: g.score for g in nb.grades}",
          "print(json.dumps(out))",
        ].join("\n"),
        path.join(course, "gradebook.db"),
        ASSIGNMENT,
      ],
      { encoding: "utf8" },
    );
    assert.equal(q.status, 0, q.stderr);
    grades = JSON.parse(q.stdout) as typeof grades;
  },
  { timeout: 600_000 },
);
after(() => {
  if (course) rmSync(course, { recursive: true, force: true });
});

const total = (student: string): number => Object.values(grades[student] ?? {}).reduce((a, b) => a + b, 0);
const failed = (student: string): string[] =>
  Object.entries(grades[student] ?? {})
    .filter(([, score]) => score === 0)
    .map(([id]) => id.replace(/^test_/, ""));
const checkOutput = (student: string): string => {
  const nb = read(path.join(course, "autograded", student, ASSIGNMENT, `${ASSIGNMENT}.ipynb`));
  return (cell(nb, "check").outputs ?? []).map((o) => text(o.data?.["text/plain"] ?? o.text)).join("\n");
};

test("the student version keeps the tests and replaces each solution by the TypeScript stub", () => {
  const release = read(path.join(course, "release", ASSIGNMENT, `${ASSIGNMENT}.ipynb`));
  for (const id of ["backward", "step"]) {
    const src = text(cell(release, id).source);
    assert.match(src, /\/\/ YOUR CODE HERE\n\s*throw new Error\("not implemented"\);/);
    assert.doesNotMatch(src, /SOLUTION|dE_dO2 =|lr \*/);
  }
  for (const id of [...factorIds, "step"]) assert.ok(cell(release, `test_${id}`));
});

test("the reference solution gets full marks, the untouched student version none", () => {
  assert.equal(total("reference"), 12, JSON.stringify(grades.reference));
  assert.match(checkOutput("reference"), /All 12 factors right/);
  assert.equal(total("unstarted"), 0, JSON.stringify(grades.unstarted));
  assert.match(checkOutput("unstarted"), /studentBackward threw at n = 3, h = 2: not implemented/);
});

test("σ for σ′ at the output: ∂O2/∂I2 named first, the slip suggested, 6 of 12 points", () => {
  // Wrong: ∂O2/∂I2 and everything computed from it (∂E/∂W2, ∂E/∂B2, α, ∂E/∂W1, ∂E/∂B1). The step, built on
  // the student's own gradients, is right.
  assert.deepEqual(failed("sigma-output").sort(), ["alpha", "dE_dB1", "dE_dB2", "dE_dW1", "dE_dW2", "dO2_dI2"]);
  assert.equal(total("sigma-output"), 6);
  const out = checkOutput("sigma-output");
  assert.match(out, /First wrong factor: ∂O2\/∂I2 \(dO2_dI2\)/);
  assert.match(out, /Likely slip: σ is used where its derivative σ′ belongs \(output layer\)/);
});

test("W2ᵀ for W2: ∂I2/∂O1 named first (from the square network), the slip suggested, 7 of 12 points", () => {
  // At n = 3, h = 2 the student's code breaks (W2ᵀ is 3×2, and α then has three rows where σ′(I1) has two),
  // so that run throws and the step, built on it, fails too; on the square network it runs and shows wrong
  // values in ∂I2/∂O1 and in α, ∂E/∂W1, ∂E/∂B1, which are computed from it.
  assert.deepEqual(failed("w2-transposed").sort(), ["alpha", "dE_dB1", "dE_dW1", "dI2_dO1", "step"]);
  assert.equal(total("w2-transposed"), 7);
  const out = checkOutput("w2-transposed");
  assert.match(out, /First wrong factor: ∂I2\/∂O1 \(dI2_dO1\), which should be W2/);
  assert.match(out, /Likely slip: W2ᵀ is used where W2 belongs/);
  assert.match(out, /studentBackward threw at n = 3, h = 2/);
});

test("a batch's sum for its mean: every factor right, the step named with its slip, 11 of 12 points", () => {
  assert.deepEqual(failed("sum-not-mean"), ["step"]);
  assert.equal(total("sum-not-mean"), 11);
  assert.match(checkOutput("sum-not-mean"), /Likely slip: a batch's gradient is the sum of the per-sample gradients/);
});
