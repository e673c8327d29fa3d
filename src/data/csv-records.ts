import { parse, CsvError, type Options } from "csv-parse/sync";
import { TextDecoder } from "node:util";
import { DataError } from "./data-error";
import { quote, quoteBare } from "./quote";
import { readPieces } from "./text-file";

/** One data record of a CSV file, with the 1-based line of the file on which it starts. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** What a reader does with a file's header (names trimmed, non-empty, unique) and its records, each as wide. */
export interface CsvHandler {
  header(names: string[]): void;
  row(fields: string[], line: number): void;
  /** After each piece of the file: bytes read so far, and the file's size when it is a regular file. */
  progress?(bytesRead: number, fileBytes: number | null): void;
}

/**
 * A line this long is not a CSV row but a file that is not text, or has no line ends (a log file can be
 * one huge line): stop instead of growing without bound.
 */
export const MAX_RECORD_CHARS = 16 * 1024 * 1024;

/**
 * csv-parse's reading of RFC 4180: quotes ("a, b", "" for a quote), \n, \r\n or \r line ends (mixed too),
 * a byte-order mark, spaces around fields ignored. Records are checked for width here, not by csv-parse,
 * so that the message can say what the header is.
 */
const CSV_OPTIONS: Options = { trim: true, relax_column_count: true, record_delimiter: ["\r\n", "\n", "\r"] };

/** The whole file: its header and records (for notebooks and small files; the CLI streams). */
export function readCsvRecords(file: string): { header: string[]; records: CsvRecord[] } {
  const records: CsvRecord[] = [];
  let header: string[] = [];
  forEachCsvRecord(file, {
    header: (names) => (header = names),
    row: (fields, line) => records.push({ line, fields }),
  });
  return { header, records };
}

/**
 * Reads a CSV file ("-": standard input) in 1 MiB pieces, so a file of any size needs memory for one
 * piece: the text up to the last line end outside quotes goes to csv-parse, the rest waits for the next
 * piece. Every problem is a DataError naming the file and, where there is one, the line: not found, not
 * UTF-8, a NUL byte, an endless line, an open quote, an empty file, a bad header, a ragged row.
 */
export function forEachCsvRecord(file: string, handler: CsvHandler): void {
  let header: string[] | null = null;
  let rows = 0;
  const onRecord = (fields: string[], line: number): void => {
    if (header === null) {
      header = checkHeader(file, fields, line);
      handler.header(header);
    } else if (fields.length !== header.length) {
      const names = quoteBare(header.join(","));
      const problem = `${fields.length} fields, but the header has ${header.length} (${names})`;
      throw new DataError({ file, line }, problem + separatorHint(header));
    } else {
      rows++;
      handler.row(fields, line);
    }
  };
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const text = new CsvPieces(file, onRecord);
  let bytesRead = 0;
  try {
    readPieces(file, (bytes, fileBytes) => {
      bytesRead += bytes.length;
      text.add(decodeUtf8(decoder, bytes, file, text), false);
      handler.progress?.(bytesRead, fileBytes);
    });
  } catch (e) {
    if (e instanceof DataError) throw e;
    throw new DataError({ file }, (e as Error).message);
  }
  text.add(decodeUtf8(decoder, undefined, file, text), true);
  if (header === null) throw new DataError({ file }, "the file is empty");
  if (rows === 0) throw new DataError({ file }, "the file has a header but no data rows");
}

/**
 * CSV text arriving in pieces, parsed as whole records: what is read but not yet parsed waits, and is cut
 * after its last line end that lies outside quotes (an even number of quote characters before it).
 */
export class CsvPieces {
  private text = "";
  private line = 1;
  /** Line ends in `text`, and whether it ends inside quotes. */
  private lines = 0;
  private quoted = false;
  private scanned = 0;

  constructor(
    private readonly file: string,
    private readonly onRecord: (fields: string[], line: number) => void,
  ) {}

