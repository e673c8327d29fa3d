/**
 * The output bundle of one figure, the contract between the notebooks and every front end:
 * - application/vnd.plotly.v1+json ({data, layout, config}): drawn by JupyterLab's plotly extension
 *   (jupyterlab-plotly, installed by scripts/setup.sh), trusted or not, and by VS Code;
 * - text/html: the interactive div and script, for nbconvert's HTML and the classic Notebook (needs the
 *   loader of initPlotly() on the page, and a trusted notebook);
 * - text/plain: the figure's title, for terminals and anything else.
 * The report may add a static image (image/svg+xml or image/png) to the same bundle.
 */
import { createHash } from "node:crypto";
import { type Figure } from "../plot/figure";
import { figureHtml, plainTitle } from "./plotly-html";

export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

export interface FigureBundle {
  [PLOTLY_MIME]: Figure;
  "text/html": string;
  "text/plain": string;
}

export function figureBundle(fig: Figure, id: string): FigureBundle {
  return {
    [PLOTLY_MIME]: fig,
    "text/html": figureHtml(fig, id),
    "text/plain": `Figure: ${plainTitle(fig.layout.title.text)}`,
  };
}

/**
 * Element ids for figures that are unique within a kernel and the same each time a notebook is executed
 * from the top: a hash of the figure's JSON, and how many figures with that same JSON came before it.
 * So re-executing a notebook leaves its outputs unchanged, and two equal figures still get two ids.
 */
export class FigureIds {
  private readonly seen = new Map<string, number>();

  next(fig: Figure): string {
    const hash = createHash("sha256").update(JSON.stringify(fig)).digest("hex").slice(0, 12);
    const n = (this.seen.get(hash) ?? 0) + 1;
    this.seen.set(hash, n);
    return n === 1 ? `blfig-${hash}` : `blfig-${hash}-${n}`;
  }
}
