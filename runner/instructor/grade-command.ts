/**
 * grade-command.ts — `synclab grade` and `synclab grade merge` (Node; runner/node/cli.ts
 * hands them their arguments).
 *
 *   synclab grade <assignment.yaml> <files or folders…> --out <path> [--format csv|canvas|moodle|gradescope|classroom]
 *                 [--report report.html] [--feedback dir/] [--jobs N] [--submitted-at times.csv]
 *                 [--similarity 0..1] [--shard i/n]
 *   synclab grade merge <shard files…> --out <path> [--assignment a.yaml] [--format …] [--report …]
 *                 [--feedback …] [--submitted-at …] [--similarity …]
 *
 * Exit status: 0 when every submission file was graded; 1 when the batch finished but some
 * files could not be graded (they are error rows in the outputs, with the reason); 2 for a
 * usage error (bad arguments, a bad assignment file or times file, instructor-only tests that
 * fail the reference solution, shard files that do not fit together) — nothing is written then.
 * Flags never change the exit status: they are for the instructor to read.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { summarize } from "../core/verdict.ts";
import { loadAssignment, type LoadedAssignment } from "./assignment.ts";
import { gradeFiles, type GradedRecord } from "./batch.ts";
import { gradebook, type Gradebook } from "./gradebook.ts";
import { JudgePool, defaultJobs } from "./judge-pool.ts";
import { FORMATS, writeOutputs, type Format } from "./outputs.ts";
import { progress } from "./progress.ts";
import { InstructorFileError } from "./schema.ts";
import { mergeShards, parseShard, shardFileText, shardFiles, type ShardFile } from "./shard.ts";
import { DEFAULT_THRESHOLD } from "./similarity.ts";
import { findSubmissionFiles } from "./submissions.ts";
import { readSubmittedAt } from "./submitted-at.ts";

export const GRADE_USAGE = `usage: synclab grade <assignment.yaml> <submission files or folders…> --out <path>
         [--format csv|canvas|moodle|gradescope|classroom] [--report report.html] [--feedback dir/]
         [--jobs N] [--submitted-at times.csv] [--similarity 0..1] [--shard i/n]
       synclab grade merge <shard files…> --out <path> [--assignment assignment.yaml] [--format …]
         [--report …] [--feedback …] [--submitted-at …] [--similarity …]

  Judges every submission (.synclab.json) × exercise with the hidden tests and the assignment's
  instructor-only tests, and writes the grades (--format csv: grades.csv; gradescope: a folder).
  With --shard i/n it grades one slice and --out writes a shard file; merge joins the shards.
  Exit status: 0 all graded, 1 some submissions could not be graded (error rows), 2 usage error.`;

/** UsageError is a mistake in the command line or its input files: exit 2, nothing written. */
export class UsageError extends Error {}

type Out = { write(s: string): unknown };

const OPTIONS = {
  out: { type: "string" },
  format: { type: "string" },
  report: { type: "string" },
  feedback: { type: "string" },
  jobs: { type: "string" },
  "submitted-at": { type: "string" },
  similarity: { type: "string" },
  shard: { type: "string" },
  assignment: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

interface Common {
  out: string;
  format: Format;
  report?: string;
  feedback?: string;
  times?: { file: string; map: Map<string, string> };
  threshold: number;
}

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** common reads the options grade and merge share. */
function common(values: ReturnType<typeof parse>["values"]): Common {
  if (!values.out) throw new UsageError("--out is required (the grades file, or with --shard the shard file)");
  const format = (values.format ?? "csv") as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format is "${values.format}", expected one of ${FORMATS.join(", ")}`);
  const threshold = values.similarity === undefined ? DEFAULT_THRESHOLD : Number(values.similarity);
  if (!(threshold >= 0 && threshold <= 1)) throw new UsageError(`--similarity is "${values.similarity}", expected a number from 0 to 1`);
  let times: Common["times"];
  if (values["submitted-at"] !== undefined) {
    const file = values["submitted-at"];
    if (!existsSync(file)) throw new UsageError(`--submitted-at file not found: ${file}`);
    try {
      times = { file, map: readSubmittedAt(readFileSync(file, "utf8"), file) };
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  }
  return {
    out: values.out,
    format,
    threshold,
    ...(values.report ? { report: values.report } : {}),
    ...(values.feedback ? { feedback: values.feedback } : {}),
    ...(times ? { times } : {}),
  };
}

async function load(file: string): Promise<LoadedAssignment> {
  try {
    return await loadAssignment(file);
  } catch (e) {
    if (e instanceof InstructorFileError) throw new UsageError(e.message);
    throw e;
  }
}

/**
 * checkInstructorTests judges each exercise's reference solution with its instructor-only
 * tests: a file the reference does not pass would take points from correct answers, so the
 * batch does not start.
 */
async function checkInstructorTests(loaded: LoadedAssignment, pool: JudgePool): Promise<void> {
  for (const ex of loaded.exercises) {
    for (const t of ex.instructorTests) {
      const v = await pool.judge({ exerciseId: ex.exercise.id, solution: ex.exercise.solution, tests: t.code, limits: ex.exercise.config.limits });
      if (v.status !== "pass") {
        throw new UsageError(`${loaded.file}: instructor-only tests ${t.path} of ${ex.entry.id} must pass the exercise's reference solution, got ${v.status}:\n${summarize(v)}`);
      }
    }
  }
}

