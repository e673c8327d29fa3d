/**
 * The one way a message quotes text the user supplied (a header name, a flag, a command, a file name):
 * control characters are written as escapes, so an ESC sequence in a CSV header cannot clear the
 * terminal or fake output and a CR cannot overwrite the line, and long text is shortened (to
 * QUOTE_MAX_CHARS, the last one an ellipsis) so that a 700 KB header is not echoed whole.
 */
export const QUOTE_MAX_CHARS = 60;

/** The text escaped, shortened and in double quotes: `"sepal_length"`, `"\e[2J…"`. */
export function quote(text: string, max = QUOTE_MAX_CHARS): string {
  return `"${quoteBare(text, max)}"`;
}

/** The same without the double quotes, for a file name or a flag value inside a sentence. */
export function quoteBare(text: string, max = QUOTE_MAX_CHARS): string {
  let out = "";
  for (const c of text) {
    const piece = escapeControl(c);
    if (out.length + piece.length > max - 1 && out.length + piece.length < text.length) {
      // Room is left for the ellipsis unless the rest fits exactly.
      return out + "…";
    }
    out += piece;
  }
  return out;
}

/**
 * A file name inside a message: escaped like any user text, but shortened only beyond 200 characters,
 * since the folder part is often what tells two files apart.
 */
export function quotePath(file: string): string {
  return quoteBare(file, 200);
}

/**
 * C0 and C1 controls, DEL, the Unicode line and paragraph separators and the bidirectional overrides
 * (which reorder what a terminal shows) become \n, \r, \t, \e or \u{…}; anything else stays as it is.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /^[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]$/;

function escapeControl(c: string): string {
  if (!CONTROL.test(c)) return c;
  if (c === "\n") return "\\n";
  if (c === "\r") return "\\r";
  if (c === "\t") return "\\t";
  if (c === "\x1b") return "\\e";
  return `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}`;
}
