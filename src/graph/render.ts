import type { Graphviz } from "@hpcc-js/wasm-graphviz";

let graphviz: Promise<Graphviz> | null = null;

/**
 * Lays out a DOT graph with Graphviz (compiled to WebAssembly, @hpcc-js/wasm-graphviz) and returns the
 * SVG as a string, ready for tslab.display.html. The XML prolog, DOCTYPE (which points to an external
 * DTD) and comments are dropped, so the SVG has no external references and can be inlined in HTML; it
 * scales down to the width of its container (max-width: 100%).
 */
export async function renderSvg(dot: string): Promise<string> {
  // Loaded on first use: the WebAssembly module is ~1 MB and most programs never draw a graph. The package
  // is an ES module, which Node ≥ 20.19 can require(); TypeScript would compile import() to require() anyway.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  graphviz ??= (require("@hpcc-js/wasm-graphviz") as typeof import("@hpcc-js/wasm-graphviz")).Graphviz.load();
  const svg = (await graphviz).dot(dot);
  const start = svg.indexOf("<svg");
  if (start < 0) throw new Error("renderSvg: Graphviz returned no <svg> element");
  return svg
    .slice(start)
    .replace(/<!--[\s\S]*?-->\n?/g, "")
    .replace(/^<svg /, '<svg style="max-width:100%;height:auto" ');
}
