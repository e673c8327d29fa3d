import { formatCount, formatNumber, formatPercent, formatShortest, formatTimes } from "../format/number";
import { type ObservationVerdict, describePaired, span } from "./claims";
import { type InitialError, randomShare } from "./initial-error";
import { IMPLEMENTATION_CONTROL, type LrSweepRow, control, isChaotic } from "./lr-sweep";
import { type EffectAt } from "./mechanism";
import { VISIBLE_MARGIN } from "./observations";
import { type Separation } from "./separation";
import { type SplitVariance, crossingPhrase } from "./split-variance";

/** Everything the closing discussion is written from; every number in it comes from here. */
export interface DiscussionInputs {
  lr: number;
  /** The number of outputs n (the loss scaling divides η by it). */
  outputs: number;
  early: number;
  last: number;
  paired: readonly Separation[];
  /** oneStepDifference of backprop and autograd: how far a single update of the two differs, as a fraction of it. */
  oneStep: number;
  verdicts: readonly ObservationVerdict[];
  /** Effect sizes at epochs [1, early, last] of each mechanism run at the notebook's learning rate. */
  initialWeights: readonly EffectAt[];
  sampleOrder: readonly EffectAt[];
  lossScaling: readonly EffectAt[];
  float32: readonly EffectAt[];
  sweep: readonly LrSweepRow[];
  split: SplitVariance;
  initial: InitialError;
}

const f = (x: number): string => formatNumber(x, 2);
const pc = (x: number): string => formatPercent(x);
const of = (k: number, n: number): string => `${formatCount(k)} of ${formatCount(n)}`;

function finding(v: ObservationVerdict | undefined, mechanismStart: string): { k: number; n: number } | null {
  const fnd = v?.findings.find((x) => x.mechanism.startsWith(mechanismStart));
  return fnd ? { k: fnd.count.visible, n: fnd.count.pairs } : null;
}

function at(sizes: readonly EffectAt[], epoch: number): EffectAt {
  const e = sizes.find((s) => s.epoch === epoch);
  if (!e) throw new Error(`discussion: no effect size at epoch ${epoch}`);
  return e;
}

