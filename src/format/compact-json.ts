/**
 * JSON indented by two spaces, except that an array or object holding only numbers, strings, booleans
 * or null stays on one line: a weight row, a bias vector or a history entry reads as one line, and a
 * 1000-epoch run file has 1000 history lines instead of 6000.
 */
export function compactJson(value: unknown, indent = ""): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  const inner = indent + "  ";
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    if (value.every(isFlat)) return `[${value.map((v) => JSON.stringify(v)).join(", ")}]`;
    return `[\n${value.map((v) => inner + compactJson(v, inner)).join(",\n")}\n${indent}]`;
  }
  // JSON.stringify drops undefined fields; so does this.
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return "{}";
  if (entries.every(([, v]) => isFlat(v))) {
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(", ")}}`;
  }
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${compactJson(v, inner)}`).join(",\n")}\n${indent}}`;
}

function isFlat(v: unknown): boolean {
  return v === null || typeof v !== "object";
}
