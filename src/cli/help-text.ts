import { methodNames } from "../train/registry";
import { INIT_SCHEMES } from "../model/params";
import { DEFAULT_TEST_FRACTION } from "../data/dataset";
import { SURFACE_DEFAULTS } from "../data/synthetic-surface";
import { TRAIN_DEFAULTS } from "./train-defaults";

/** The --help texts. Defaults are filled in from the code that applies them, so the two cannot drift apart. */

export function topHelp(): string {
  return `backprop-lab: a 3-2-3 sigmoid autoencoder with backpropagation derived by hand

Usage: backprop-lab <command> [flags]

Commands:
  train       train the autoencoder on a CSV file and write the run as JSON
  gradients   print every factor of the backpropagation derivation for one sample
  synth       write points near a 2-D surface in [0,1]^3 as CSV

Run "backprop-lab <command> --help" for a command's flags.
Exit codes: 0 ok, 1 data error or training diverged, 2 invalid flags or values.
`;
}

export function trainHelp(): string {
  const d = TRAIN_DEFAULTS;
  return `Usage: backprop-lab train --data FILE [flags]

Trains an n-h-n autoencoder (n = number of columns) and writes
{config, weights: {W1, B1, W2, B2}, history: [{epoch, trainError, testError, seconds}]}
as JSON to --out, or to stdout. Epoch 0 is before any update; errors are the mean per-sample
E = sum (x^ - x)^2 over the set.

Data:
  --data FILE            training CSV with a header line (required)
  --columns a,b,c        columns to use (default: every column that holds only numbers)
  --test FILE            a separate test CSV with the same columns
  --test-fraction F      share of the data rows held out for testing, 0 < F < 1 (default ${DEFAULT_TEST_FRACTION})
  --no-scale             use the values as they are (they must lie in [0, 1]); by default each column
                         is min-max scaled to [0, 1] using the training rows only

Network and training:
  --method NAME          gradient method: ${methodNames().join(", ")} (default ${d.method})
  --hidden H             hidden units (default ${d.hidden}, or the size of the --init weights)
  --epochs N             passes over the training rows (default ${d.epochs})
  --lr X                 learning rate, > 0 (default ${d.lr})
  --batch-size B         samples per update: 1 = per-sample SGD (default ${d.batchSize})
  --seed S               seed of the split, the initial weights and the shuffling (default ${d.seed})
  --no-shuffle           visit the training rows in file order every epoch
  --init WEIGHTS.json    start from these weights ({W1, B1, W2, B2}, or a run file)
  --init-scheme NAME     draw the initial weights: ${INIT_SCHEMES.join(", ")} (default ${d.initScheme})

Output:
  --out RUN.json         write the run here (atomically) instead of to stdout
  --quiet                no progress bar and no summary on stderr
`;
}

export function gradientsHelp(): string {
  return `Usage: backprop-lab gradients --init WEIGHTS.json --x 0.1,0.2,0.3 [--raw] [--json]

Runs the forward pass and the derivation-aligned backward pass for one sample x and prints every
factor of the chain rule (dE/dO2, dO2/dI2, dE/dI2, dI2/dW2, dI2/dO1, dO1/dI1, alpha, dI1/dW1),
the four gradients dE/dW1, dE/dB1, dE/dW2, dE/dB2 and E, with their shapes.

  --init FILE            weights {W1, B1, W2, B2}, or a run file written by train (required)
  --x v1,v2,...          the sample: n numbers, n = rows of W1 (required). They are taken in the
                         network's [0, 1] input units, as the model sees them: train min-max scales
                         the data, and --x is NOT scaled unless --raw is given
  --raw                  --x is in the data's original units (e.g. iris centimetres): scale it with the
                         run file's config.scaling first (--init must be a run file trained with scaling)
  --json                 print JSON instead of a table (its "x" is the sample the network saw)
`;
}

export function synthHelp(): string {
  const d = SURFACE_DEFAULTS;
  return `Usage: backprop-lab synth --out FILE [--count N] [--noise S] [--seed S]

Writes points near the surface x3 = 0.15 + 0.35 (x1^2 + x2^2), x1 and x2 uniform on (0, 1),
with Gaussian noise of standard deviation S on x3, clamped to [0, 1]: three columns x1,x2,x3 with
two degrees of freedom. The same flags give the same file byte for byte.

  --out FILE             where to write the CSV (atomically; required)
  --count N              number of points (default ${d.count})
  --noise S              standard deviation of the noise, >= 0 (default ${d.noise})
  --seed S               seed (default ${d.seed}; data/surface.csv uses ${d.seed})
`;
}
