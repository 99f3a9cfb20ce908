/**
 * schema.ts — the one shape of what a simulated run reports, as zod schemas: the event trace,
 * the goroutine dump, the data races, the schedule token that replays a run, and the report
 * that holds them. gosync's own types (`Report`, `TraceEvent`, `GoroutineInfo`, `RaceReport`…)
 * are inferred from these schemas, so the report gosync builds, the judge's Verdict and the
 * results panel that draws it read one declaration (the Verdict extends `reportSchema` for
 * what the judge adds when it bounds a report: see runner/core/verdict.ts).
 *
 * Where it runs: anywhere. It is gosync's only module that imports zod, and gosync's runtime
 * imports it for its types alone (`import type`), so a program using gosync, the simulator and
 * the judge's sandbox never load zod; a consumer that validates a report imports
 * `gosync/sim/schema`, which needs zod (a peer dependency of gosync).
 *
 * Every field says what it holds; the shapes are strict (an unknown key is an error), because a
 * report crosses a trust boundary on its way to a Verdict: what a sandbox sends is checked
 * against this, never trusted.
 */
import { z } from "zod";

/** waitReasonSchema: what a parked goroutine waits for, spelled as Go prints it in a goroutine dump. */
export const waitReasonSchema = z
  .enum([
    "chan send",
    "chan receive",
    "chan send (nil chan)",
    "chan receive (nil chan)",
    "select",
    "select (no cases)",
    "sleep",
    "sync.Mutex.Lock",
    "sync.RWMutex.RLock",
    "sync.RWMutex.Lock",
    "sync.WaitGroup.Wait",
    "sync.Cond.Wait",
    "semacquire",
  ])
  .describe("what a blocked goroutine waits for, as Go's goroutine dump writes it in brackets");

/** TRACE_KINDS are the kinds of trace event, in no particular order. */
export const TRACE_KINDS = [
  "go", "block", "unblock", "end",
  "lock", "unlock", "rlock", "runlock",
  "send", "recv", "close",
  "timer", "time", "panic", "wait", "add", "done", "note",
] as const;

/** traceEventSchema: one entry of the simulator's event trace. */
export const traceEventSchema = z
  .object({
    step: z.number().int().min(0).describe("scheduling step at which the event happened"),
    t: z.number().min(0).describe("virtual time in ms since the simulation started"),
    g: z.number().int().min(0).describe("goroutine the event belongs to; 0 for the runtime itself (a timer firing, the clock jumping)"),
    kind: z
      .enum(TRACE_KINDS)
      .describe(
        "go: created a goroutine (child); block/unblock: parked with a wait reason (detail) / made runnable; end: returned; lock…done: an operation on a primitive (obj); timer: a timer fired; time: the clock jumped (detail: the new instant); panic: a panic or fatal error (detail: its text); note: anything else",
      ),
    detail: z.string().optional().describe("the wait reason for block and unblock, the new instant for time, free text for note and panic"),
    obj: z.number().int().min(1).optional().describe("id of the primitive (mutex, channel, WaitGroup…) the event concerns, stable within a run"),
    child: z.number().int().min(1).optional().describe("the goroutine a go event created"),
    at: z.string().optional().describe("where in the learner's code (file:line:col), when stacks were captured"),
    by: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe(
        "present on an event of a parked goroutine written in another goroutine's step, the one named here: a send that blocked, completed when a receiver took its value (unbuffered, or a full buffer's freed slot); g did not run at this step, and `at` is where it called send or select",
      ),
    afterMain: z
      .literal(true)
      .optional()
      .describe("present on events after main returned: a Go program would have ended before them (the simulator, like synctest, lets runnable goroutines finish to tell leaks from late work)"),
  })
  .strict()
  .describe("one event of a simulated run");

