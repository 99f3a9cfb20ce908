/**
 * assignment.ts — reads an assignment file for grading (Node): the file parsed and validated
 * (schema.ts), each listed exercise found among the exercises (exercises/index.ts, so
 * SYNCLAB_EXERCISES folders count), each instructor-only test file read, and the assignment's
 * hash. A problem throws an InstructorFileError naming the file and the field.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { exerciseIds, findExercise, type Exercise } from "../../exercises/index.ts";
import { InstructorFileError, assignmentHash, parseAssignment, type Assignment, type AssignmentExercise } from "./schema.ts";

/** MAX_FILE_BYTES bounds an assignment file and each instructor-only test file. */
const MAX_FILE_BYTES = 1024 * 1024;

/** InstructorTests is one instructor-only test file, read. */
export interface InstructorTests {
  /** the path as the assignment file lists it (relative to it) */
  path: string;
  /** its text: a test file like hidden.test.ts, importing ./solution.ts */
  code: string;
}

/** GradedExercise is one exercise of a loaded assignment: its entry, the exercise, its instructor-only tests. */
export interface GradedExercise {
  entry: AssignmentExercise;
  exercise: Exercise;
  instructorTests: InstructorTests[];
}

/** LoadedAssignment is an assignment ready to grade with. */
export interface LoadedAssignment {
  /** the file as given on the command line */
  file: string;
  assignment: Assignment;
  /** assignmentHash(assignment): what a submission's assignment.hash must be */
  hash: string;
  exercises: GradedExercise[];
}

/** readBounded reads a text file of at most MAX_FILE_BYTES, or throws an InstructorFileError on `file`/`field` saying what `shown` is. */
function readBounded(path: string, shown: string, file: string, field: string | undefined): string {
  if (!existsSync(path) || !statSync(path).isFile()) throw new InstructorFileError(file, field, `${shown}: file not found (${path})`);
  const size = statSync(path).size;
  if (size > MAX_FILE_BYTES) throw new InstructorFileError(file, field, `${shown} is ${size} bytes, expected at most ${MAX_FILE_BYTES}`);
  return readFileSync(path, "utf8");
}

/**
 * loadAssignment reads and checks the assignment file at `file`: schema, known exercise ids,
 * instructor-only test files present (paths relative to the assignment file).
 */
export async function loadAssignment(file: string): Promise<LoadedAssignment> {
  const assignment = parseAssignment(readBounded(resolve(file), "the assignment file", file, undefined), file);
  const base = dirname(resolve(file));
  const exercises = assignment.exercises.map((entry, i): GradedExercise => {
    const exercise = findExercise(entry.id);
    if (!exercise) {
      throw new InstructorFileError(file, `exercises.${i}.id`, `"${entry.id}" is not an exercise; known ids: ${exerciseIds().join(", ")}`);
    }
    const instructorTests = (entry.instructorTests ?? []).map((p, j) => ({
      path: p,
      code: readBounded(resolve(base, p), p, file, `exercises.${i}.instructorTests.${j}`),
    }));
    return { entry, exercise, instructorTests };
  });
  return { file, assignment, hash: await assignmentHash(assignment), exercises };
}
