import { type CheckResult, type CheckedName } from "./check-backward";

/*
 * The autograder's test cells: one per factor, each worth its points. nbgrader fails a test cell on an error
 * output (tslab's report of a thrown error), so a cell passes by returning quietly and fails by throwing a
 * message the student can act on. It returns nothing: nbgrader would read a returned value as partial credit.
 */
export function expectFactorRight(result: CheckResult, name: CheckedName): void {
  if (!result || !Array.isArray(result.factors))
    throw new Error("expectFactorRight: pass the result of checkBackward, which must run first");
  const f = result.factors.find((r) => r.name === name);
  if (!f)
    throw new Error(
      `expectFactorRight: the check has no factor "${name}" (${result.factors.map((r) => r.name).join(", ")})`,
    );
  if (f.ok) return;
  const why = f.problem === "wrong values" ? "its values differ from the derivation's" : (f.problem ?? "wrong");
  const lines = [`${f.label} is wrong: ${why}. The derivation has ${f.label} = ${f.equation}.`];
  if (name === result.firstWrong && result.slip) lines.push(`Likely slip: ${result.slip}.`);
  else if (result.firstWrong && name !== result.firstWrong)
    lines.push(
      `The first wrong factor is ${result.factors.find((r) => r.name === result.firstWrong)?.label}; fix that one first.`,
    );
  if (result.error) lines.push(result.error);
  throw new Error(lines.join("\n"));
}
