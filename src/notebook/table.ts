import { formatCount, formatNumber } from "../format/number";
import { escapeHtml } from "../format/escape";

/**
 * What tableHtml accepts: an array of records, or anything shaped like a danfojs DataFrame or Series
 * (columns, values, index). Typed structurally, so this module does not load danfojs (0.6 s).
 */
export type TableLike = readonly Readonly<Record<string, unknown>>[] | FrameLike;

export interface FrameLike {
  readonly columns: readonly string[];
  /** Rows of cells (DataFrame) or one cell per row (Series). */
  readonly values: readonly unknown[];
  readonly index?: readonly (string | number)[];
}

export interface TableOptions {
  /** Significant digits for non-integer numbers (default 4). */
  digits?: number;
  /** Rows shown before the rest is summarised as "… N more rows" (default 20). */
  maxRows?: number;
  caption?: string;
}

/** An HTML table with every cell escaped; numbers right-aligned and rounded for reading. */
export function tableHtml(table: TableLike, options: TableOptions = {}): string {
  const digits = options.digits ?? 4;
  const maxRows = options.maxRows ?? 20;
  if (!Number.isInteger(digits) || digits < 1 || digits > 17)
    throw new Error(`tableHtml: digits must be an integer from 1 to 17, got ${digits}`);
  const { columns, rows, index } = normalize(table);
  const shown = rows.slice(0, maxRows);
  const cell = (v: unknown, tag: "td" | "th" = "td"): string => {
    const numeric = typeof v === "number";
    const style = numeric ? ' style="text-align:right"' : ' style="text-align:left"';
    return `<${tag}${style}>${escapeHtml(formatCell(v, digits))}</${tag}>`;
  };
  const head = (index ? ["<th></th>"] : []).concat(columns.map((c) => `<th>${escapeHtml(c)}</th>`)).join("");
  const body = shown
    .map((r, i) => `<tr>${index ? cell(index[i], "th") : ""}${r.map((v) => cell(v)).join("")}</tr>`)
    .join("");
  const more =
    rows.length > shown.length
      ? `<tr><td colspan="${columns.length + (index ? 1 : 0)}">… ${rows.length - shown.length} more rows ` +
        `(${rows.length} in all)</td></tr>`
      : "";
  const caption = options.caption ? `<caption>${escapeHtml(options.caption)}</caption>` : "";
  return (
    '<table class="backprop-lab-table" style="border-collapse:collapse;font-variant-numeric:tabular-nums">' +
    `${caption}<thead><tr>${head}</tr></thead><tbody>${body}${more}</tbody></table>`
  );
}

function normalize(table: TableLike): { columns: string[]; rows: unknown[][]; index: (string | number)[] | null } {
  if (Array.isArray(table)) {
    const records = table as readonly Readonly<Record<string, unknown>>[];
    const columns: string[] = [];
    for (const r of records) for (const k of Object.keys(r)) if (!columns.includes(k)) columns.push(k);
    return { columns, rows: records.map((r) => columns.map((c) => r[c])), index: null };
  }
  const frame = table as FrameLike;
  const rows = frame.values.map((v) => (Array.isArray(v) ? [...(v as unknown[])] : [v]));
  rows.forEach((r, i) => {
    if (r.length !== frame.columns.length)
      throw new Error(`tableHtml: row ${i} has ${r.length} cells but there are ${frame.columns.length} columns`);
  });
  const index = frame.index ? [...frame.index] : null;
  // A default 0, 1, 2, … index says nothing; a named one (describe()'s count, mean, …) is shown.
  const trivial = !index || index.every((v, i) => v === i);
  return { columns: [...frame.columns], rows, index: trivial ? null : index };
}

function formatCell(v: unknown, digits: number): string {
  if (typeof v === "number") {
    // Counts as counts (150, 1,000); everything else with exactly `digits` significant digits, the
    // project's one number format (a table asked for 6 digits shows 6, small values as 1.2 × 10⁻⁵).
    if (Number.isInteger(v) && Math.abs(v) < 1e15) return formatCount(v);
    return formatNumber(v, digits);
  }
  if (v === null || v === undefined) return "";
  if (typeof v === "string") return v;
  return JSON.stringify(v) ?? String(v);
}
