import { escapeHtml } from "../format/escape";

export interface SvgOptions {
  /** Text for readers and tools that cannot show the picture (default "diagram"). */
  alt?: string;
  /** Tallest the picture is drawn, in CSS px; taller ones shrink, keeping their proportions (default 900, under an A4 page). */
  maxHeight?: number;
}

/**
 * An SVG picture as an <img> with a data: URI, inside text/html. Not as an image/svg+xml output, because
 * Debian's nbconvert 6.5 passes SVG outputs through lxml's clean_html, which deletes every shape and
 * leaves an empty box (a blank page in the PDF). As an image the SVG also cannot collide with the page's
 * ids and styles, and it shrinks to fit both the width and one printed page.
 */
export function svgHtml(svg: string, options: SvgOptions = {}): string {
  const start = svg.search(/<svg[\s>]/i);
  if (start < 0) throw new Error("svgHtml: the text contains no <svg> element");
  const maxHeight = options.maxHeight ?? 900;
  if (!(maxHeight > 0)) throw new Error(`svgHtml: maxHeight must be a positive number of px, got ${maxHeight}`);
  // The XML prolog and doctype before <svg> are dropped; an SVG image needs its namespace to render.
  let body = svg.slice(start);
  if (!/^<svg[^>]*\sxmlns=/i.test(body)) body = body.replace(/^<svg/i, '<svg xmlns="http://www.w3.org/2000/svg"');
  const src = `data:image/svg+xml;base64,${Buffer.from(body, "utf8").toString("base64")}`;
  return (
    `<img class="backprop-lab-svg" alt="${escapeHtml(options.alt ?? "diagram")}" ` +
    `style="display:block;max-width:100%;max-height:${maxHeight}px;width:auto;height:auto" src="${src}">`
  );
}