function book(loaded: LoadedAssignment, records: GradedRecord[], c: Common): Gradebook {
  return gradebook(loaded, records, { threshold: c.threshold, ...(c.times ? { lmsTimes: c.times.map, lmsFile: c.times.file } : {}) });
}

function summary(b: Gradebook, written: string[], out: Out): number {
  const errors = b.rows.filter((r) => r.error !== undefined).length;
  const flagged = b.rows.filter((r) => r.flags.length > 0 && r.error === undefined).length;
  out.write(`graded ${b.rows.length - errors} of ${b.rows.length} submission(s); ${errors} could not be graded; ${flagged} flagged; ${b.similar.length} near-identical pair(s); times from ${b.timesFrom}\n`);
  for (const w of written) out.write(`wrote ${w}\n`);
  return errors > 0 ? 1 : 0;
}

/** gradeMain runs `synclab grade …` (argv after "grade") and returns the exit status. */
export async function gradeMain(argv: string[], out: Out = process.stdout, err: Out = process.stderr): Promise<number> {
  try {
    if (argv[0] === "merge") return await mergeMain(argv.slice(1), out);
    const { values, positionals } = parse(argv);
    if (values.help) throw new UsageError("");
    if (positionals.length < 2) throw new UsageError(`grade takes an assignment file and at least one submission file or folder, received ${positionals.length} argument(s)`);
    const c = common(values);
    const jobs = values.jobs === undefined ? defaultJobs() : Number(values.jobs);
    if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) throw new UsageError(`--jobs is "${values.jobs}", expected an integer from 1 to 64`);
    const shard = values.shard === undefined ? undefined : (() => {
      try {
        return parseShard(values.shard);
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
    })();
    if (shard && (values.report || values.feedback || values.format || values["submitted-at"] || values.similarity)) {
      throw new UsageError("--shard writes a shard file to --out; give --format, --report, --feedback, --submitted-at and --similarity to grade merge");
    }
    const loaded = await load(positionals[0]!);
    let files: string[];
    try {
      files = findSubmissionFiles(positionals.slice(1));
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    if (shard) files = shardFiles(files, shard);
    const pool = new JudgePool(jobs);
    let records: GradedRecord[];
    try {
      await checkInstructorTests(loaded, pool);
      const bar = progress(files.length * loaded.exercises.length, err as NodeJS.WritableStream);
      try {
        records = await gradeFiles(loaded, files, pool, { judged: (f, ex) => bar.tick(f, ex) });
      } finally {
        bar.stop();
      }
    } finally {
      await pool.close();
    }
    if (shard) {
      mkdirSync(dirname(c.out), { recursive: true });
      writeFileSync(c.out, shardFileText({ id: loaded.assignment.id, hash: loaded.hash }, loaded.file, shard, records));
      const errors = records.filter((r) => !r.ok).length;
      out.write(`shard ${shard.index}/${shard.count}: graded ${records.length - errors} of ${records.length} submission(s); ${errors} could not be graded\nwrote ${c.out}\n`);
      return errors > 0 ? 1 : 0;
    }
    const b = book(loaded, records, c);
    return summary(b, writeOutputs(b, c), out);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err.write(`${e.message ? `synclab: ${e.message}\n\n` : ""}${GRADE_USAGE}\n`);
    return 2;
  }
}

/** mergeMain runs `synclab grade merge …`. */
async function mergeMain(argv: string[], out: Out): Promise<number> {
  const { values, positionals } = parse(argv);
  if (values.help) throw new UsageError("");
  if (positionals.length === 0) throw new UsageError("grade merge takes the shard files that grade --shard i/n wrote");
  if (values.shard || values.jobs) throw new UsageError("grade merge judges nothing: --shard and --jobs are for grade");
  const c = common(values);
  const texts = positionals.map((p) => {
    if (!existsSync(p)) throw new UsageError(`shard file not found: ${p}`);
    return readFileSync(p, "utf8");
  });
  let assignmentFile = values.assignment;
  if (assignmentFile === undefined) {
    try {
      assignmentFile = (JSON.parse(texts[0]!) as Partial<ShardFile>).assignmentFile;
    } catch {
      // mergeShards says what is wrong with it
    }
  }
  if (!assignmentFile) throw new UsageError(`${positionals[0]}: names no assignment file; give --assignment`);
  const loaded = await load(assignmentFile);
  let records: GradedRecord[];
  try {
    records = mergeShards(texts, positionals, { id: loaded.assignment.id, hash: loaded.hash });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const b = book(loaded, records, c);
  return summary(b, writeOutputs(b, c), out);
}
