import { escapeHtml } from "../format/escape";
import {
  type CheckOptions,
  type CheckResult,
  type StudentBackward,
  checkBackward as check,
} from "../derivation/check-backward";
import { checkRows, checkText, checkVerdict } from "../derivation/check-report";
import { tableHtml } from "./table";
import { displayAvailable, sendDisplayData } from "./tslab-bridge";

/**
 * checkBackward for a notebook: the check of derivation/check-backward.ts, shown as a table with one line per
 * factor (the first wrong one marked) and the verdict, then returned for a test cell to read. Outside a
 * kernel (a script, a unit test) it only returns the result.
 */
export function checkBackward(studentBackward: StudentBackward, options: CheckOptions = {}): CheckResult {
  const result = check(studentBackward, options);
  if (displayAvailable()) sendDisplayData(checkBundle(result));
  return result;
}

/** The output: an HTML table and verdict, and the same as text for front ends without HTML (and nbgrader's logs). */
export function checkBundle(result: CheckResult): Record<string, string> {
  const verdict = checkVerdict(result)
    .split("\n")
    .map((l) => `<p>${escapeHtml(l)}</p>`)
    .join("");
  const marked = result.factors.findIndex((f) => f.name === result.firstWrong);
  let html = tableHtml(checkRows(result), { maxRows: 100 });
  // The first wrong factor's row, highlighted: the table helper escapes cells, so the mark is added to the row.
  if (marked >= 0) {
    let seen = -1;
    html = html.replace(/<tr>/g, (tr) => (seen++ === marked ? '<tr style="background:#fde2e1;font-weight:bold">' : tr));
  }
  return {
    "text/plain": checkText(result),
    "text/html": `<div class="backprop-lab-check">${html}${verdict}</div>`,
  };
}
