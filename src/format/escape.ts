/** Text made safe to put between HTML (or XML) tags or in a double-quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * JSON made safe to put inside a <script> element: every "<" becomes \u003c, so no "</script>" or
 * "<!--" in the data can end or confuse the element. U+2028/U+2029 are escaped for older JS parsers.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
