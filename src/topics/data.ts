/** Data: CSV files (and danfojs for tables), the data set a run trains on, split, scaling, the synthetic surface. */
export * from "../data/load-csv";
export * from "../data/dataset";
export * from "../data/csv-matrix";
export * from "../data/csv-records";
export * from "../data/numeric-cell";
export * from "../data/data-error";
export * from "../data/split";
export * from "../data/min-max-scaling";
export * from "../data/synthetic-surface";
export * from "../data/correlation";
export * from "../baselines/row-labels";
export * from "../data/danfo";
