/** Figures: plotly figure builders, pure functions of the numbers. */
export * from "../plot/figure";
export * from "../plot/curves";
export * from "../plot/bands";
export * from "../plot/difference";
export * from "../plot/timing";
export * from "../plot/reconstruction";
export * from "../plot/separation-growth";
export * from "../plot/mechanism-effects";
export * from "../plot/split-gaps";
export * from "../plot/lyapunov";
export * from "../plot/baseline-bars";
export * from "../plot/hidden-code-scatter";
