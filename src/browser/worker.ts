/**
 * The Web Worker that retrains a run off the page's main thread, so the page never freezes. The report
 * bundles it into a string that the page starts from a Blob URL (see live-page.ts): a worker loaded from a
 * file does not start from file://.
 */
import { retrain } from "../replay/retrain";
import { type Job, type WorkerMessage } from "./protocol";

/** The part of a dedicated worker's global scope used here (the DOM library's `self` is a window's). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<Job>) => void) | null;
  postMessage(message: WorkerMessage): void;
}

/** Least time between two progress messages: a smooth stream without flooding the page with redraws. */
const PROGRESS_MS = 100;

const scope = globalThis as unknown as WorkerScope;

scope.onmessage = (event) => {
  const { id, run, settings } = event.data;
  const t0 = performance.now();
  let lastSent = t0;
  const trainError: number[] = [];
  const testError: number[] = [];
  try {
    const result = retrain(run, settings, (record) => {
      trainError.push(record.trainError);
      if (record.testError !== null) testError.push(record.testError);
      const now = performance.now();
      if (now - lastSent >= PROGRESS_MS) {
        lastSent = now;
        const test = run.test === null ? null : testError.slice();
        scope.postMessage({ type: "progress", id, trainError: trainError.slice(), testError: test });
      }
    });
    const h = result.history;
    scope.postMessage({
      type: "done",
      id,
      trainError: h.trainError.slice(0, h.length),
      testError: h.testError === null ? null : h.testError.slice(0, h.length),
      stopped: result.stopped,
      seconds: (performance.now() - t0) / 1000,
    });
  } catch (e) {
    scope.postMessage({ type: "failed", id, message: e instanceof Error ? e.message : String(e) });
  }
};
