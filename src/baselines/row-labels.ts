import { readCsvRecords } from "../data/csv-records";
import { DataError } from "../data/data-error";

/**
 * A text column (e.g. Iris's species) for chosen rows, given by their 1-based file lines as a Dataset records
 * them (trainLines, testLines): the labels a plot colours by, which the numeric reader leaves out.
 */
export async function columnForLines(file: string, column: string, lines: ArrayLike<number>): Promise<string[]> {
  const csv = await readCsvRecords(file);
  const c = csv.header.indexOf(column);
  if (c < 0) throw new DataError({ file, column }, `no such column; the header has ${csv.header.join(", ")}`);
  const byLine = new Map(csv.records.map((r) => [r.line, r.fields[c].trim()]));
  return Array.from(lines, (line) => {
    const v = byLine.get(line);
    if (v === undefined) throw new DataError({ file, line }, "no data record starts on this line");
    return v;
  });
}