/** The closing discussion as Markdown paragraphs. */
export function discussion(d: DiscussionInputs): string[] {
  const v = (id: number): ObservationVerdict | undefined => d.verdicts.find((x) => x.id === id);
  const paragraphs: string[] = [];

  // 1. The method itself.
  const anyAmplified = d.paired.some((s) => s.kind === "grown");
  paragraphs.push(
    `**The method is not a cause.** Backprop and autograd are two ways of computing one gradient, and the trainer applies ` +
      `it with one update rule, so from the same weights in the same sample order they train the same network. ` +
      describePaired(d.paired, d.oneStep) +
      (anyAmplified
        ? ` At η = ${formatShortest(d.lr)} the comparison of two methods therefore says nothing about either.`
        : ` None of the five comparative observations can therefore come from the choice of method; each must come from something ` +
          `else that differed between the student's two runs.`),
  );

  // 2. Randomness: initial weights and sample order.
  const i1 = at(d.initialWeights, 1);
  const iE = at(d.initialWeights, d.early);
  const iL = at(d.initialWeights, d.last);
  const oE = at(d.sampleOrder, d.early);
  const o1 = finding(v(1), "initial weights");
  const initVisibleEarly = iE.medianRel >= VISIBLE_MARGIN;
  paragraphs.push(
    `**Two random starts.** The first candidate is the randomness every run carries. Two runs from independent initial ` +
      `weights differ by a median of ${f(i1.medianAbs)} (${pc(i1.medianRel)} of the error) after one epoch, ` +
      `${f(iE.medianAbs)} (${pc(iE.medianRel)}) after ${formatCount(d.early)} and ${f(iL.medianAbs)} (${pc(iL.medianRel)}) after ` +
      `${formatCount(d.last)}; changing only the sample order moves the error at epoch ${formatCount(d.early)} by ${pc(oE.medianRel)}. ` +
      (initVisibleEarly
        ? `That is plainly visible on a plot, and it has no preferred direction: "backprop lower after ${formatCount(d.early)} epochs" ` +
          (o1 ? `holds visibly in ${of(o1.k, o1.n)} such pairs. ` : "holds in some pairs and not others. ") +
          "A student who started the two methods from separate random weights would have seen one of them ahead, and which one would be an accident of the seed."
        : "Small as that is, it is larger than anything the method does, but it rarely reaches a visible size."),
  );

  // 3. Loss scaling.
  const l1 = finding(v(1), "loss averaged");
  const l2 = finding(v(2), "loss averaged");
  const l3 = finding(v(3), "loss averaged");
  const l4 = finding(v(4), "loss averaged");
  const lE = at(d.lossScaling, d.early);
  if (l1 && l2 && l3 && l4) {
    const early = l1.k === l1.n && l4.k === l4.n;
    const late = l2.k + l3.k === 0;
    paragraphs.push(
      `**A loss averaged over the outputs.** A library loss such as PyTorch's MSELoss averages the squared error over the ${formatCount(d.outputs)} ` +
        `outputs, which trains exactly like the summed E at 1/${formatCount(d.outputs)} of the learning rate. The slower autograd run then has the ` +
        `higher training error after ${formatCount(d.early)} epochs in ${of(l1.k, l1.n)} seeds, by a median ${pc(lE.medianRel)} of the ` +
        `error, and the higher error in each of the first epochs in ${of(l4.k, l4.n)}. ` +
        (early
          ? "This is the one mechanism that reproduces the student's account of the early epochs every time. "
          : "It reproduces the student's early epochs often, but not always. ") +
        `Yet the same run has the lower test error after ${formatCount(d.early)} epochs in ${of(l2.k, l2.n)} seeds and after ` +
        `${formatCount(d.last)} in ${of(l3.k, l3.n)}` +
        (late
          ? ": a slower learner is behind on both sets, so loss scaling explains the first half of the account and contradicts the second."
          : ", so it could explain part of the second half as well."),
    );
  }

  // 4. Precision and learning rate.
  const fL = at(d.float32, d.last);
  const chaotic = d.sweep.filter(isChaotic).sort((a, b) => a.lr - b.lr);
  const calm = d.sweep.filter((r) => !isChaotic(r));
  const maxLr = formatShortest(Math.max(...d.sweep.map((r) => r.lr)));
  const sweepPaired = d.sweep.flatMap((r) => r.paired);
  const pairedIdentical = sweepPaired.every((s) => s.kind === "bitwise identical");
  const pairedText = pairedIdentical
    ? `Paired backprop and autograd are bitwise identical at every rate of the sweep, up to η = ${maxLr}: they round ` +
      "identically, so the learning rate has nothing to amplify between them. "
    : `Paired backprop and autograd differ somewhere in the sweep by up to ${f(Math.max(...sweepPaired.map((s) => s.maxRel)))} of the error. `;
  const controlNames = d.sweep[0].controls.map((c) => c.name).join(", ");
  const calmMax = Math.max(
    0,
    ...calm.flatMap((r) => [r.paired, ...r.controls.map((c) => c.seps)].flat().map((s) => s.maxRel)),
  );
  let lrText: string;
  if (chaotic.length) {
    const r = chaotic[0];
    const parts = r.controls.map((c) => {
      const vis = c.seps.map((s) => s.visibleEpoch).filter((e): e is number => e !== null);
      return vis.length
        ? `${c.name} becomes visible by epoch ${span(vis, formatCount)} in ${of(vis.length, c.seps.length)} seeds`
        : `${c.name} stays invisible`;
    });
    const impl = control(r, IMPLEMENTATION_CONTROL);
    const implVisible = impl.seps.map((s) => s.visibleEpoch).filter((e): e is number => e !== null);
    lrText =
      `The learning rate decides whether small differences stay small. ${pairedText}` +
      (calm.length
        ? `Up to η = ${formatShortest(Math.max(...calm.map((c) => c.lr)))} the controls (${controlNames}) stay within ${f(calmMax)} of the error. `
        : "") +
      `At η = ${formatShortest(r.lr)} the training is chaotic; against float64 backprop from the same weights and order, ${parts.join(", ")}. ` +
      (implVisible.length
        ? `So two correct implementations that round differently, such as a hand-written backprop and a library's autograd with ` +
          `its own kernels or float32, part at that rate ${implVisible.length === impl.seps.length ? "in every seed" : `in ${of(implVisible.length, impl.seps.length)} seeds`}, ` +
          'and which one "wins" is decided by rounding, not by the method; a tolerance on the difference of their curves would declare a method effect that is not there.'
        : "Even there, two correct float64 implementations that round differently did not part visibly within the sweep's epochs.");
  } else {
    lrText =
      `No learning rate in the sweep (up to η = ${maxLr}) amplified last-bit differences. ${pairedText}` +
      `The controls (${controlNames}) stay within ${f(calmMax)} of the error.`;
  }
  paragraphs.push(
    `**Precision and learning rate.** Training in float32, the default of PyTorch and TensorFlow, moves the final error by a ` +
      `median ${formatNumber(fL.medianRel, 2)} of itself, ${fL.medianRel < VISIBLE_MARGIN ? `${formatTimes(VISIBLE_MARGIN / fL.medianRel, 2)} below what a plot shows` : "enough to see"}. ` +
      lrText,
  );

  // 5. The split.
  const s = d.split;
  const n = s.runs.length;
  const s0 = s.runs[0];
  const s5 = finding(v(5), "train/test split");
  paragraphs.push(
    `**The train/test split.** Whether the test curve ends above or below the training curve is a property of the data split, ` +
      `not of the method: over ${formatCount(n)} splits the test error ends below the training error in ${of(s.testBelowTrain, n)}, and ` +
      `the two curves cross after epoch 0 in ${of(s.withCrossings, n)}` +
      (s0.crossingEpochs ? ` (with split ${formatCount(s0.splitSeed)}, ${crossingPhrase(s0)})` : "") +
      `. ` +
      (s5
        ? `If the two parts of the assignment split the data separately, "autograd's curves meet, backprop's do not" holds visibly in ${of(s5.k, s5.n)} pairs of splits.`
        : ""),
  );

  // 6. The first error.
  const ie = d.initial;
  const share = randomShare(ie);
  paragraphs.push(
    `**The first error.** Both methods start at ${f(ie.random.mean)}, ${formatTimes(ie.random.mean / ie.trained)} the trained error. ` +
      (share > 0
        ? `All-zero weights, with no randomness at all, would start at ${f(ie.zeroWeights)}, so the random weights account for ` +
          `${pc(share)} of the first error${share < 0.5 ? " and the rest is there without them" : ""}. `
        : `All-zero weights, with no randomness at all, would start at ${f(ie.zeroWeights)}, no lower: the randomness is not the cause. `) +
      `The best constant guess scores ${f(ie.bestConstant)}` +
      (ie.random.mean >= ie.bestConstant
        ? `, and the untrained network does no better: its outputs vary across samples by ${pc(ie.outputSpread)} of the data's spread, ` +
          "so what makes the first error high is that they ignore the input."
        : `, and the untrained network already does better, so its outputs do follow the input a little.`),
  );

  // Conclusion: for each observation the mechanism that reproduces it most often, grouped by mechanism.
  const byMechanism = new Map<string, { ids: number[]; counts: string[] }>();
  const unexplained: number[] = [];
  for (const x of d.verdicts) {
    const best = [...x.findings].sort((a, b) => b.count.visible / b.count.pairs - a.count.visible / a.count.pairs)[0];
    if (!best || best.count.visible === 0) {
      unexplained.push(x.id);
      continue;
    }
    const entry = byMechanism.get(best.mechanism) ?? { ids: [], counts: [] };
    entry.ids.push(x.id);
    entry.counts.push(of(best.count.visible, best.count.pairs));
    byMechanism.set(best.mechanism, entry);
  }
  const ids = (xs: number[]): string =>
    xs.length === 1 ? `observation ${xs[0]}` : `observations ${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]}`;
  const explained = [...byMechanism.entries()].map(
    ([mechanism, e]) => `for ${ids(e.ids)}, a difference in ${mechanism} (${e.counts.join(", ")} pairs)`,
  );
  paragraphs.push(
    `**In short.** The student's observations describe two runs, not two methods. Of the mechanisms measured here, the one ` +
      `that reproduces an observation most often is: ${explained.length ? explained.join("; ") : "none"}` +
      (unexplained.length ? `; none reproduces ${ids(unexplained)}` : "") +
      ". " +
      "A fair comparison of the two methods starts them from the same weights in the same order with the same loss" +
      (anyAmplified
        ? `, and at a learning rate below the chaotic regime, which η = ${formatShortest(d.lr)} is not.`
        : `; at η = ${formatShortest(d.lr)} they then agree ${d.paired.every((s) => s.kind === "bitwise identical") ? "bit for bit" : "to rounding"}.`) +
      (chaotic.length && !anyAmplified
        ? ` Two different programs, even correct ones, agree run for run only below the chaotic regime, which begins by η = ${formatShortest(chaotic[0].lr)} here.`
        : ""),
  );
  return paragraphs;
}
