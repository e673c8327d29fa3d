/**
 * inertMarkdown must give a code span that CommonMark reads back as exactly the text, whatever backticks and
 * spaces it holds; inertHtml must leave no character that starts markup or ends an attribute.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { inertHtml, inertMarkdown } from "../src/format/inert";

/**
 * A code span read as CommonMark's spec says (section 6.1): an opening run of n backticks, content up to the
 * first run of exactly n backticks, that run at the end of the string; line endings become spaces, and one
 * space is stripped from each side when both sides have one and the content is not all spaces.
 */
function readCodeSpan(span: string): string | null {
  const open = /^`+/.exec(span)?.[0];
  if (!open) return null;
  const n = open.length;
  const rest = span.slice(n);
  for (const m of rest.matchAll(/`+/g)) {
    if (m[0].length !== n) continue;
    const at = m.index ?? 0;
    if (at + n !== rest.length) return null; // the span closes before the end: the rest is outside it
    let content = rest.slice(0, at).replace(/\r\n|\r|\n/g, " ");
    if (content.startsWith(" ") && content.endsWith(" ") && content.trim() !== "") content = content.slice(1, -1);
    return content;
  }
  return null;
}

test("inertMarkdown: the hostile names from the issue read back as themselves, in one span", () => {
  for (const name of [
    "x`<img src=x onerror=alert(7)>`y",
    "</code><script>alert(1)</script>",
    "``double`` and `single`",
    "`starts",
    "ends`",
    " both ",
    "[link](javascript:alert(1))",
    "$E = mc^2$",
  ]) {
    const span = inertMarkdown(name);
    assert.equal(readCodeSpan(span), name, `${name} → ${span}`);
  }
});

test("inertMarkdown: any text (backticks, spaces, angle brackets) reads back as itself, line breaks as spaces", () => {
  const alphabet = fc.constantFrom("`", " ", "<", ">", "a", "\n", "$", "\\", "*", "_");
  fc.assert(
    fc.property(fc.array(alphabet, { minLength: 1, maxLength: 30 }), (chars) => {
      const text = chars.join("");
      assert.equal(readCodeSpan(inertMarkdown(text)), text.replace(/\n/g, " "));
    }),
    { numRuns: 2000 },
  );
});

test("inertMarkdown: an empty name is still a span (one space), not two backticks that read as text", () => {
  assert.equal(readCodeSpan(inertMarkdown("")), " ");
});

test("inertHtml: no <, >, quote or unescaped & survives", () => {
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom("<", ">", '"', "'", "&", "a", "/") }), (text) => {
      const out = inertHtml(text);
      assert.doesNotMatch(out, /[<>"']|&(?!amp;|lt;|gt;|quot;|#39;)/);
      const back = out
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, "&");
      assert.equal(back, text);
    }),
  );
});
