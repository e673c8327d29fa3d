import { type CheckResult, type CheckedName } from "./check-backward";

/*
 * The autograder's test cells: one per factor, each worth its points. nbgrader fails a test cell that has an
 * error output or anything on stderr. A failed factor is therefore reported on stderr, as a message the
 * student can act on, and not thrown: tslab prints a thrown error with a stack trace into the library, and for
 * 200 ms after an error it aborts the next request, which would leave the next test cell without output and
 * so with full marks. The cell returns nothing: nbgrader would read a returned number as partial credit.
 */

/** Why a factor of the check is wrong, in words for the student; null when it is right. */
export function factorMessage(result: CheckResult, name: CheckedName): string | null {
  if (!result || !Array.isArray(result.factors))
    throw new Error("expectFactorRight: pass the result of checkBackward, which must run first");
  const f = result.factors.find((r) => r.name === name);
  if (!f)
    throw new Error(
      `expectFactorRight: the check has no factor "${name}" (${result.factors.map((r) => r.name).join(", ")})`,
    );
  if (f.ok) return null;
  const why = f.problem === "wrong values" ? "its values differ from the derivation's" : (f.problem ?? "wrong");
  const lines = [`${f.label} is wrong: ${why}. The derivation has ${f.label} = ${f.equation}.`];
  if (name === result.firstWrong && result.slip) lines.push(`Likely slip: ${result.slip}.`);
  else if (result.firstWrong && name !== result.firstWrong)
    lines.push(
      `The first wrong factor is ${result.factors.find((r) => r.name === result.firstWrong)?.label}; fix that one first.`,
    );
  if (result.error) lines.push(result.error);
  return lines.join("\n");
}

/** A test cell: silent when the factor is right, its message on stderr when it is wrong. */
export function expectFactorRight(result: CheckResult, name: CheckedName): void {
  const message = factorMessage(result, name);
  if (message !== null) process.stderr.write(`${message}\n`);
}
