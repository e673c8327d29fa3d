/**
 * The control panel's elements: a labelled <input> or <select> per setting, each with its own error line
 * (aria-describedby), two buttons, and live regions (role="status") that screen readers announce.
 */
import { MAX_SEED, type SettingName } from "../replay/page-settings";
import { MAX_EPOCHS, MAX_HIDDEN, PAGE_METHODS } from "../replay/embedded-run";

export interface Panel {
  root: HTMLElement;
  fields: Record<SettingName, HTMLInputElement | HTMLSelectElement>;
  errors: Record<SettingName, HTMLElement>;
  reset: HTMLButtonElement;
  check: HTMLButtonElement;
  status: HTMLElement;
  checkResult: HTMLElement;
}

interface FieldSpec {
  name: SettingName;
  label: string;
  attributes: Record<string, string>;
}

export function buildPanel(doc: Document, figureId: string, trainRows: number): Panel {
  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, className?: string): HTMLElementTagNameMap[K] => {
    const e = doc.createElement(tag);
    if (className) e.className = className;
    return e;
  };
  const specs: FieldSpec[] = [
    {
      name: "lr",
      label: "learning rate η",
      attributes: { type: "number", min: "0", step: "any", inputmode: "decimal" },
    },
    { name: "epochs", label: "epochs", attributes: { type: "number", min: "0", max: String(MAX_EPOCHS), step: "1" } },
    { name: "seed", label: "seed", attributes: { type: "number", min: "0", max: String(MAX_SEED), step: "1" } },
    {
      name: "hidden",
      label: "hidden units",
      attributes: { type: "number", min: "1", max: String(MAX_HIDDEN), step: "1" },
    },
    {
      name: "batchSize",
      label: "batch size",
      attributes: { type: "number", min: "1", max: String(trainRows), step: "1" },
    },
    { name: "method", label: "method", attributes: {} },
  ];
  const root = el("div", "bl-live-panel");
  root.setAttribute("role", "group");
  const heading = el("h3");
  heading.id = `${figureId}-live-heading`;
  heading.textContent = "Retrain this figure in your browser";
  root.setAttribute("aria-labelledby", heading.id);
  root.append(heading);
  const row = el("div", "bl-live-fields");
  const fields = {} as Panel["fields"];
  const errors = {} as Panel["errors"];
  for (const spec of specs) {
    const id = `${figureId}-live-${spec.name}`;
    const wrap = el("div", "bl-live-field");
    const label = el("label");
    label.htmlFor = id;
    label.textContent = spec.label;
    let field: HTMLInputElement | HTMLSelectElement;
    if (spec.name === "method") {
      const select = el("select");
      for (const m of PAGE_METHODS) select.add(new Option(m, m));
      field = select;
    } else {
      const input = el("input");
      for (const [k, v] of Object.entries(spec.attributes)) input.setAttribute(k, v);
      field = input;
    }
    field.id = id;
    field.name = spec.name;
    const error = el("span", "bl-live-error");
    error.id = `${id}-error`;
    field.setAttribute("aria-describedby", error.id);
    wrap.append(label, field, error);
    row.append(wrap);
    fields[spec.name] = field;
    errors[spec.name] = error;
  }
  const actions = el("div", "bl-live-actions");
  const reset = el("button");
  reset.type = "button";
  reset.textContent = "Back to the notebook's settings";
  const check = el("button");
  check.type = "button";
  check.textContent = "Check these numbers";
  check.title = "Train the notebook's configuration again here and compare every epoch's errors, bit for bit";
  actions.append(reset, check);
  const status = el("p", "bl-live-status");
  status.setAttribute("role", "status");
  const checkResult = el("p", "bl-live-check");
  checkResult.setAttribute("role", "status");
  const note = el("p", "bl-live-note");
  note.textContent =
    "Training runs in this page with the project's own code. The training and test rows and their scaling are the " +
    "notebook's; the seed draws the initial weights and the order of the samples.";
  root.append(row, actions, status, checkResult, note);
  return { root, fields, errors, reset, check, status, checkResult };
}
