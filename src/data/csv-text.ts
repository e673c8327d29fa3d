import { DataError } from "./data-error";

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
 * Header names and cells are kept as written; callers trim where it matters.
 */
export function parseCsvText(text: string, file: string): CsvText {
  const all = splitRecords(text.startsWith("\uFEFF") ? text.slice(1) : text, file);
  const records = all.filter((r) => r.fields.some((f) => f.trim() !== ""));
  if (records.length === 0) throw new DataError({ file }, "the file is empty");
  const [first, ...rows] = records;
  const header = first.fields.map((name) => name.trim());
  const seen = new Map<string, number>();
  header.forEach((name, i) => {
    if (name === "") throw new DataError({ file, line: first.line }, `column ${i + 1} of the header has no name`);
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      throw new DataError(
        { file, line: first.line },
        `column name "${name}" appears twice (columns ${earlier + 1} and ${i + 1})`,
      );
    }
    seen.set(name, i);
  });
  if (rows.length === 0) throw new DataError({ file }, "the file has a header but no data rows");
  for (const r of rows) {
    if (r.fields.length !== header.length) {
      throw new DataError(
        { file, line: r.line },
        `${r.fields.length} fields, but the header has ${header.length} (${header.join(",")})`,
      );
    }
  }
  return { file, header, records: rows };
}

/** The character-level CSV reader: fields, quotes and line ends, nothing else. */
function splitRecords(text: string, file: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const endRecord = (): void => {
    fields.push(field);
    records.push({ line: recordLine, fields });
    fields = [];
    field = "";
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '"' && field.trim() === "") {
      // A quoted field: read to the closing quote; "" stands for one quote, line ends are kept.
      const openLine = line;
      field = "";
      i++;
      for (;;) {
        if (i >= text.length) throw new DataError({ file, line: openLine }, "a quoted field is never closed");
        const q = text[i];
        if (q === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (q === "\n") line++;
        field += q;
        i++;
      }
      // Only spaces may follow the closing quote before the next separator.
      while (i < text.length && (text[i] === " " || text[i] === "\t")) i++;
      if (i < text.length && text[i] !== "," && text[i] !== "\n" && text[i] !== "\r") {
        throw new DataError({ file, line }, `unexpected ${JSON.stringify(text[i])} after a closing quote`);
      }
      continue;
    }
    if (c === ",") {
      fields.push(field);
      field = "";
      i++;
    } else if (c === "\n" || c === "\r") {
      endRecord();
      i += c === "\r" && text[i + 1] === "\n" ? 2 : 1;
      line++;
      recordLine = line;
    } else {
      field += c;
      i++;
    }
  }
  // The last record, unless the text ended with a line break.
  if (field !== "" || fields.length > 0) endRecord();
  return records;
}
