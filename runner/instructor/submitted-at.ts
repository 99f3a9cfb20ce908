/**
 * submitted-at.ts — reads `--submitted-at times.csv`, the submission times as the LMS recorded
 * them (a client's own timestamp can be forged). Node (csv-parse).
 *
 * The file is a CSV with a header row. The student id is the first column whose header is one
 * of ID_HEADERS, the time the first whose header is one of TIME_HEADERS (case and spaces
 * ignored); other columns are ignored, so an LMS export can be given as it is. A time must be
 * ISO 8601 with its offset (`2026-03-01T23:59:00+08:00`, `…Z`). A student listed twice keeps
 * the latest time. A bad file throws an Error naming the file, the line and the column.
 */
import { parse } from "csv-parse/sync";

/** ID_HEADERS name the student id column, normalized (lowercase, no spaces, _ and - dropped). */
export const ID_HEADERS = ["studentid", "sisuserid", "id", "idnumber", "login", "sisloginid", "username", "student"] as const;
/** TIME_HEADERS name the submission time column, normalized likewise. */
export const TIME_HEADERS = ["submittedat", "submitted", "submissiontime", "timestamp", "time", "lastmodified", "date"] as const;

const ISO_WITH_OFFSET = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/;

const norm = (h: string) => h.toLowerCase().replace(/[\s_\-]/g, "");

/** readSubmittedAt parses a times CSV's text into student id → ISO time. */
export function readSubmittedAt(text: string, file: string): Map<string, string> {
  let rows: string[][];
  try {
    rows = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][];
  } catch (e) {
    throw new Error(`${file}: is not a CSV file: ${(e as Error).message}`);
  }
  const header = (rows[0] ?? []).map(norm);
  const pick = (names: readonly string[]) => {
    for (const n of names) {
      const i = header.indexOf(n);
      if (i >= 0) return i;
    }
    return -1;
  };
  const idCol = pick(ID_HEADERS);
  const timeCol = pick(TIME_HEADERS);
  if (idCol < 0 || timeCol < 0) {
    throw new Error(`${file}: header is ${JSON.stringify(rows[0] ?? [])}, expected a student id column (${ID_HEADERS.join(", ")}) and a time column (${TIME_HEADERS.join(", ")})`);
  }
  const out = new Map<string, string>();
  rows.slice(1).forEach((row, i) => {
    const id = row[idCol] ?? "";
    const time = row[timeCol] ?? "";
    if (!id) return;
    if (!ISO_WITH_OFFSET.test(time) || Number.isNaN(Date.parse(time))) {
      throw new Error(`${file}: line ${i + 2}, column ${rows[0]![timeCol]}: is ${JSON.stringify(time)}, expected an ISO 8601 time with its offset like 2026-03-01T23:59:00+08:00`);
    }
    const had = out.get(id);
    if (had === undefined || Date.parse(time) > Date.parse(had)) out.set(id, time);
  });
  return out;
}