  add(more: string, final: boolean): void {
    const text = (this.text += more);
    let cut = 0;
    let linesBeforeCut = 0;
    for (; this.scanned < text.length; this.scanned++) {
      const i = this.scanned;
      const c = text.charCodeAt(i);
      // A CR ends a line unless an LF follows, which the next piece may bring.
      if (c === 13 && i + 1 === text.length && !final) break;
      if (c === 34) this.quoted = !this.quoted;
      else if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
        this.lines++;
        if (!this.quoted) [cut, linesBeforeCut] = [i + 1, this.lines];
      } else if (c === 0) {
        throw new DataError({ file: this.file, line: this.lineAt() }, "holds a NUL byte: this is not a CSV text file");
      }
    }
    if (final) [cut, linesBeforeCut] = [text.length, this.lines];
    if (cut > 0) {
      this.parse(text.slice(0, cut));
      this.text = text.slice(cut);
      this.scanned -= cut;
      this.line += linesBeforeCut;
      this.lines -= linesBeforeCut;
    }
    if (this.text.length > MAX_RECORD_CHARS) {
      this.parse(this.text); // a stray quote keeps the text "inside quotes": csv-parse names it
      throw new DataError(
        { file: this.file, line: this.line },
        `the line is longer than ${MAX_RECORD_CHARS} characters: is this a CSV text file?`,
      );
    }
  }

  /** The file line the last character read is on (for a NUL byte or an invalid UTF-8 sequence). */
  lineAt(): number {
    return this.line + this.lines;
  }

  /** Parses whole records; a record starts on the line after the previous one's last line. */
  private parse(block: string): void {
    let records: string[][];
    try {
      records = parse(block, { ...CSV_OPTIONS, bom: this.line === 1 }) as string[][];
    } catch (e) {
      if (!(e instanceof CsvError)) throw e;
      throw new DataError({ file: this.file, line: this.line - 1 + csvErrorLine(block, e) }, describeCsvError(e));
    }
    let line = this.line;
    for (const fields of records) {
      // Records of blank fields only are skipped (and counted), as danfojs-node's readCSV (PapaParse,
      // skipEmptyLines "greedy") skips them, so both readers see the same rows.
      if (fields[0] !== "" || fields.some((f) => f !== "")) this.onRecord(fields, line);
      line++;
      for (const f of fields) if (f.includes("\n") || f.includes("\r")) line += lineBreaks(f);
    }
  }
}

function lineBreaks(s: string): number {
  return s.split(/\r\n|\n|\r/).length - 1;
}

/** The line of the block a csv-parse error belongs to: an open quote is blamed on the line it opened on. */
function csvErrorLine(block: string, e: CsvError): number {
  const lines = Number(e.lines);
  if (e.code !== "CSV_QUOTE_NOT_CLOSED") return lines;
  try {
    parse(block, { ...CSV_OPTIONS, raw: true, on_record: () => null });
  } catch (again) {
    // With raw on, the error carries the open record's text from its first character.
    const raw = String((again as CsvError & { raw?: string }).raw ?? "");
    return lines - lineBreaks(raw.replace(/(\r\n|\n|\r)$/, ""));
  }
  return lines;
}

function describeCsvError(e: CsvError): string {
  if (e.code === "CSV_QUOTE_NOT_CLOSED") return "a quoted field is never closed";
  if (e.code === "INVALID_OPENING_QUOTE") {
    return "a quote inside an unquoted field: quote the whole field and double the quotes in it";
  }
  if (/CLOSING_QUOTE/.test(e.code)) return "a closing quote must be followed by a comma or the line's end";
  // csv-parse counts lines from the start of the piece it was given: the location is ours to give.
  return `not a valid CSV file (${e.message.replace(/ at line \d+/, "")})`;
}

function decodeUtf8(decoder: TextDecoder, bytes: Buffer | undefined, file: string, at: CsvPieces): string {
  try {
    return decoder.decode(bytes, { stream: bytes !== undefined });
  } catch {
    // The line of the first bad byte: line ends are single bytes in UTF-8 and in the 8-bit encodings.
    const good = bytes === undefined ? "" : bytes.toString("utf8");
    const before = good.slice(0, Math.max(0, good.indexOf("\uFFFD")));
    throw new DataError(
      { file, line: at.lineAt() + lineBreaks(before) },
      "is not UTF-8 text (saved as Latin-1 or Windows-1252?): save it as UTF-8",
    );
  }
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
