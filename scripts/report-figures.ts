/**
 * Static images for the executed notebooks. Every plotly figure output (found by its div id in text/html)
 * gets the figure as `image/svg+xml` in its output bundle, and the same picture as an <img> inside its
 * text/html in place of the "not drawn" note. So the figure shows wherever scripts do not run: an untrusted
 * notebook (JupyterLab and the classic Notebook pick the sanitised text/html before any image), GitHub,
 * nbviewer. Where plotly.js is present the figure's script replaces the picture with the interactive plot,
 * and JupyterLab's plotly extension renders `application/vnd.plotly.v1+json` when a bundle has it.
 */
import { readFileSync, writeFileSync } from "node:fs";

interface Output {
  output_type: string;
  data?: Record<string, string | string[] | object>;
  metadata?: Record<string, unknown>;
}

interface Notebook {
  cells: { outputs?: Output[] }[];
}

/** Adds the images to one notebook file in place; returns how many figures got one. */
export function addStaticFigures(file: string, svgs: ReadonlyMap<string, string>): number {
  const nb = JSON.parse(readFileSync(file, "utf8")) as Notebook;
  let added = 0;
  for (const cell of nb.cells)
    for (const out of cell.outputs ?? []) {
      const data = out.data;
      if (!data || (out.output_type !== "display_data" && out.output_type !== "execute_result")) continue;
      const html = [data["text/html"] ?? ""].flat().join("");
      if (typeof html !== "string") continue;
      const id = figureId(html);
      const svg = id === undefined ? undefined : svgs.get(id);
      if (id === undefined || svg === undefined) continue;
      data["image/svg+xml"] = svg;
      data["text/html"] = withPicture(html, id, svg);
      added++;
    }
  writeFileSync(file, JSON.stringify(nb, null, 1) + "\n");
  return added;
}

/** The opening tag of a plotly figure's div, whatever the order of its attributes. */
const FIGURE_DIV = /<div\b[^>]*\bclass="[^"]*\bplotly-graph-div\b[^"]*"[^>]*>/;

/** The id of the first plotly figure div in an HTML output, or undefined. */
export function figureId(html: string): string | undefined {
  const tag = FIGURE_DIV.exec(html)?.[0];
  return tag === undefined ? undefined : /\bid="([A-Za-z][\w-]*)"/.exec(tag)?.[1];
}

/** The figure's div with the picture as its content, replacing a placeholder paragraph if there is one. */
export function withPicture(html: string, id: string, svg: string): string {
  const src = `data:image/svg+xml;base64,${Buffer.from(svg, "utf8").toString("base64")}`;
  const img = `<img alt="figure" style="display:block;max-width:100%;height:auto" src="${src}">`;
  const m = FIGURE_DIV.exec(html);
  if (!m || figureId(m[0]) !== id) return html;
  const start = m.index + m[0].length;
  const placeholder = /^\s*<p\b[^>]*>[\s\S]*?<\/p>/.exec(html.slice(start));
  return html.slice(0, start) + img + html.slice(start + (placeholder ? placeholder[0].length : 0));
}