/** goroutineInfoSchema: one goroutine in a dump or a leak list. */
export const goroutineInfoSchema = z
  .object({
    id: z.number().int().min(1).describe("goroutine id; 1 is main"),
    status: z
      .union([z.enum(["running", "runnable"]), waitReasonSchema])
      .describe("Go's status word in the dump's brackets: running, runnable, or the wait reason"),
    at: z.string().optional().describe("where it blocked (or, running, where it panicked), when stacks were captured"),
    stack: z.array(z.string()).optional().describe("its stack frames outside gosync, innermost first, when stacks were captured"),
    createdBy: z.number().int().min(0).optional().describe("id of the goroutine that created it (0: a timer); absent for main"),
    createdAt: z.string().optional().describe("where it was created, when stacks were captured"),
  })
  .strict()
  .describe("a goroutine as Go's traceback shows it");

/** raceAccessSchema: one of the two accesses of a data race. */
export const raceAccessSchema = z
  .object({
    g: z.number().int().min(0).describe("goroutine that made the access (0: a timer callback)"),
    kind: z.enum(["read", "write"]).describe("whether the access read or wrote the location"),
    at: z.string().optional().describe("where (file:line:col), when stacks were captured"),
    stack: z.array(z.string()).optional().describe("its stack frames, innermost first, when stacks were captured"),
    step: z.number().int().min(0).optional().describe("the scheduling step the access was made at (the trace's `step`), when stacks were captured"),
  })
  .strict()
  .describe("one access of a data race");

/** raceReportSchema: one data race, reported once per pair of locations as Go's race detector does. */
export const raceReportSchema = z
  .object({
    addr: z.string().describe("the shared location, as `counts.hits` or `shared#1.count`"),
    current: raceAccessSchema.describe("the access that found the race"),
    previous: raceAccessSchema.describe("the earlier access it is not ordered with"),
    text: z.string().describe("the report as Go prints it, starting with `WARNING: DATA RACE`"),
  })
  .strict()
  .describe("a data race: two accesses, one a write, not ordered by happens-before");

/** blockProfileEntrySchema: one line of the blocking profile, Go's block profile's count and delay at one call site. */
export const blockProfileEntrySchema = z
  .object({
    obj: z.number().int().min(0).describe("id of the primitive the goroutines blocked on, as trace events name it; 0 for none (a nil channel) or several (a select, counted by call site alone)"),
    reason: waitReasonSchema.describe("what they waited for, as a goroutine dump says it"),
    at: z.string().describe("the call site where they blocked (file:line:col), or `unknown` when no frame of the program was found"),
    count: z.number().int().min(1).describe("how many times a goroutine blocked there and was woken (Go's contentions)"),
    delayMs: z.number().min(0).describe("the virtual time they spent blocked there, in all, in ms (Go's delay)"),
  })
  .strict()
  .describe("blocking at one synchronisation object and call site");

/** OUTCOMES are the ways a simulated program ends. */
export const OUTCOMES = ["ok", "panic", "fatal", "deadlock", "step-limit", "foreign-wait", "paused"] as const;
export const outcomeSchema = z
  .enum(OUTCOMES)
  .describe(
    "how the program ended: ok, panic, fatal (a Go fatal error), deadlock, step-limit (the step budget ran out), foreign-wait (it awaited something outside the simulation) or paused (the manual strategy ran out of choices at a decision point, which the report's `decision` describes)",
  );

/**
 * EXPLORE_STRATEGIES are the strategies a caller can choose for run and explore: random, pct
 * (depth d), exhaustive (unbounded depth-first), and the bounded systematic searches,
 * preemption-bounded and delay-bounded (iterative: bound 0, 1, 2…; see bounded.ts).
 */
export const EXPLORE_STRATEGIES = ["random", "pct", "exhaustive", "preemption-bounded", "delay-bounded"] as const;
export const exploreStrategySchema = z.enum(EXPLORE_STRATEGIES).describe("the scheduling strategy chosen for a run or an exploration");
/**
 * RUN_STRATEGIES add what only one run can follow: `manual`, the caller's own choices (a list of
 * decisions, or a callback asked at each decision point; see manual.ts). A shrunk failure's token
 * is a manual one: its schedule is the choice list.
 */
export const RUN_STRATEGIES = [...EXPLORE_STRATEGIES, "manual"] as const;
export const runStrategySchema = z.enum(RUN_STRATEGIES).describe("the scheduling strategy of one run: an exploration's, or manual (the caller's choices)");
/** STRATEGY_NAMES also name what a report can say ran it: replay follows a recorded schedule. */
export const STRATEGY_NAMES = [...RUN_STRATEGIES, "replay"] as const;
export const strategyNameSchema = z.enum(STRATEGY_NAMES).describe("the scheduling strategy that picked who runs next");

