/**
 * The only place that touches tslab. It is loaded when a display helper first runs, not when the library
 * is imported: tslab brings the TypeScript compiler with it, which would make every `require` of the
 * library (the CLI, the tests) slow. Inside the kernel, tslab is already loaded, so this costs nothing.
 */
import type * as Tslab from "tslab";

/** One output bundle: MIME type → data (a string, or JSON for types such as application/vnd.plotly.v1+json). */
export type MimeBundle = Record<string, unknown>;

interface DisplayData {
  data: MimeBundle;
  metadata: Record<string, unknown>;
  transient: { display_id?: string };
}

/** The slice of tslab's internal module dist/jupyter that sendDisplayData uses. */
interface TslabJupyter {
  lastWriteDisplayData: ((data: DisplayData, update: boolean) => void) | null;
}

export function tslab(): typeof Tslab {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
  return require("tslab") as typeof Tslab;
}

/**
 * Sends one display_data (or, with update, an update_display_data for displayId) carrying several MIME
 * types at once. tslab's public API sends one MIME type per output (display.raw), so this calls the
 * function tslab itself uses for that, `lastWriteDisplayData` of its module dist/jupyter, which the kernel
 * sets for the cell being executed. That module is internal: tslab is pinned in package.json, and
 * test/tslab-bridge.test.ts checks in a real kernel that a bundle arrives whole, so an upgrade that moves
 * it fails there first.
 */
export function sendDisplayData(data: MimeBundle, options: { displayId?: string; update?: boolean } = {}): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- internal module, see above
  const jupyter = require("tslab/dist/jupyter") as TslabJupyter;
  if (typeof jupyter.lastWriteDisplayData !== "function")
    throw new Error("Not ready: display helpers work only inside the tslab kernel, while a cell runs");
  if (options.update && !options.displayId) throw new Error("sendDisplayData: an update needs the displayId");
  jupyter.lastWriteDisplayData(
    { data, metadata: {}, transient: options.displayId ? { display_id: options.displayId } : {} },
    options.update ?? false,
  );
}

/** Whether a display can be sent now: inside the tslab kernel, while a cell runs. */
export function displayAvailable(): boolean {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- internal module, see sendDisplayData
  const jupyter = require("tslab/dist/jupyter") as TslabJupyter;
  return typeof jupyter.lastWriteDisplayData === "function";
}
