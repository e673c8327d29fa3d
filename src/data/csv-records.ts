import { parse, CsvError, type Info } from "csv-parse";
import { createReadStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import { TextDecoder } from "node:util";
import { DataError } from "./data-error";
import { quote, quoteBare } from "../format/quote";
import { describeReadError } from "./text-file";

/** `line`: the 1-based file line the record starts on. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** What a reader does with a file's header (names trimmed, non-empty, unique) and its records, each as wide. */
export interface CsvHandler {
  header(names: string[]): void;
  row(fields: string[], line: number): void;
}

/** Longer is no CSV row but a binary file or one without line ends: csv-parse stops rather than grow without bound. */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;

const NUL = "holds a NUL byte: this is not a CSV text file";
const NOT_UTF8 = "is not UTF-8 text (saved as Latin-1 or Windows-1252?): save it as UTF-8";

/** For notebooks and small files; the CLI streams. */
export async function readCsvRecords(file: string): Promise<{ header: string[]; records: CsvRecord[] }> {
  const records: CsvRecord[] = [];
  let header: string[] = [];
  await forEachCsvRecord(file, {
    header: (names) => (header = names),
    row: (fields, line) => records.push({ line, fields }),
  });
  return { header, records };
}

/**
 * Streamed ("-": standard input, as coreutils and curl name it), so a file of any size needs memory for one
 * record. RFC 4180 quotes, \n, \r\n or \r line ends (mixed too), a byte-order mark; spaces around fields
 * ignored. A ragged row is checked here, not by csv-parse, so that the message can say what the header is.
 * `bytes` stands in for the file's own (a test cuts them up).
 */
export async function forEachCsvRecord(
  file: string,
  handler: CsvHandler,
  bytes: AsyncIterable<Buffer> = file === "-" ? process.stdin : createReadStream(file, { highWaterMark: 1 << 20 }),
): Promise<void> {
  let header: string[] | null = null;
  let rows = 0;
  /** The line the last record ended on; csv-parse's count (info.lines) takes a \r\n inside quotes for two. */
  let end = 0;
  let doubleCounted = 0;
  // csv-parse reads a byte that is not UTF-8 as U+FFFD, and a NUL byte as any other, without a word: the
  // bytes are checked on their way to it, and a record is blamed when it holds what they became.
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let notUtf8 = false;
  let nul = false;
  const check = (chunk?: Buffer): void => {
    nul ||= chunk?.includes(0) ?? false;
    try {
      if (!notUtf8) decoder.decode(chunk, { stream: chunk !== undefined });
    } catch {
      notUtf8 = true;
    }
  };
  // Called as each record is parsed, so every record before a parse error is handled first; it keeps none (null).
  const onRecord = (fields: string[], info: Info): null => {
    const line = end + 1;
    for (const f of fields) {
      if (!/[\0\r\uFFFD]/.test(f)) continue;
      if (f.includes("\0")) throw new DataError({ file, line }, NUL);
      if (notUtf8 && f.includes("\uFFFD")) throw new DataError({ file, line }, NOT_UTF8);
      doubleCounted += f.split("\r\n").length - 1;
    }
    end = info.lines - doubleCounted;
    // Records of blank fields only are skipped (their lines still count), as danfojs-node's readCSV
    // (PapaParse, skipEmptyLines "greedy") skips them, so both readers see the same rows.
    if (fields.every((f) => f === "")) return null;
    if (header === null) {
      header = checkHeader(file, fields, line);
      handler.header(header);
    } else if (fields.length !== header.length) {
      const names = quoteBare(header.join(","));
      const problem = `${fields.length} fields, but the header has ${header.length} (${names})`;
      throw new DataError({ file, line }, problem + separatorHint(header));
    } else {
      handler.row(fields, line);
      rows++;
    }
    return null;
  };
  const parser = parse({
    bom: true,
    trim: true,
    relax_column_count: true,
    record_delimiter: ["\r\n", "\n", "\r"],
    max_record_size: MAX_RECORD_BYTES,
    on_record: onRecord,
  });
  try {
    await pipeline(
      bytes,
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          check(chunk);
          yield chunk;
        }
        check(); // the file ends inside a character
      },
      parser,
    );
  } catch (e) {
    if (!(e instanceof CsvError)) {
      const err = e as NodeJS.ErrnoException;
      throw err.syscall === undefined ? err : new DataError({ file }, describeReadError(err));
    }
    // An open quote is blamed on the line its record starts on (where the quote opened, unless an earlier
    // field of the record was quoted across lines); an endless record running over several lines is one.
    const at = Number(e.lines) - doubleCounted;
    const open = e.code === "CSV_QUOTE_NOT_CLOSED" || (e.code === "CSV_MAX_RECORD_SIZE" && at > end + 1);
    const endless = e.code === "CSV_MAX_RECORD_SIZE" && nul ? NUL : csvProblem(e);
    const problem = open ? "a quoted field is never closed" : endless;
    throw new DataError({ file, line: open ? end + 1 : at }, problem);
  }
  if (header === null) throw new DataError({ file }, "the file is empty");
  if (rows === 0) throw new DataError({ file }, "the file has a header but no data rows");
}

function csvProblem(e: CsvError): string {
  if (e.code === "CSV_MAX_RECORD_SIZE")
    return `the line is longer than ${MAX_RECORD_BYTES} bytes: is this a CSV text file?`;
  if (e.code === "INVALID_OPENING_QUOTE") {
    return "a quote inside an unquoted field: quote the whole field and double the quotes in it";
  }
  if (/CLOSING_QUOTE/.test(e.code)) return "a closing quote must be followed by a comma or the line's end";
  return `not a valid CSV file (${e.message.replace(/ (at|on) line \d+/, "")})`;
}

function checkHeader(file: string, fields: string[], line: number): string[] {
  const seen = new Map<string, number>();
  fields.forEach((name, i) => {
    if (name === "") throw new DataError({ file, line }, `column ${i + 1} of the header has no name`);
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      throw new DataError(
        { file, line },
        `column name ${quote(name)} appears twice (columns ${earlier + 1} and ${i + 1})`,
      );
    }
    seen.set(name, i);
  });
  return fields;
}

/** A header of one name holding ";" or a tab was written with another separator: say so. */
export function separatorHint(header: readonly string[]): string {
  const other = header.length === 1 ? [";", "\t"].find((s) => header[0].includes(s)) : undefined;
  return other === undefined ? "" : `; the separator must be a comma, and the header is separated by ${quote(other)}`;
}
