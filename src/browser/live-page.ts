/**
 * The script the report adds to its HTML pages (as backprop-lab-live.js beside them): it finds each training
 * figure that carries its run (a <script type="application/vnd.backprop-lab.run+json" data-figure="…">
 * data block, put there by scripts/report-live.ts) and gives it a control panel (live-figure.ts).
 */
import { type EmbeddedRun, RUN_MIME } from "../replay/embedded-run";
import { LiveFigure, type PlotlyApi } from "./live-figure";
import { addLiveStyles } from "./styles";

/** The bundled worker.ts, as text: replaced by the report's build (esbuild's define). */
declare const BL_WORKER_SOURCE: string;

declare global {
  interface Window {
    Plotly?: PlotlyApi;
    backpropLabLive?: LiveFigure[];
  }
}

function start(): void {
  // The combined report holds several notebooks' pages, each ending with this script: set up once.
  if (window.backpropLabLive) return;
  window.backpropLabLive = [];
  const blocks = document.querySelectorAll<HTMLScriptElement>(`script[type="${RUN_MIME}"][data-figure]`);
  if (blocks.length === 0) return;
  const plotly = window.Plotly;
  if (!plotly) return; // no plotly.js, no figures to redraw
  addLiveStyles(document);
  const workerUrl = URL.createObjectURL(new Blob([BL_WORKER_SOURCE], { type: "text/javascript" }));
  for (const block of blocks) {
    const div = document.getElementById(block.dataset.figure ?? "");
    if (!div) continue;
    const live = new LiveFigure(JSON.parse(block.textContent ?? "") as EmbeddedRun, div, plotly, workerUrl);
    live.mount(block);
    window.backpropLabLive.push(live);
  }
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
