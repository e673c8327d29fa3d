/**
 * Text from outside the program (a data file's name, a column's name, a label, a parameter) made inert where
 * it meets markup: shown as itself, never read as Markdown or HTML. Every such name that a notebook or the
 * library writes into Markdown goes through inertMarkdown, into HTML through inertHtml.
 */
import { escapeHtml } from "./escape";

/**
 * The text as a CommonMark code span: fenced by a run of backticks longer than any run inside it, so no
 * backtick in the text can close the span (a name like x`<img onerror=…>` stays one span, and a Markdown
 * renderer escapes its HTML). A space pads the text inside the fence when it starts or ends with a backtick
 * (which would otherwise join the fence) or both starts and ends with a space (which CommonMark would strip);
 * the renderer removes exactly that padding. Line breaks become spaces, as a code span would show them.
 */
export function inertMarkdown(text: string): string {
  const flat = text.replace(/\r\n|\r|\n/g, " ");
  if (flat === "") return "` `";
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad =
    flat.startsWith("`") || flat.endsWith("`") || (flat.startsWith(" ") && flat.endsWith(" ") && flat.trim() !== "")
      ? " "
      : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** The text escaped for HTML, between tags or inside a quoted attribute (either quote). */
export function inertHtml(text: string): string {
  return escapeHtml(text).replace(/'/g, "&#39;");
}
