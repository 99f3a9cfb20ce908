/**
 * protocol.ts — the messages between a host (browser page or Node process) and its sandbox
 * (browser worker, Node worker thread). Every message carries a `type` and the request `id`;
 * a host drops messages whose id is not the Run it is waiting for (stale results), and
 * validates every message with `sandboxMessageSchema` (a malformed one is an internal error,
 * never a pass).
 */
import { z } from "zod";
import type { Limits } from "./harness.ts";
import type { Shard } from "./shards.ts";
import { locationSchema, testResultSchema } from "./verdict.ts";

/** RunRequest asks a sandbox to judge one bundle. */
export interface RunRequest {
  type: "run";
  id: number;
  /** the Run's program (bundle.ts, link.ts), ending with its sourceURL */
  code: string;
  /** its source map, JSON text */
  map: string;
  limits: Limits;
  /**
   * shard, when the host judges the Run in several sandboxes at once: this one judges only the
   * tests whose index % count === index (each sandbox imports the whole bundle and reports
   * every collected name; test results carry their index among all tests).
   */
  shard?: Shard;
  /**
   * collectOnly asks only for the tests' names: the sandbox instantiates the program, answers
   * `collected`, then `done` with no results, and judges nothing. A host uses it on the hidden
   * tests bundled with an empty solution.ts to learn, on its own, what a Run must report.
   */
  collectOnly?: boolean;
}

const shardSchema = z
  .object({ index: z.number().int().min(0), count: z.number().int().min(1), tests: z.array(z.number().int().min(0)).optional() })
  .strict();

export const sandboxMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ready"), id: z.number() }).strict().describe("the sandbox is initialised and waits for a run"),
  z
    .object({ type: z.literal("collected"), id: z.number(), names: z.array(z.string()) })
    .strict()
    .describe("the bundle was imported; these tests were collected"),
  z
    .object({ type: z.literal("test-start"), id: z.number(), name: z.string(), index: z.number(), total: z.number() })
    .strict()
    .describe("a test started exploring"),
  z
    .object({ type: z.literal("alive"), id: z.number() })
    .strict()
    .describe("the sandbox is judging and making progress (a schedule started since the last message); sent at most every ALIVE_EVERY_MS"),
  z
    .object({ type: z.literal("test-result"), id: z.number(), result: testResultSchema, index: z.number(), total: z.number() })
    .strict()
    .describe("a test finished: its result without report, profile and passing schedule, which done carries (sandbox.ts progressOf)"),
  z
    .object({
      type: z.literal("load-error"),
      id: z.number(),
      status: z.enum(["runtime-error", "internal-error"]),
      message: z.string(),
      zh: z.string().optional().describe("message in Chinese, where the judge words it itself (what solution.ts lacks of what the tests use)"),
      location: locationSchema.optional(),
      stack: z.string().optional(),
    })
    .strict()
    .describe("importing the bundle threw: runtime-error if the learner's module threw, internal-error otherwise"),
  z
    .object({ type: z.literal("done"), id: z.number(), tests: z.array(testResultSchema), shard: shardSchema.optional() })
    .strict()
    .describe("every test was judged (with a shard: every test of that shard, in order)"),
]);

export type SandboxMessage = z.infer<typeof sandboxMessageSchema>;

/**
 * ALIVE_EVERY_MS is the most often a sandbox says `alive`. A host's wall clock measures time
 * without any message (code that never yields), not the Run's length, which a busy machine
 * stretches: see run-session.ts.
 */
export const ALIVE_EVERY_MS = 250;
