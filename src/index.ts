/** backprop-lab: the public API that the notebooks import with `from ".."`. */
export * from "./linalg/matrix";
export * from "./random/prng";
export * from "./model/params";
export * from "./model/sigmoid";
export * from "./model/forward";
export * from "./model/gradients";
export { backpropSample, type BackwardPass } from "./model/backward";
export * from "./model/slips";
export { FusedBackprop, fusedMeanError } from "./model/fused";
export * from "./train/method";
export * from "./train/backprop";
export * from "./train/trainer";
export * from "./train/autograd";
export * from "./train/slipped";
export * from "./train/tfjs";
export * from "./method-registry";
export * from "./experiment/runs";
export * from "./experiment/stats";
export * from "./experiment/claims";
export * from "./derivation/factors";
export * from "./data/danfo";
export * from "./data/data-error";
export * from "./data/csv-records";
export * from "./data/numeric-cell";
export * from "./data/csv-matrix";
export * from "./data/load-csv";
export * from "./data/split";
export * from "./data/min-max-scaling";
export * from "./data/dataset";
export * from "./data/synthetic-surface";
export * from "./data/atomic-write";
export * from "./plot/figure";
export * from "./plot/curves";
export * from "./plot/bands";
export * from "./plot/difference";
export * from "./plot/timing";
export * from "./plot/reconstruction";
export * from "./notebook/plotly-html";
export * from "./notebook/table";
export * from "./notebook/svg";
export * from "./notebook/display";
export * from "./notebook/live-training";
export * from "./notebook/figure-bundle";
export * from "./notebook/parameters";
export * as autograd from "./autograd/index";
export { autogradGradients } from "./autograd/index";
export * from "./graph/dot";
export * from "./graph/render";
export * from "./tfjs/load";
export * from "./derivation/autograd-factors";
export * from "./model/update";
export * from "./graph/architecture";
export * from "./notebook/latex";
export * from "./notebook/derivation-view";
export * from "./data/correlation";
export * from "./format/number";
export * from "./format/inert";
export * from "./model/batch-gradients";
export * from "./baselines/constant-guess";
export * from "./baselines/reconstruction-error";
export * from "./baselines/jacobi-eigen";
export * from "./baselines/pca";
export * from "./baselines/hidden-code";
export * from "./baselines/zero-init";
export * from "./baselines/linear-output-autoencoder";
export * from "./plot/baseline-bars";
export * from "./plot/hidden-code-scatter";
export * from "./baselines/row-labels";
export * from "./baselines/error-decomposition";
export * from "./baselines/target-bands";
export * from "./baselines/nearest-centroid";
export * from "./experiment/mechanism";
export * from "./experiment/observations";
export * from "./experiment/separation";
export * from "./experiment/one-step";
export * from "./experiment/reseeding";
export * from "./experiment/loss-scaling";
export * from "./experiment/float32";
export * from "./experiment/lr-sweep";
export * from "./experiment/summation-order";
export * from "./experiment/parting";
export * from "./experiment/split-variance";
export * from "./experiment/initial-error";
export * from "./experiment/discussion";
export * from "./plot/mechanism-effects";
export * from "./plot/separation-growth";
export * from "./plot/split-gaps";
// Question 4 and the bottleneck (issue 19): intervals, paired runs, one-directional mechanisms, chaos, the floor.
export * from "./experiment/paired-runs";
export * from "./experiment/intervals";
export * from "./experiment/directional";
export * from "./experiment/adam";
export * from "./experiment/running-mean";
export * from "./experiment/fused-slips";
export * from "./experiment/lyapunov";
export * from "./baselines/lbfgs";
export * from "./baselines/error-landscape";
export * from "./baselines/long-run";
export * from "./plot/lyapunov";
export * from "./experiment/effect-ratios";
// The derivation checked: backward.ts's own lines, the engine's tape read as equations, and checkBackward, the
// grader of a student's factors (it shows its table in a notebook and returns the result everywhere).
export * from "./derivation/backward-source";
export * from "./derivation/tape";
export * from "./derivation/student-values";
export * from "./derivation/check-report";
export {
  type StudentBackward,
  type StudentStep,
  type StudentFactors,
  type CheckOptions,
  type CheckResult,
  type CheckedName,
  type FactorResult,
  RIGHT_TOLERANCE,
} from "./derivation/check-backward";
export * from "./notebook/check-view";
export * from "./derivation/grade";