/**
 * scheduleTokenSchema: what reproduces one failing run with `sim.run(main, token)` — the same
 * program, these options, the same run, step for step. For random and pct the strategy and its
 * parameters are enough; a systematic search's run is its list of decisions (`schedule`), which
 * `sim.run` follows as a replay.
 */
export const scheduleTokenSchema = z
  .object({
    strategy: runStrategySchema,
    seed: z.number().describe("the run's seed (random's choices, pct's priorities and change points, the virtual Math.random)"),
    depth: z.number().int().min(1).optional().describe("pct: the bug depth d (d−1 change points)"),
    expectedSteps: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe("pct: the number of decision points its d−1 change points were drawn over (explore adapts it from the runs before; the run needs the same one)"),
    bound: z.number().int().min(0).optional().describe("preemption-bounded and delay-bounded: the bound at which the failure was found"),
    schedule: z
      .array(z.number().int())
      .optional()
      .describe("exhaustive, the bounded searches and manual: the run's decisions (the choice list), which sim.run({ schedule }) follows"),
    maxSteps: z.number().int().min(1).optional().describe("the step limit of the run, when not gosync's default"),
    mainExits: z.literal(true).optional().describe("present when the run ended as main returned (Go's program semantics), not when every goroutine that could run had finished"),
  })
  .strict()
  .describe("the replayable token of a failing run");

/**
 * decisionOptionSchema: one thing the scheduler could run at a decision point, and what it would
 * do next — what a page that lets the learner be the scheduler shows on each button.
 */
export const decisionOptionSchema = z
  .object({
    id: z.number().int().describe("the goroutine (negative: a runtime step, the rest of an operation of goroutine `owner`) — the value to put in the choice list to run it"),
    op: z
      .string()
      .describe("what it does when picked: `start` (its first run), the operation it starts or goes on with (`Chan.send`, `sync.Mutex.Lock`, `gosched`…), or `runtime step`"),
    woken: z.string().optional().describe("present when it was blocked and has been woken: the wait reason it was blocked on (it now returns from that operation)"),
    at: z.string().optional().describe("where it stands in the program (file:line:col), when stacks are captured"),
    owner: z.number().int().min(0).optional().describe("for a runtime step: the goroutine whose operation it completes"),
    preempts: z.literal(true).optional().describe("present when picking it preempts the goroutine that ran last (which could go on)"),
  })
  .strict()
  .describe("one option at a decision point");

/**
 * decisionPointSchema: a point where the schedule has a choice — which runnable goroutine runs
 * next (`goroutine`), or which ready case a select takes (`select`). The choice is appended to
 * the choice list: a goroutine id, or a case index in [0, cases).
 */
export const decisionPointSchema = z
  .object({
    index: z.number().int().min(0).describe("how many decisions were taken before this one: its position in the choice list"),
    step: z.number().int().min(0).describe("the scheduling step it happens at"),
    kind: z.enum(["goroutine", "select"]).describe("goroutine: pick who runs next; select: pick one of a select's ready cases"),
    options: z.array(decisionOptionSchema).describe("goroutine: the runnable goroutines and runtime steps, in run-queue order"),
    cases: z.number().int().min(2).optional().describe("select: how many of its cases are ready (the choice is an index below it)"),
    g: z.number().int().min(0).optional().describe("select: the goroutine in the select; goroutine: the one that ran last (0 at the start)"),
  })
  .strict()
  .describe("a decision point of the schedule, where the manual strategy asks for a choice");

/**
 * shrinkSchema: what shrinking did to a failing schedule (sim.shrink): the smallest schedule it
 * found that fails the same way, fewest preemptions first, then fewest steps.
 */
