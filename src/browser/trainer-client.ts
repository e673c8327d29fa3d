/**
 * One training job at a time in a Web Worker started from a Blob URL (the bundled worker.ts as text). A
 * new job stops the one still running by ending its worker, the only way to interrupt a synchronous loop.
 */
import { type EmbeddedRun } from "../replay/embedded-run";
import { type RetrainSettings } from "../replay/page-settings";
import { type WorkerMessage } from "./protocol";

export interface JobHandlers {
  progress(trainError: ArrayLike<number>, testError: ArrayLike<number> | null): void;
  done(message: Extract<WorkerMessage, { type: "done" }>, roundTripSeconds: number): void;
  failed(message: string): void;
}

export class TrainerClient {
  private worker: Worker | null = null;
  private busy = false;
  private nextId = 1;

  constructor(private readonly workerUrl: string) {}

  start(run: EmbeddedRun, settings: RetrainSettings, handlers: JobHandlers): void {
    if (this.busy) this.stop();
    const worker = (this.worker ??= new Worker(this.workerUrl));
    const id = this.nextId++;
    const t0 = performance.now();
    this.busy = true;
    worker.onmessage = (event: MessageEvent<WorkerMessage>) => {
      const m = event.data;
      if (m.id !== id) return;
      if (m.type === "progress") return handlers.progress(m.trainError, m.testError);
      this.busy = false;
      if (m.type === "done") handlers.done(m, (performance.now() - t0) / 1000);
      else handlers.failed(m.message);
    };
    worker.onerror = (event: ErrorEvent) => {
      this.busy = false;
      handlers.failed(event.message || "the training worker failed");
    };
    worker.postMessage({ id, run, settings });
  }

  stop(): void {
    this.worker?.terminate();
    this.worker = null;
    this.busy = false;
  }
}
