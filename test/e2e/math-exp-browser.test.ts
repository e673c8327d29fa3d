/**
 * Does Chromium's Math.exp give Node's bits? Both are V8, but V8 changes: this measures it over 400,000
 * arguments (the whole finite range of e^x and, densely, the sigmoid's working range), and checks that the
 * fdlibm port the report's worker uses instead (src/replay/fdlibm-exp.ts) gives Node's Math.exp in Chromium
 * bit for bit, so a page reproduces a notebook's run whatever its browser's Math.exp does.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { buildSync } from "esbuild";
import { type Browser } from "playwright-core";
import { launchChromium, offlinePage } from "../../scripts/browser";

const COUNT = 400_000;
/** The arguments, as a script both sides run: xorshift32 bits, two draws to a double in [0, 1). */
const ARGUMENTS_JS = `(function () {
  var xs = new Float64Array(${COUNT}), s = 0x9e3779b9 >>> 0;
  function next() { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s; }
  for (var i = 0; i < xs.length; i++) {
    var u = (next() * 2097152 + (next() >>> 11)) / 9007199254740992;
    xs[i] = i % 2 === 0 ? -746 + u * 1456 : -40 + u * 80;
  }
  return xs;
})()`;

/** The port, bundled as the report bundles it, exposing window.fdlibmExp. */
const PORT_JS = buildSync({
  entryPoints: [path.join(__dirname, "..", "..", "src", "replay", "fdlibm-exp.ts")],
  bundle: true,
  write: false,
  format: "iife",
  globalName: "fdlibm",
  platform: "browser",
}).outputFiles[0].text;

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

/** e^x for every argument in the page, with `fn` ("Math.exp" or "fdlibm.fdlibmExp"), as raw bytes in hex. */
async function inBrowser(fn: string): Promise<Float64Array> {
  const { context, page } = await offlinePage(browser);
  try {
    await page.setContent("<body></body>");
    await page.addScriptTag({ content: PORT_JS });
    const hex = (await page.evaluate(`(() => {
      var xs = ${ARGUMENTS_JS}, ys = new Float64Array(xs.length);
      for (var i = 0; i < xs.length; i++) ys[i] = ${fn}(xs[i]);
      var b = new Uint8Array(ys.buffer), out = [];
      for (var j = 0; j < b.length; j++) out.push((b[j] < 16 ? '0' : '') + b[j].toString(16));
      return out.join('');
    })()`)) as string;
    return new Float64Array(Buffer.from(hex, "hex").buffer.slice(0));
  } finally {
    await context.close();
  }
}

function nodeExp(): Float64Array {
  const xs = (0, eval)(ARGUMENTS_JS) as Float64Array;
  return xs.map((x) => Math.exp(x));
}

function differing(a: Float64Array, b: Float64Array): number {
  assert.equal(a.length, b.length);
  let n = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) n++;
  return n;
}

test("in Chromium the fdlibm port gives Node's Math.exp bit for bit; Chromium's own Math.exp is measured", async (t) => {
  const node = nodeExp();
  const port = await inBrowser("fdlibm.fdlibmExp");
  assert.equal(differing(port, node), 0, "the port in Chromium against Node's Math.exp");
  const own = await inBrowser("Math.exp");
  const n = differing(own, node);
  // Not an assertion: whether they agree depends on the two V8 versions. The report does not rely on it.
  t.diagnostic(`Chromium's Math.exp differs from Node ${process.version}'s in ${n} of ${COUNT} arguments`);
});