export const shrinkSchema = z
  .object({
    fromSteps: z.number().int().min(0).describe("steps of the failing schedule exploration found"),
    toSteps: z.number().int().min(0).describe("steps of the shrunk schedule"),
    fromPreemptions: z.number().int().min(0).describe("preemptions in the schedule exploration found"),
    preemptions: z.number().int().min(0).describe("preemptions in the shrunk schedule (switches away from a goroutine that could go on)"),
    tries: z.number().int().min(0).describe("runs shrinking spent (it is bounded by a number of runs, so its result does not depend on the machine)"),
  })
  .strict()
  .describe("how a failing schedule was shrunk");

/** reportSchema: the result of one simulated run. */
export const reportSchema = z
  .object({
    outcome: outcomeSchema,
    message: z.string().optional().describe("for anything but ok: the first line as Go prints it (`fatal error: …`, `panic: …`)"),
    dump: z.string().optional().describe("the goroutine dump that follows the message, in Go's shape"),
    goroutines: z
      .array(goroutineInfoSchema)
      .optional()
      .describe("goroutines that existed at the end (every one for a deadlock; the panicking one first): the first 50"),
    goroutinesTotal: z.number().int().min(0).optional().describe("how many goroutines the dump would have shown, present only when goroutines holds fewer"),
    leaks: z.array(goroutineInfoSchema).describe("goroutines still alive when main returned (Go ends the program; gosync lists them): the first 50"),
    leaksTotal: z.number().int().min(0).optional().describe("how many goroutines leaked, present only when leaks holds fewer"),
    leakText: z.string().optional().describe("the leak list as Go's traceback writes it, when there are leaks"),
    races: z.array(raceReportSchema).describe("the data races found, each once: the first 50"),
    racesTotal: z.number().int().min(0).optional().describe("how many distinct data races were found, present only when races holds fewer"),
    elapsedMs: z.number().min(0).describe("virtual time elapsed, in ms"),
    steps: z.number().int().min(0).describe("scheduling points taken (decisions plus clock jumps)"),
    mainReturnedAtStep: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe("the step count when main returned, absent if it never did; a Go program ends there, the simulator lets runnable goroutines finish"),
    mainReturnedAtMs: z.number().min(0).optional().describe("the virtual time (ms) when main returned, with mainReturnedAtStep"),
    seed: z.number().describe("seed of the strategy and of the virtual Math.random"),
    strategy: strategyNameSchema,
    schedule: z
      .array(z.number().int())
      .describe("every decision taken where there was a choice, in order: goroutine ids (negative: a runtime step) and select case indices"),
    trace: z.array(traceEventSchema).optional().describe("the event trace, when asked for: its last 10,000 events"),
    profile: z
      .array(blockProfileEntrySchema)
      .optional()
      .describe("the blocking profile, when asked for: per object and call site, how often and how long goroutines were blocked, the most time first (the first 50)"),
    profileTotal: z.number().int().min(0).optional().describe("how many entries the profile had, present only when profile holds fewer"),
    traceDropped: z.number().int().min(0).optional().describe("how many events were left out at the start of trace, present only when some were"),
    decision: decisionPointSchema.optional().describe("for a paused run (manual strategy): the decision point it stopped at, waiting for a choice"),
  })
  .strict()
  .describe("what one simulated run reports (plain JSON: JSON.stringify round-trips it)");

export type WaitReason = z.infer<typeof waitReasonSchema>;
export type TraceEvent = z.infer<typeof traceEventSchema>;
export type GoroutineInfo = z.infer<typeof goroutineInfoSchema>;
export type RaceAccess = z.infer<typeof raceAccessSchema>;
export type RaceReport = z.infer<typeof raceReportSchema>;
export type Outcome = z.infer<typeof outcomeSchema>;
export type StrategyName = z.infer<typeof strategyNameSchema>;
export type ExploreStrategy = z.infer<typeof exploreStrategySchema>;
export type RunStrategy = z.infer<typeof runStrategySchema>;
export type DecisionOption = z.infer<typeof decisionOptionSchema>;
export type DecisionPoint = z.infer<typeof decisionPointSchema>;
export type ShrinkStats = z.infer<typeof shrinkSchema>;
export type ScheduleToken = z.infer<typeof scheduleTokenSchema>;
export type BlockProfileEntry = z.infer<typeof blockProfileEntrySchema>;
export type Report = z.infer<typeof reportSchema>;
