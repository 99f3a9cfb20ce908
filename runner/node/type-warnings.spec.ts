import { describe, expect, test } from "vitest";
import { findExercise } from "../../exercises/index.ts";
import { typeWarnings } from "./type-warnings.ts";

const ex = findExercise("safe-counter")!;
const typo = `import { Mutex } from "gosync/sync";
import { shared } from "gosync";

export class SafeCounter {
  #mu = new Mutex();
  #counts = shared(new Map<string, number>());

  async inc(key: string): Promise<void> {
    using _ = await this.#mu.lock();
    this.#counts[key] = (this.#counts.get(key) ?? 0) + 1;
  }

  async val(key: string): Promise<number> {
    using _ = await this.#mu.lock();
    return this.#counts.get(key) ?? 0;
  }
}
`;

describe("typeWarnings", () => {
  test("locates a type error in the learner's file, and names a method the tests call that the class lacks, once", () => {
    const w = typeWarnings(ex.dir, typo, ex.tests);
    expect(w[0]).toMatchObject({ file: "solution.ts", line: 10, column: 5, severity: "warning", message: expect.stringMatching(/^TS7052: .*'Map<string, number>' has no index signature/) });
    expect(w[1]).toMatchObject({ file: "hidden.test.ts", severity: "warning", message: expect.stringMatching(/^TS2551: Property 'value' does not exist on type 'SafeCounter'\. Did you mean 'val'\? \(and \d+ more places in hidden\.test\.ts\)$/) });
    expect(w).toHaveLength(2);
  });

  test("has nothing to say about the reference solution", () => {
    expect(typeWarnings(ex.dir, ex.solution, ex.tests)).toEqual([]);
  });
});
