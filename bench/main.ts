/**
 * `npm run bench`: samples per CPU-second (see harness.ts) of each training path on a 3-2-3 network with 1,000 samples,
 * each as a ratio to a reference measured in the same run. Not part of the tests: timings are not
 * assertions on a shared 2-core machine.
 */
import { Rng } from "../src/random/prng";
import { zeros } from "../src/linalg/matrix";
import { initParams } from "../src/model/params";
import { type BenchContext, type BenchRow, printTable } from "./harness";
import { benchBackprop } from "./backprop";
import { benchAutograd, benchTfjs } from "./autograd";

async function main(): Promise<void> {
  const rng = new Rng(2024);
  const X = zeros(1000, 3);
  for (let i = 0; i < X.data.length; i++) X.data[i] = rng.uniform();
  const ctx: BenchContext = { X, init: initParams(3, 2, rng), lr: 0.1 };
  const rows: BenchRow[] = [];
  const section = async (title: string, run: () => BenchRow[] | Promise<BenchRow[]>): Promise<void> => {
    process.stderr.write(`bench: ${title}…\n`);
    rows.push(...(await run()));
  };
  await section("backprop", () => benchBackprop(ctx));
  await section("autograd", () => benchAutograd(ctx));
  await section("tfjs", () => benchTfjs(ctx));
  printTable(rows);
}

main().catch((e: unknown) => {
  console.error(`bench: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
