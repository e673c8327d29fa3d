/**
 * The hand-in's page of one notebook (written by execute-notebooks.py from the executed cells, chosen and
 * placed by their tags) holds three parts one after the other, each after an empty marker cell: the answer
 * cells, the main body and the appendix. Here the page's body is cut at those markers.
 */

/** The marker cells' ids, as in execute-notebooks.py (PART_IDS); nbconvert writes id="cell-id=…". */
const PART_IDS = ["bl-part-main", "bl-part-appendix"] as const;

export interface HandInParts {
  /** The outputs of the cells tagged "answer": the question's paragraph in "the answers at a glance". */
  answers: string;
  main: string;
  appendix: string;
  /** MathJax's glyph shapes, shared by every formula of the page (report-math.ts): kept once, wherever the parts go. */
  defs: string;
}

const GLYPH_CACHE = /<svg\b[^>]*\bid="MJX-SVG-global-cache"[\s\S]*$/;

export function splitParts(body: string): HandInParts {
  // The cells sit in one <main>; the parts go to different places of the document, so it is dropped.
  const cache = GLYPH_CACHE.exec(body);
  const defs = cache ? cache[0] : "";
  const cells = (cache ? body.slice(0, cache.index) : body).replace(/<\/?main>/g, "");
  const at = PART_IDS.map((id) => {
    const m = new RegExp(`<div\\b[^>]*\\bid="cell-id=${id}"`).exec(cells);
    if (!m) throw new Error(`the hand-in page has no marker cell "${id}"`);
    return m.index;
  });
  if (!(at[0] < at[1])) throw new Error("the hand-in page's marker cells are out of order");
  return { answers: cells.slice(0, at[0]), main: cells.slice(at[0], at[1]), appendix: cells.slice(at[1]), defs };
}

/** True when a part shows something: text, a picture or a figure, not only empty cell wrappers. */
export function hasContent(part: string): boolean {
  if (/<(img|svg|table|canvas)\b|plotly-graph-div/.test(part)) return true;
  return (
    part
      .replace(/<[^>]*>/g, "")
      .replace(/&nbsp;/g, " ")
      .trim() !== ""
  );
}
