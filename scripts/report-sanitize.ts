/**
 * Sanitises an exported notebook page as an untrusted notebook's outputs would be: a notebook's outputs and
 * Markdown carry text from its data (file names, column names, labels), and a TA opens the report of a student
 * who may have downloaded that data from anywhere. Parsed with parse5, the HTML parser of the standard (so it
 * sees the page exactly as the browser will), then:
 *   - every <script> goes, except the project's own figure scripts (figureScript, rebuilt from their own data
 *     and compared character for character);
 *   - elements that load or run something else go: frames, objects, <base>, <template>, SVG animation (which
 *     can set an href), <meta http-equiv>, links other than style sheets and icons;
 *   - every on… attribute goes, and every URL attribute whose scheme is not http, https, mailto (links) or
 *     data:image (pictures): javascript:, vbscript:, data:text/html, file: and the rest.
 * What is left is shown as it was: text, tables, styles, typeset maths, pictures. The page's Content-Security-
 * Policy (report-csp.ts) is the second line: whatever this pass missed still cannot run.
 */
import { type DefaultTreeAdapterMap, parse, serialize } from "parse5";
import { figureScript } from "../src/notebook/plotly-html";

type Node = DefaultTreeAdapterMap["node"];
type Element = DefaultTreeAdapterMap["element"];
type ParentNode = DefaultTreeAdapterMap["parentNode"];

export interface SanitizedPage {
  html: string;
  /** Figure scripts kept. */
  figures: number;
  /** What was taken out, e.g. "<script>", "onerror=", "href=javascript:", once per kind. */
  removed: string[];
}

const DROPPED_ELEMENTS = new Set([
  "iframe",
  "frame",
  "frameset",
  "object",
  "embed",
  "applet",
  "base",
  "template",
  "portal",
  "noembed",
  "noframes",
  "animate",
  "animatemotion",
  "animatetransform",
  "set",
]);

/** Attributes holding a URL the browser may follow or load. */
const URL_ATTRIBUTES = new Set([
  "href",
  "src",
  "action",
  "formaction",
  "data",
  "poster",
  "background",
  "cite",
  "ping",
  "srcset",
]);

export function sanitizePage(html: string): SanitizedPage {
  // Serialised HTML can parse into a different tree (mutation XSS: <svg><style>, <math><mtext><table>…), so the
  // pass repeats on its own output until that no longer changes.
  let result = sanitizeOnce(html);
  const removed = new Set(result.removed);
  for (let pass = 1; pass < 8; pass++) {
    const again = sanitizeOnce(result.html);
    again.removed.forEach((r) => removed.add(r));
    if (again.html === result.html) return { ...again, removed: [...removed] };
    result = again;
  }
  throw new Error("the page's HTML does not settle when sanitised");
}

function sanitizeOnce(html: string): SanitizedPage {
  const doc = parse(html);
  const removed = new Set<string>();
  let figures = 0;

  const visit = (parent: ParentNode): void => {
    parent.childNodes = parent.childNodes.filter((node: Node) => {
      if (!("tagName" in node)) return true;
      const tag = node.tagName.toLowerCase();
      if (tag === "script") {
        if (isFigureScript(node)) {
          figures++;
          return true;
        }
        removed.add("<script>");
        return false;
      }
      if (DROPPED_ELEMENTS.has(tag) || droppedMeta(node) || droppedLink(node)) {
        removed.add(`<${tag}>`);
        return false;
      }
      node.attrs = node.attrs.filter((a) => {
        const name = a.name.toLowerCase();
        if (name.startsWith("on")) {
          removed.add(`${name}=`);
          return false;
        }
        if (name === "srcdoc" || name === "srcset") {
          removed.add(`${name}=`);
          return false;
        }
        if (URL_ATTRIBUTES.has(name) && !allowedUrl(tag, name, a.value)) {
          removed.add(`${name}=${scheme(a.value) ?? "?"}:`);
          return false;
        }
        return true;
      });
      visit(node);
      return true;
    });
  };
  visit(doc);
  return { html: serialize(doc), figures, removed: [...removed] };
}

/** An inline script that is exactly the figure script figureScript() makes from the figure data it holds. */
function isFigureScript(el: Element): boolean {
  if (el.attrs.length > 0) return false;
  const text = el.childNodes.map((n) => ("value" in n && n.nodeName === "#text" ? n.value : "")).join("");
  const m =
    /^\(function\(\)\{var fig=([\s\S]*),t0=Date\.now\(\);function draw\(\)\{var el=document\.getElementById\(("[A-Za-z][\w-]*")\);/.exec(
      text,
    );
  if (!m) return false;
  try {
    return text === figureScript(JSON.parse(m[1]), JSON.parse(m[2]) as string);
  } catch {
    return false; // not JSON: code around the data
  }
}

function attr(el: Element, name: string): string | undefined {
  return el.attrs.find((a) => a.name.toLowerCase() === name)?.value;
}

function droppedMeta(el: Element): boolean {
  return el.tagName === "meta" && attr(el, "http-equiv") !== undefined;
}

function droppedLink(el: Element): boolean {
  if (el.tagName !== "link") return false;
  const rel = (attr(el, "rel") ?? "").toLowerCase().split(/\s+/);
  return !rel.every((r) => r === "stylesheet" || r === "icon");
}

/** The URL's scheme, lower case, as the browser reads it (it ignores ASCII whitespace and controls inside). */
function scheme(url: string): string | null {
  // eslint-disable-next-line no-control-regex
  const m = /^([a-z][a-z0-9+.-]*):/i.exec(url.replace(/[\u0000-\u0020\u007f]/g, ""));
  return m ? m[1].toLowerCase() : null;
}

function allowedUrl(tag: string, name: string, url: string): boolean {
  const s = scheme(url);
  if (s === null) return true; // relative: a file in the report folder, or an anchor on the page
  // Web addresses stay: the report's offline check names a page that loads one (report.ts).
  if (s === "http" || s === "https") return true;
  if (s === "mailto") return name === "href";
  if (s === "data") {
    const picture = (tag === "img" && name === "src") || (tag === "image" && name === "href");
    // eslint-disable-next-line no-control-regex
    return picture && /^data:image\/(png|jpeg|gif|webp|svg\+xml)[;,]/i.test(url.replace(/[\u0000-\u0020]/g, ""));
  }
  return false;
}
