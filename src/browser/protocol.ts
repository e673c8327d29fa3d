/** The messages between a report page and its training worker (worker.ts). */
import { type EmbeddedRun } from "../replay/embedded-run";
import { type RetrainSettings } from "../replay/page-settings";

export interface Job {
  id: number;
  run: EmbeddedRun;
  settings: RetrainSettings;
}

export type WorkerMessage =
  /** The errors of every epoch so far (epoch 0 first), a few times a second while a run goes on. */
  | { type: "progress"; id: number; trainError: number[]; testError: number[] | null }
  /** The whole history; `stopped` says why a run ended early; `seconds` is the training's own time. */
  | {
      type: "done";
      id: number;
      trainError: Float64Array;
      testError: Float64Array | null;
      stopped: string | null;
      seconds: number;
    }
  | { type: "failed"; id: number; message: string };
