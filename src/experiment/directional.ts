import { formatCount, formatShortest } from "../format/number";
import { type TrainResult } from "../train/trainer";
import { fusedSlipMethod } from "./fused-slips";
import { meanOverOutputs } from "./loss-scaling";
import { type Mechanism } from "./mechanism";
import { type Arm, type PairSetup, pairedRuns } from "./paired-runs";
import { trainLoggingRunningMean } from "./running-mean";
import { backpropMethod } from "../train/backprop";
import { slipById } from "../model/slips";

/*
 * The differences between a student's two runs that DO have a direction: each makes the "autograd" side
 * (the variant) systematically slower, faster or differently logged than the hand-written side. Unlike a seed,
 * a sample order or a split, which of the two runs is which is not arbitrary here, so a count well above one
 * half means something. All variants start from the same weights and see the same sample order as the reference,
 * which is float64 backprop at the setup's η and batch size: the reference runs can be shared with other
 * mechanisms (pass them in).
 */

/** What a notebook measures: the mini-batch size a typical autograd loop uses, and the slips to train. */
export interface DirectionalOptions {
  /** Autograd trained on mini-batches of this many samples at the same η (a DataLoader's batch_size). */
  miniBatch: number;
  /** Catalogue ids of shape-preserving slips written in the fused step (fused-slips.ts). */
  slips: readonly string[];
}

/** The one-directional mechanisms, each a set of pairs against the given reference runs (one per seed). */
export function directionalMechanisms(
  setup: PairSetup,
  reference: readonly TrainResult[],
  o: DirectionalOptions,
): Mechanism[] {
  const n = setup.trainX.cols;
  const specs: Spec[] = [
    {
      name: `autograd on mini-batches of ${formatCount(o.miniBatch)}`,
      differs:
        `the batch size: autograd steps once per mini-batch of ${formatCount(o.miniBatch)} at the same η, as most autograd ` +
        "training loops do, so it makes fewer updates per epoch (trained with the hand-derived gradient, which is the same by construction)",
      arm: { batchSize: o.miniBatch },
    },
    {
      name: "error logged as a running mean",
      differs:
        "how the training error is logged: for autograd, the running mean of the per-sample losses met during the epoch " +
        "(what most training loops print); for backprop, the error with the weights at the end of the epoch",
      arm: { run: trainLoggingRunningMean },
    },
    {
      name: `loss averaged over outputs (η/${formatCount(n)})`,
      differs: `the loss: summed for backprop, averaged over the ${formatCount(n)} outputs (MSELoss's default) for autograd, exactly a learning rate of η/${formatCount(n)}`,
      arm: { method: meanOverOutputs(backpropMethod) },
    },
    ...o.slips.map((id) => slipSpec(id, setup.lr)),
  ];
  return specs.map((s) => {
    const pairs = pairedRuns(setup, reference, s.arm);
    // A slip sits in the hand-written backward pass, so its run plays "backprop" and the right one "autograd".
    const roles = s.slipped ? pairs.map((p) => ({ reference: p.variant, variant: p.reference })) : pairs;
    return { name: s.name, differs: s.differs, pairs: roles };
  });
}

/** Short labels for tables; the full wording is the catalogue's. */
const SLIP_LABELS: Readonly<Record<string, string>> = {
  "ones-matrix-bias-b2": "∂I2/∂B2 as a matrix of ones",
  "ones-matrix-bias-b1": "∂I1/∂B1 as a matrix of ones",
  "sigma-for-sigma-prime-output": "σ for σ′ at the output",
  "sigma-for-sigma-prime-hidden": "σ for σ′ in the hidden layer",
};

interface Spec {
  name: string;
  differs: string;
  arm: Arm;
  /** The arm is a slip of the hand-written backward pass (it plays backprop). */
  slipped?: boolean;
}

/** One slip of the hand-written backward pass; autograd differentiates the forward pass and has no such slip. */
function slipSpec(id: string, lr: number): Spec {
  const slip = slipById(id);
  if (id === "dropped-two") {
    // ∂E/∂O2 = x̂ − x halves every gradient: exactly η/2 (the slips' tests hold it bit for bit), so the fused path at η/2.
    return {
      name: "slip: factor 2 dropped (≡ η/2)",
      differs: `a slip in the hand-written backward pass, ${slip.wrote} instead of ${slip.right}, which trains exactly at η/2 = ${formatShortest(lr / 2)}`,
      arm: { lr: lr / 2 },
      slipped: true,
    };
  }
  return {
    name: `slip: ${SLIP_LABELS[id] ?? id}`,
    differs: `a slip in the hand-written backward pass: ${slip.wrote} instead of ${slip.right}`,
    arm: { method: fusedSlipMethod(id) },
    slipped: true,
  };
}
