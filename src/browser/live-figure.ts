/**
 * One live figure: the notebook's training curves with a panel that retrains them in a Web Worker, streams
 * the new curves into the figure, keeps the settings in the URL hash, and checks the embedded run bit for bit.
 */
import { formatCount, formatSeconds } from "../format/number";
import { errorCurves } from "../plot/curves";
import { type Figure } from "../plot/figure";
import { compareErrors, describeComparison, embeddedErrors } from "../replay/compare";
import { type EmbeddedRun } from "../replay/embedded-run";
import {
  SETTING_NAMES,
  type SettingName,
  parseSettings,
  readHash,
  settingsToFields,
  writeHash,
} from "../replay/page-settings";
import { type RetrainSettings, runSettings } from "../replay/page-settings";
import { type EpochRecord } from "../train/trainer";
import { type Panel, buildPanel } from "./panel";
import { TrainerClient } from "./trainer-client";

/** The part of plotly.js used here. */
export interface PlotlyApi {
  react(el: HTMLElement, data: unknown, layout: unknown, config?: unknown): Promise<unknown>;
}

/** A plotly figure's div once drawn: plotly keeps the layout it was drawn with on the element. */
type PlotDiv = HTMLElement & { layout?: Record<string, unknown> };

/** Quiet time after a keystroke before retraining, so typing "0.05" trains once, not three times. */
const TYPING_MS = 350;

export class LiveFigure {
  private readonly panel: Panel;
  private readonly view: TrainerClient;
  private readonly checker: TrainerClient;
  private readonly notebook: RetrainSettings;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly run: EmbeddedRun,
    private readonly div: PlotDiv,
    private readonly plotly: PlotlyApi,
    workerUrl: string,
  ) {
    this.notebook = runSettings(run);
    this.view = new TrainerClient(workerUrl);
    this.checker = new TrainerClient(workerUrl);
    this.panel = buildPanel(div.ownerDocument, div.id, run.train.rows);
    this.panel.root.dataset.figure = div.id;
    this.fill(this.notebook);
    for (const name of SETTING_NAMES) {
      this.panel.fields[name].addEventListener(name === "method" ? "change" : "input", () => this.changed());
    }
    this.panel.reset.addEventListener("click", () => {
      this.fill(this.notebook);
      this.apply();
    });
    this.panel.check.addEventListener("click", () => this.check());
    this.showStatus("Showing the notebook's run.", "notebook");
  }

  /** Puts the panel after `anchor` and applies settings from the URL hash, if it has any for this figure. */
  mount(anchor: Element): void {
    anchor.after(this.panel.root);
    const fromHash = readHash(location.hash, this.div.id);
    if (Object.keys(fromHash).length > 0) {
      for (const [name, value] of Object.entries(fromHash)) this.panel.fields[name as SettingName].value = value;
      this.apply();
    }
  }

  private fill(s: RetrainSettings): void {
    const text = settingsToFields(s);
    for (const name of SETTING_NAMES) this.panel.fields[name].value = text[name];
  }

  private changed(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.apply(), TYPING_MS);
  }

  /** Reads the fields; retrains, or shows the embedded run when they are the notebook's settings. */
  private apply(): void {
    clearTimeout(this.timer);
    const fields = Object.fromEntries(SETTING_NAMES.map((n) => [n, this.panel.fields[n].value]));
    const { settings, errors } = parseSettings(fields, this.notebook, this.run.train.rows);
    for (const name of SETTING_NAMES) {
      const message = errors[name];
      this.panel.errors[name].textContent = message ? `must be ${message}` : "";
      this.panel.fields[name].setAttribute("aria-invalid", message ? "true" : "false");
    }
    if (Object.keys(errors).length > 0) return;
    this.updateHash(settings);
    if (SETTING_NAMES.every((n) => settings[n] === this.notebook[n])) {
      this.view.stop();
      const e = embeddedErrors(this.run);
      this.draw(e.trainError, e.testError, this.run.label);
      this.showStatus("Showing the notebook's run.", "notebook");
      return;
    }
    this.showStatus(`Training ${formatCount(settings.epochs)} epochs in this page…`, "training");
    this.view.start(this.run, settings, {
      progress: (train, test) => this.draw(train, test, settings.method),
      done: (m, roundTrip) => {
        this.draw(m.trainError, m.testError, settings.method);
        this.panel.root.dataset.seconds = String(m.seconds);
        this.panel.root.dataset.roundTripSeconds = String(roundTrip);
        const timing = `${formatCount(m.trainError.length - 1)} epochs in ${formatSeconds(m.seconds)}`;
        this.showStatus(
          m.stopped === null
            ? `Retrained in this page: ${timing}.`
            : `Retrained in this page, ${m.stopped} (${timing}).`,
          "retrained",
        );
      },
      failed: (message) => this.showStatus(`Training failed: ${message}`, "failed"),
    });
  }

  /** Reruns the notebook's configuration and compares every epoch's errors with the embedded ones. */
  private check(): void {
    const out = this.panel.checkResult;
    out.dataset.result = "running";
    out.textContent = `Training the notebook's configuration (${formatCount(this.notebook.epochs)} epochs) again…`;
    this.panel.check.disabled = true;
    this.checker.start(this.run, this.notebook, {
      progress: () => undefined,
      done: (m, roundTrip) => {
        this.panel.check.disabled = false;
        const c = compareErrors(embeddedErrors(this.run), { trainError: m.trainError, testError: m.testError });
        out.dataset.result = c.first === null && c.sameLength ? "identical" : "different";
        out.dataset.seconds = String(m.seconds);
        out.dataset.roundTripSeconds = String(roundTrip);
        out.textContent = `Check: ${describeComparison(c)} (retrained in ${formatSeconds(m.seconds)}).`;
      },
      failed: (message) => {
        this.panel.check.disabled = false;
        out.dataset.result = "failed";
        out.textContent = `Check failed: ${message}`;
      },
    });
  }

  private draw(trainError: ArrayLike<number>, testError: ArrayLike<number> | null, label: string): void {
    const history: EpochRecord[] = Array.from({ length: trainError.length }, (_, i) => ({
      epoch: i,
      trainError: trainError[i],
      testError: testError === null ? null : (testError[i] ?? NaN),
      seconds: 0,
    }));
    const fig: Figure = errorCurves([{ label, history }], { title: this.run.title });
    // Keep what the page did to the layout (the report moves the title into a caption and resizes the figure).
    const now = this.div.layout ?? {};
    const layout = { ...fig.layout, title: now.title ?? fig.layout.title, margin: now.margin ?? fig.layout.margin };
    if (now.height !== undefined) Object.assign(layout, { height: now.height });
    void this.plotly.react(this.div, fig.data, layout, fig.config);
  }

  private showStatus(text: string, state: string): void {
    this.panel.status.textContent = text;
    this.panel.root.dataset.state = state;
  }

  private updateHash(settings: RetrainSettings): void {
    const hash = writeHash(location.hash, this.div.id, settings, this.run);
    if (hash === location.hash || (hash === "" && location.hash === "#")) return;
    // replaceState: one history entry per page, not one per keystroke; the page does not scroll.
    history.replaceState(history.state, "", hash === "" ? location.pathname + location.search : hash);
  }
}
