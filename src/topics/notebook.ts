/** Showing things in tslab: figures, tables, LaTeX, live progress, the derivation's views, parameters.json. */
export * from "../notebook/display";
export * from "../notebook/figure-bundle";
export * from "../notebook/plotly-html";
export * from "../notebook/table";
export * from "../notebook/svg";
export * from "../notebook/latex";
export * from "../notebook/live-training";
export * from "../notebook/derivation-view";
export * from "../notebook/check-view";
export * from "../notebook/parameters";
export * from "../format/number";
export * from "../format/inert";
