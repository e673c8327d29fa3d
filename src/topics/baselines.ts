/** What the network achieved, against a constant guess, PCA, its own hidden code, a linear output, zero weights. */
export * from "../baselines/constant-guess";
export * from "../baselines/reconstruction-error";
export * from "../baselines/pca";
export * from "../baselines/jacobi-eigen";
export * from "../baselines/hidden-code";
export * from "../baselines/nearest-centroid";
export * from "../baselines/error-decomposition";
export * from "../baselines/linear-output-autoencoder";
export * from "../baselines/target-bands";
export * from "../baselines/zero-init";
export * from "../baselines/lbfgs";
export * from "../baselines/error-landscape";
export * from "../baselines/long-run";
