import { DataError } from "./data-error";
import { quote, quoteBare } from "./quote";

/** One data record of a CSV file, with the 1-based line of the file on which it starts. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** A CSV file checked for shape: a header of unique, non-empty names and records as wide as the header. */
export interface CsvText {
  file: string;
  header: string[];
  records: CsvRecord[];
}

/**
 * Splits CSV text into a header and records, checking the file's shape so that later errors can
 * name a line: empty file, header only, empty or repeated column names, ragged rows, open quotes.
 *
 * Comma-separated, RFC 4180 quoting ("a, b" and "" for a quote), \n or \r\n line ends, an optional
 * UTF-8 byte-order mark. Records whose fields are all blank are skipped, as danfojs-node's readCSV
 * (PapaParse, skipEmptyLines "greedy") skips them, so both readers see the same rows.
 * Header names are trimmed; cells are kept as written. For a whole file in memory; readCsvMatrix
 * (csv-matrix.ts) streams a file through the same tokenizer and checks.
 */
export function parseCsvText(text: string, file: string): CsvText {
  const records: CsvRecord[] = [];
  const shape = new CsvShape(file, (fields, line) => records.push({ line, fields }));
  const tokenizer = new CsvTokenizer(file, (fields, line) => shape.record(fields, line));
  tokenizer.push(text);
  tokenizer.end();
  return { file, header: shape.finish(), records };
}

/**
 * The shape checks, record by record: the first non-blank record is the header (names trimmed, non-empty,
 * unique), every later non-blank record must be as wide; `finish` reports a file without data rows.
 */
export class CsvShape {
  private header: string[] | null = null;
  private rows = 0;

  constructor(
    private readonly file: string,
    private readonly onRow: (fields: string[], line: number) => void,
    private readonly onHeader: (header: string[], line: number) => void = () => {},
  ) {}

  record(fields: string[], line: number): void {
    if (fields.every((f) => f.trim() === "")) return;
    const file = this.file;
    if (this.header === null) {
      const header = fields.map((name) => name.trim());
      const seen = new Map<string, number>();
      header.forEach((name, i) => {
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
      this.header = header;
      this.onHeader(header, line);
      return;
    }
    if (fields.length !== this.header.length) {
      throw new DataError(
        { file, line },
        `${fields.length} fields, but the header has ${this.header.length} (${quoteBare(this.header.join(","))})`,
      );
    }
    this.rows++;
    this.onRow(fields, line);
  }

  /** The header, once the whole file was seen; an error for an empty file or one without data rows. */
  finish(): string[] {
    if (this.header === null) throw new DataError({ file: this.file }, "the file is empty");
    if (this.rows === 0) throw new DataError({ file: this.file }, "the file has a header but no data rows");
    return this.header;
  }
}

/**
 * A line this long is not a CSV row but a file that is not text, or has no line ends (the zero device
 * gives endless NUL bytes, a log file can be one huge line): stop instead of growing without bound.
 */
export const MAX_RECORD_CHARS = 16 * 1024 * 1024;

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
const NUL = 0;

const enum Mode {
  /** In an unquoted field (or before a field's first character). */
  Field,
  /** Inside a quoted field. */
  Quoted,
  /** Just read a quote inside a quoted field: "" (an escaped quote) or the closing quote. */
  QuoteInQuoted,
  /** After a closing quote: only spaces may come before the next separator. */
  AfterQuote,
  /** Just read a CR: a following LF belongs to the same line end. */
  AfterCr,
}

/**
 * The character-level CSV reader: fields, quotes and line ends, nothing else. Text arrives in pieces
 * (`push`), so a file of any size is read with memory for one record; `onRecord` gets each record with
 * the line it starts on. A NUL character or a record longer than MAX_RECORD_CHARS is a DataError.
 */
export class CsvTokenizer {
  private fields: string[] = [];
  private field = "";
  private mode = Mode.Field;
  private line = 1;
  private recordLine = 1;
  private openLine = 1;
  private recordChars = 0;
  private first = true;

  constructor(
    private readonly file: string,
    private readonly onRecord: (fields: string[], line: number) => void,
  ) {}

  push(chunk: string): void {
    let i = 0;
    if (this.first && chunk.length > 0) {
      this.first = false;
      if (chunk.charCodeAt(0) === 0xfeff) i = 1; // the byte-order mark
    }
    let start = i; // where the not yet copied part of the current field begins
    let recordStart = i;
    const len = chunk.length;
    while (i < len) {
      const c = chunk.charCodeAt(i);
      if (c === NUL) {
        throw new DataError({ file: this.file, line: this.line }, "holds a NUL byte: this is not a CSV text file");
      }
      switch (this.mode) {
        case Mode.Field:
          if (c === COMMA) {
            this.fields.push(this.field + chunk.slice(start, i));
            this.field = "";
            start = ++i;
          } else if (c === LF || c === CR) {
            this.field += chunk.slice(start, i);
            this.endRecord();
            this.mode = c === CR ? Mode.AfterCr : Mode.Field;
            this.line++;
            this.recordLine = this.line;
            start = recordStart = ++i;
            this.recordChars = 0;
          } else if (c === QUOTE && (this.field + chunk.slice(start, i)).trim() === "") {
            // A quoted field: what came before the quote was blank and is dropped.
            this.field = "";
            this.mode = Mode.Quoted;
            this.openLine = this.line;
            start = ++i;
          } else {
            i++;
          }
          break;
        case Mode.Quoted:
          if (c === QUOTE) {
            this.field += chunk.slice(start, i);
            this.mode = Mode.QuoteInQuoted;
            start = ++i;
          } else {
            if (c === LF) this.line++;
            i++;
          }
          break;
        case Mode.QuoteInQuoted:
          if (c === QUOTE) {
            this.field += '"';
            this.mode = Mode.Quoted;
            start = ++i;
          } else {
            this.mode = Mode.AfterQuote; // look at this character again
          }
          break;
        case Mode.AfterQuote:
          if (c === SPACE || c === TAB) {
            start = ++i;
          } else if (c === COMMA || c === LF || c === CR) {
            this.mode = Mode.Field; // the separator is handled there
            start = i;
          } else {
            throw new DataError(
              { file: this.file, line: this.line },
              `unexpected ${quote(chunk[i])} after a closing quote`,
            );
          }
          break;
        case Mode.AfterCr:
          this.mode = Mode.Field;
          if (c === LF) i++;
          start = recordStart = i;
          break;
      }
    }
    if (this.mode === Mode.Field || this.mode === Mode.Quoted) this.field += chunk.slice(start, len);
    this.recordChars += len - recordStart;
    if (this.recordChars > MAX_RECORD_CHARS) {
      throw new DataError(
        { file: this.file, line: this.recordLine },
        `the line is longer than ${MAX_RECORD_CHARS} characters: is this a CSV text file?`,
      );
    }
  }

  /** The end of the text: the last record, unless the text ended with a line break. */
  end(): void {
    if (this.mode === Mode.Quoted) {
      throw new DataError({ file: this.file, line: this.openLine }, "a quoted field is never closed");
    }
    if (this.field !== "" || this.fields.length > 0) this.endRecord();
  }

  private endRecord(): void {
    this.fields.push(this.field);
    const fields = this.fields;
    this.fields = [];
    this.field = "";
    this.onRecord(fields, this.recordLine);
  }
}
