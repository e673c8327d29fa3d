import { test } from "node:test";
import assert from "node:assert/strict";
import { zeros } from "../src/linalg/matrix";
import { initParams } from "../src/model/params";
import { Rng } from "../src/random/prng";
import { methodByName, methodNames } from "../src/method-registry";

const tfjsLoaded = (): boolean => Object.keys(require.cache).some((k) => k.includes("@tensorflow"));

test("the registry names the three methods and refuses an unknown one with the choices", () => {
  assert.deepEqual(methodNames(), ["backprop", "autograd", "tfjs"]);
  for (const name of methodNames()) assert.equal(methodByName(name).name, name);
  assert.throws(() => methodByName("adam"), {
    message: 'unknown method "adam" (choose one of: backprop, autograd, tfjs)',
  });
});

test("TensorFlow.js is loaded when a tfjs run starts, not when the registry is imported or the method named", () => {
  const tfjs = methodByName("tfjs");
  assert.equal(tfjsLoaded(), false, "importing the registry and naming the method loaded TF.js");
  const stepper = tfjs.start(initParams(3, 2, new Rng(1)), zeros(4, 3));
  assert.equal(tfjsLoaded(), true);
  stepper.dispose();
});
