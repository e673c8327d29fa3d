/**
 * Temporary: the registry moved to src/methods.ts. This re-export keeps src/cli (owned by another helper
 * while the tree is split) compiling until its imports point at "../methods"; then delete this file and
 * its entry in test/layers.test.ts.
 */
export { methodNames, methodByName } from "../methods";
