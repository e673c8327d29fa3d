import { readTextFile } from "../data/text-file";

/*
 * The experiment's parameters, in one file beside the notebooks (notebooks/parameters.json) that every notebook
 * reads, so that a student changes a value once and the whole report follows. Each section belongs to the
 * notebooks named in its comment; `data`, `network` and `training` are shared by all of them.
 */

export interface LabParameters {
  data: {
    /** The CSV file, relative to the notebooks' folder. */
    file: string;
    /** The numeric columns to reconstruct: n of them make an n-h-n network. */
    columns: string[];
    /** Share of rows held out for the test error (the split is seeded by training.seed). */
    testFraction: number;
    /** The unit of the data's values ("cm" for Iris), for errors stated in the data's own units. */
    units: string;
    /** A text column to colour the hidden codes by ("" for none); the models never see it. */
    labelColumn: string;
  };
  network: { hidden: number };
  /** Notebooks 2 and 3 (Question 3), and the paired runs of notebook 4. */
  training: { epochs: number; lr: number; batchSize: number; seed: number };
  /** Notebook 1: the seed of the initial weights, the sample x every equation is evaluated at, … */
  derivation: { seed: number; x: number[]; lr: number; batchRows: number; biasCases: number };
  /** Notebook 4 (Question 4). */
  comparison: {
    fewEpochs: number;
    manyEpochs: number;
    seeds: number[];
    tfjsEpochs: number;
    sweepRates: number[];
    sweepEpochs: number;
    sweepSeeds: number[];
    splitSeeds: number[];
    /** Autograd on mini-batches of this size at the same η: a one-directional mechanism. */
    miniBatch: number;
    /** Catalogue ids of the backward-pass slips trained as mechanisms (shape-preserving ones). */
    slips: string[];
    /** Adam's learning rate for the loss-averaging check under Adam. */
    adamLr: number;
  };
  /** Notebook 5. */
  baselines: {
    epochs: number;
    initSeeds: number[];
    initScales: number[];
    /** The same SGD continued to this many epochs, to see whether training had stopped. */
    longEpochs: number;
    /** Iterations of L-BFGS for the architecture's floor, from each of `floorSeeds`' initial weights. */
    lbfgsIterations: number;
    floorSeeds: number[];
  };
}

/** A parameter that is missing, misspelt or out of range: the message names the file and the parameter. */
export class ParameterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ParameterError";
  }
}

type Kind = "text" | "texts" | "count" | "seed" | "seeds" | "positive" | "positives" | "fraction" | "unit-values";

const SCHEMA: { [S in keyof LabParameters]: { [K in keyof LabParameters[S]]: Kind } } = {
  data: { file: "text", columns: "texts", testFraction: "fraction", units: "text", labelColumn: "text" },
  network: { hidden: "count" },
  training: { epochs: "count", lr: "positive", batchSize: "count", seed: "seed" },
  derivation: { seed: "seed", x: "unit-values", lr: "positive", batchRows: "count", biasCases: "count" },
  comparison: {
    fewEpochs: "count",
    manyEpochs: "count",
    seeds: "seeds",
    tfjsEpochs: "count",
    sweepRates: "positives",
    sweepEpochs: "count",
    sweepSeeds: "seeds",
    splitSeeds: "seeds",
    miniBatch: "count",
    slips: "texts",
    adamLr: "positive",
  },
  baselines: {
    epochs: "count",
    initSeeds: "seeds",
    initScales: "positives",
    longEpochs: "count",
    lbfgsIterations: "count",
    floorSeeds: "seeds",
  },
};

const EXPECTED: Record<Kind, string> = {
  text: "a string",
  texts: "a non-empty list of strings",
  count: "a whole number of at least 1",
  seed: "a whole number from 0 to 4294967295",
  seeds: "a non-empty list of whole numbers from 0 to 4294967295",
  positive: "a number greater than 0",
  positives: "a non-empty list of numbers greater than 0",
  fraction: "a number between 0 and 1 (both excluded)",
  "unit-values": "a non-empty list of numbers from 0 to 1",
};

const isSeed = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 0xffffffff;
const isPositive = (v: unknown): boolean => typeof v === "number" && Number.isFinite(v) && v > 0;
const nonEmptyListOf = (v: unknown, ok: (item: unknown) => boolean): boolean =>
  Array.isArray(v) && v.length > 0 && v.every(ok);

const VALID: Record<Kind, (v: unknown) => boolean> = {
  text: (v) => typeof v === "string",
  texts: (v) => nonEmptyListOf(v, (s) => typeof s === "string" && s !== ""),
  count: (v) => Number.isInteger(v) && (v as number) >= 1,
  seed: isSeed,
  seeds: (v) => nonEmptyListOf(v, isSeed),
  positive: isPositive,
  positives: (v) => nonEmptyListOf(v, isPositive),
  fraction: (v) => typeof v === "number" && v > 0 && v < 1,
  "unit-values": (v) => nonEmptyListOf(v, (x) => typeof x === "number" && x >= 0 && x <= 1),
};

/** Reads and checks the parameters file; every problem is one ParameterError naming the file and the parameter. */
export function readParameters(file = "parameters.json"): LabParameters {
  let text: string;
  try {
    text = readTextFile(file, 1 << 20);
  } catch (e) {
    throw new ParameterError(`${file}: ${(e as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    throw new ParameterError(`${file} is not valid JSON: ${(e as Error).message}`);
  }
  return checkParameters(value, file);
}

/** Checks a parsed parameters object against the schema (exported for tests and for notebooks that build one). */
export function checkParameters(value: unknown, file = "parameters.json"): LabParameters {
  const isRecord = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);
  if (!isRecord(value)) throw new ParameterError(`${file}: expected an object with the sections ${sectionList()}`);
  for (const section of Object.keys(value)) {
    if (!(section in SCHEMA))
      throw new ParameterError(`${file}: unknown section "${section}" (the sections are ${sectionList()})`);
  }
  for (const [section, fields] of Object.entries(SCHEMA) as [string, Record<string, Kind>][]) {
    const got: unknown = value[section];
    if (!isRecord(got)) throw new ParameterError(`${file}: the section "${section}" is missing or not an object`);
    for (const key of Object.keys(got) as string[]) {
      if (!(key in fields)) {
        throw new ParameterError(
          `${file}: unknown parameter "${section}.${key}" (the parameters of "${section}" are ${Object.keys(fields).join(", ")})`,
        );
      }
    }
    for (const [key, kind] of Object.entries(fields)) {
      if (!(key in got)) throw new ParameterError(`${file}: the parameter "${section}.${key}" is missing`);
      if (!VALID[kind](got[key])) {
        throw new ParameterError(
          `${file}: "${section}.${key}" must be ${EXPECTED[kind]}, not ${JSON.stringify(got[key])}`,
        );
      }
    }
  }
  return value as unknown as LabParameters;
}

function sectionList(): string {
  return Object.keys(SCHEMA).join(", ");
}
