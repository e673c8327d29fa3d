import { quote, quotePath } from "../format/quote";

/** `line` is the 1-based line number in the file itself. */
export interface DataLocation {
  file: string;
  line?: number;
  column?: string;
}

/**
 * A problem with input data. The message is one line naming the file, and the line and column when there is
 * one, so the CLI can print it as it is and exit 1, while flag errors exit 2.
 */
export class DataError extends Error {
  readonly file: string;
  readonly line: number | undefined;
  readonly column: string | undefined;

  constructor(where: DataLocation, problem: string) {
    super(`${describeLocation(where)}: ${problem}`);
    this.name = "DataError";
    this.file = where.file;
    this.line = where.line;
    this.column = where.column;
  }
}

export function describeLocation({ file, line, column }: DataLocation): string {
  let s = file === "-" ? "standard input" : quotePath(file);
  if (line !== undefined) s += `, line ${line}`;
  if (column !== undefined) s += `, column ${quote(column)}`;
  return s;
}
