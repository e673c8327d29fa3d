import { test } from "node:test";
import assert from "node:assert/strict";
import { lyapunovFigure } from "../src/plot/lyapunov";

test("Lyapunov figure: learnt runs at their exponents, diverged runs apart at the top edge, every rate inside the x range", () => {
  const run = (lr: number, exponent: number, diverged: boolean) => ({
    lr,
    seed: 0,
    exponent,
    startError: 0.3,
    endError: diverged ? 0.9 : 0.01,
    diverged,
  });
  const fig = lyapunovFigure([run(0.1, -0.01, false), run(10, 0.6, false), run(30, 17, true)], { title: "t" });
  const [learnt, , diverged] = fig.data;
  assert.deepEqual(learnt.y, [-0.01, 0.6]);
  assert.deepEqual(diverged.x, [30]);
  const yr = fig.layout.yaxis.range!;
  assert.ok(diverged.y[0]! > 0.6 && diverged.y[0]! < yr[1], "diverged marker above every learnt run, inside the axis");
  assert.ok(yr[1] < 17, "the diverged run's exponent does not set the scale");
  const xr = fig.layout.xaxis.range!;
  assert.ok(xr[0] < Math.log10(0.1) && xr[1] > Math.log10(30));
});
