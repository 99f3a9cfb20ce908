/**
 * model — what the timeline draws, computed from a run's report: one lane per goroutine with
 * its state at every step (running, runnable, blocked on a wait reason, finished), the events
 * that concern primitives, the happens-before edges between the events that synchronise, the
 * data races' accesses, the goroutines stuck at the end (a deadlock) and those still blocked
 * after main returned (leaks). Pure data, no DOM: runs anywhere (the spec runs it in Node).
 *
 * Edges are derived from the trace's object ids and kinds, as Go's memory model states them:
 * an Unlock happens before the next Lock of the same Mutex returns; a send happens before the
 * matching receive completes (and, unbuffered, a receive before the send completes); a close
 * before a receive that returns because the channel is closed; a WaitGroup's Done before the
 * Wait it releases; a go statement before the goroutine's first step.
 */
import type { GoroutineInfo, RaceReport, Report, TraceEvent, WaitReason } from "gosync/sim";

/** LaneState is what a goroutine does at a step: Go's status words, plus finished. */
export type LaneState = "running" | "runnable" | "blocked" | "finished";

/** Segment is a run of steps [from, to) over which a lane keeps one state (and wait reason). */
export interface Segment {
  from: number;
  to: number;
  state: LaneState;
  /** the wait reason, as Go's dump writes it, for a blocked segment */
  reason?: WaitReason | string;
}

/** TimelineEvent is one trace event the timeline marks, with its index in `events`. */
export interface TimelineEvent {
  index: number;
  step: number;
  t: number;
  g: number;
  kind: TraceEvent["kind"];
  obj?: number;
  detail?: string;
  at?: string;
  /** the goroutine whose step did this for g, which did not run (a receiver taking a blocked sender's value) */
  by?: number;
  afterMain?: boolean;
}

/** Edge is a happens-before edge between two events (indices into `events`). */
export interface Edge {
  from: number;
  to: number;
  /** what synchronises: unlock → lock, send → receive, close → receive, done → wait, go → first step */
  kind: "lock" | "chan" | "close" | "waitgroup" | "go";
}

/** WaitFor is a stuck goroutine waiting for a Mutex another goroutine holds: an edge of a deadlock's wait-for graph. */
export interface WaitFor {
  /** the stuck goroutine and the event at which it blocked */
  g: number;
  blocked: number;
  /** the goroutine holding the lock, and the event at which it took it */
  holder: number;
  locked: number;
  obj: number;
}

/** Lane is one goroutine over the run. */
export interface Lane {
  g: number;
  /** the step the goroutine was created at (main: the first step) */
  created: number;
  segments: Segment[];
  /** still blocked when the run ended: with a deadlock outcome, one of the goroutines stuck */
  stuck?: WaitReason | string;
  /** still blocked after main returned: a leak (its wait reason) */
  leaked?: WaitReason | string;
  /** the accesses of data races this goroutine made */
  raceAccesses: RaceMark[];
}

/** RaceMark is one access of a data race, placed on its goroutine's lane. */
export interface RaceMark {
  race: number;
  role: "current" | "previous";
  kind: "read" | "write";
  addr: string;
  at?: string;
  /**
   * step the access is drawn at: the step gosync's race report gives it (a report replayed with
   * stacks); for a report without one, the last step at or before the race's goroutine ran that
   * matches the access's line through the events' locations, or the goroutine's last running step.
   */
  step: number;
}

/** Timeline is everything the view draws. */
export interface Timeline {
  /** the distinct steps at which something happened, ascending: what the cursor moves through */
  steps: number[];
  /** the last step + 1 */
  end: number;
  lanes: Lane[];
  events: TimelineEvent[];
  edges: Edge[];
  /** for a deadlock: who waits for a lock held by whom (a cycle shows the deadlock) */
  waitsFor: WaitFor[];
  /** [step, virtual ms] where the clock jumped */
  clock: Array<[number, number]>;
  /** the step main returned at, when it did */
  mainReturnedAt?: number;
  outcome: Report["outcome"];
  races: RaceReport[];
}

/** TimelineInput is the part of a report the timeline reads. */
export type TimelineInput = Pick<Report, "outcome" | "leaks" | "races"> &
  Partial<Pick<Report, "trace" | "goroutines" | "mainReturnedAtStep" | "steps">>;

const RUNS_ON_OWN: ReadonlySet<TraceEvent["kind"]> = new Set(["unblock", "time", "timer"]);

/** lineOf is the line number of a `file:line:col` location, or undefined. */
export function lineOf(at: string | undefined): number | undefined {
  const m = at ? /:(\d+):(\d+)$/.exec(at) : null;
  return m ? Number(m[1]) : undefined;
}

/**
 * ranAt reports whether event `e` was made by its goroutine running: not done to it, as an
 * unblock is, nor done for it in another goroutine's step (`by`: a blocked send completed by a receiver).
 */
export function ranAt(e: Pick<TraceEvent, "g" | "kind" | "by">): boolean {
  return e.g > 0 && e.by === undefined && !RUNS_ON_OWN.has(e.kind);
}

/** buildTimeline computes the timeline of `report` (its trace, dump, races and leaks). */
export function buildTimeline(report: TimelineInput): Timeline {
  const trace = report.trace ?? [];
  const events: TimelineEvent[] = [];
  const stepSet = new Set<number>();
  const clock: Array<[number, number]> = [];
  for (const e of trace) {
    const ev: TimelineEvent = { index: events.length, step: e.step, t: e.t, g: e.g, kind: e.kind };
    if (e.obj !== undefined) ev.obj = e.obj;
    if (e.detail !== undefined) ev.detail = e.detail;
    if (e.at !== undefined) ev.at = e.at;
    if (e.by !== undefined) ev.by = e.by;
    if (e.afterMain) ev.afterMain = true;
    events.push(ev);
    stepSet.add(e.step);
    if (e.kind === "time") clock.push([e.step, e.t]);
  }
  const steps = [...stepSet].sort((a, b) => a - b);
  const end = (steps.at(-1) ?? 0) + 1;

  // Lanes: every goroutine the trace, the dump or the leak list names.
  const laneOf = new Map<number, Lane>();
  const lane = (g: number, created: number): Lane => {
    let l = laneOf.get(g);
    if (!l) {
      l = { g, created, segments: [], raceAccesses: [] };
      laneOf.set(g, l);
    }
    return l;
  };
  for (const e of events) {
    if (e.kind === "go" && trace[e.index]!.child !== undefined) lane(trace[e.index]!.child!, e.step);
    if (e.g > 0) lane(e.g, e.step);
  }
  for (const gi of [...(report.goroutines ?? []), ...report.leaks]) lane(gi.id, steps[0] ?? 0);

  // States: walk the events in order, one state machine per lane.
  interface Walk {
    state: LaneState;
    reason?: string;
    since: number;
    ranStep: number;
  }
  const walks = new Map<number, Walk>();
  for (const l of laneOf.values()) walks.set(l.g, { state: "runnable", since: l.created, ranStep: -1 });
  const close = (l: Lane, w: Walk, at: number) => {
    if (at > w.since) {
      const last = l.segments.at(-1);
      if (last && last.to === w.since && last.state === w.state && last.reason === w.reason) last.to = at;
      else l.segments.push({ from: w.since, to: at, state: w.state, ...(w.reason !== undefined ? { reason: w.reason } : {}) });
    }
    w.since = at;
  };
  const setState = (g: number, at: number, state: LaneState, reason?: string) => {
    const l = laneOf.get(g)!;
    const w = walks.get(g)!;
    close(l, w, at);
    w.state = state;
    w.reason = reason;
  };
  for (const e of events) {
    if (e.g <= 0) continue;
    const w = walks.get(e.g)!;
    if (ranAt(e) && w.ranStep !== e.step && w.state !== "finished") {
      // It ran at this step: one cell of running, then back to what it was (unless the event says otherwise).
      const prev = { state: w.state === "blocked" ? ("runnable" as LaneState) : w.state, reason: undefined };
      setState(e.g, e.step, "running");
      w.ranStep = e.step;
      close(laneOf.get(e.g)!, w, e.step + 1);
      w.state = prev.state;
      w.reason = prev.reason;
    }
    if (e.kind === "block") setState(e.g, e.step + 1, "blocked", e.detail);
    else if (e.kind === "unblock") setState(e.g, e.step + 1, "runnable");
    else if (e.kind === "end") setState(e.g, e.step + 1, "finished");
  }
  for (const l of laneOf.values()) close(l, walks.get(l.g)!, end);

  // The end: goroutines stuck in a deadlock, leaks.
  if (report.outcome === "deadlock" || report.outcome === "step-limit" || report.outcome === "fatal") {
    for (const gi of report.goroutines ?? []) if (isWait(gi)) lane(gi.id, 0).stuck = gi.status;
  }
  for (const gi of report.leaks) lane(gi.id, 0).leaked = gi.status;

  const edges = happensBefore(events, trace);

  // Races: each access on its goroutine's lane.
  report.races.forEach((race, i) => {
    for (const role of ["current", "previous"] as const) {
      const a = race[role];
      const l = lane(a.g, 0);
      l.raceAccesses.push({ race: i, role, kind: a.kind, addr: race.addr, ...(a.at !== undefined ? { at: a.at } : {}), step: a.step ?? accessStep(events, a.g, a.at, end) });
    }
  });

  const lanes = [...laneOf.values()].sort((a, b) => a.g - b.g);
  const waitsFor = lanes.some((l) => l.stuck) ? lockWaits(events, lanes) : [];
  const out: Timeline = { steps, end, lanes, events, edges, waitsFor, clock, outcome: report.outcome, races: report.races };
  if (report.mainReturnedAtStep !== undefined) out.mainReturnedAt = report.mainReturnedAtStep;
  return out;
}

/** lockWaits pairs each stuck goroutine's last block on a lock with the goroutine holding that lock at the end. */
function lockWaits(events: TimelineEvent[], lanes: Lane[]): WaitFor[] {
  const held = new Map<number, TimelineEvent>();
  const lastBlock = new Map<number, TimelineEvent>();
  for (const e of events) {
    if (e.obj === undefined) continue;
    if (e.kind === "lock" || e.kind === "rlock") held.set(e.obj, e);
    else if ((e.kind === "unlock" || e.kind === "runlock") && held.get(e.obj)?.g === e.g) held.delete(e.obj);
    else if (e.kind === "block") lastBlock.set(e.g, e);
  }
  const out: WaitFor[] = [];
  for (const l of lanes) {
    const b = l.stuck ? lastBlock.get(l.g) : undefined;
    const h = b?.obj !== undefined ? held.get(b.obj) : undefined;
    if (b && h && h.g !== l.g && /Lock$/.test(b.detail ?? "")) out.push({ g: l.g, blocked: b.index, holder: h.g, locked: h.index, obj: b.obj! });
  }
  return out;
}

function isWait(gi: GoroutineInfo): boolean {
  return gi.status !== "running" && gi.status !== "runnable";
}

/**
 * accessStep places a race access: the last step at which goroutine `g` ran an event on the
 * access's line, else the last step before `g`'s next event after one on an earlier line, else
 * its last running step.
 */
function accessStep(events: TimelineEvent[], g: number, at: string | undefined, end: number): number {
  const line = lineOf(at);
  let lastRun = -1;
  let before = -1;
  for (const e of events) {
    if (e.g !== g || !ranAt(e)) continue;
    lastRun = e.step;
    const l = lineOf(e.at);
    if (line !== undefined && l !== undefined && l <= line) before = e.step;
  }
  if (before >= 0) return before;
  return lastRun >= 0 ? lastRun : Math.max(0, end - 1);
}

function handKey(obj: number, g: number): string {
  return `${obj}:${g}`;
}

/** happensBefore pairs the events that synchronise (see the file's comment). */
export function happensBefore(events: TimelineEvent[], trace: TraceEvent[]): Edge[] {
  const edges: Edge[] = [];
  const lastUnlock = new Map<number, number>();
  const pendingSend = new Map<number, number[]>();
  const wokenReceiver = new Map<number, number>();
  /** the send that handed its value to a parked receiver, by channel and receiver (handKey), until that receiver's recv */
  const handed = new Map<string, number>();
  const closed = new Map<number, number>();
  const dones = new Map<number, number>();
  const spawned = new Map<number, number>();
  const seen = new Set<number>();
  for (const e of events) {
    if (e.g > 0 && !seen.has(e.g) && ranAt(e)) {
      seen.add(e.g);
      const from = spawned.get(e.g);
      if (from !== undefined) edges.push({ from, to: e.index, kind: "go" });
    }
    const obj = e.obj;
    switch (e.kind) {
      case "go": {
        const child = trace[e.index]?.child;
        if (child !== undefined && e.g > 0) spawned.set(child, e.index);
        break;
      }
      case "unlock":
      case "runlock":
        if (obj !== undefined) lastUnlock.set(obj, e.index);
        break;
      case "lock":
      case "rlock": {
        const from = obj !== undefined ? lastUnlock.get(obj) : undefined;
        if (from !== undefined && events[from]!.g !== e.g) edges.push({ from, to: e.index, kind: "lock" });
        if (obj !== undefined) lastUnlock.delete(obj);
        break;
      }
      case "send": {
        if (obj === undefined) break;
        // A receiver already parked is woken in the sender's step (its unblock is recorded
        // first); its receive completes, and is traced, when it next runs. A send done `by` a
        // receiver (the sender was parked) is traced before the receive that takes its value,
        // or, into a freed slot of a full buffer, queued as any buffered send.
        const woken = e.by === undefined ? wokenReceiver.get(obj) : undefined;
        if (woken !== undefined && events[woken]!.step === e.step && events[woken]!.g !== e.g) {
          wokenReceiver.delete(obj);
          handed.set(handKey(obj, events[woken]!.g), e.index);
        } else (pendingSend.get(obj) ?? pendingSend.set(obj, []).get(obj)!).push(e.index);
        break;
      }
      case "unblock": {
        if (obj === undefined) break;
        if (e.detail === "chan receive") {
          if (!closed.has(obj)) wokenReceiver.set(obj, e.index);
        } else if (e.detail === "sync.WaitGroup.Wait") {
          const from = dones.get(obj);
          if (from !== undefined) edges.push({ from, to: e.index, kind: "waitgroup" });
        } else if (e.detail === "sync.Mutex.Lock" || e.detail === "sync.RWMutex.Lock" || e.detail === "sync.RWMutex.RLock") {
          const from = lastUnlock.get(obj);
          if (from !== undefined && events[from]!.g !== e.g) edges.push({ from, to: e.index, kind: "lock" });
          lastUnlock.delete(obj);
        }
        break;
      }
      case "recv": {
        if (obj === undefined) break;
        if (e.detail === "closed") {
          if (closed.has(obj)) edges.push({ from: closed.get(obj)!, to: e.index, kind: "close" });
          break;
        }
        const key = handKey(obj, e.g);
        const handedBy = handed.get(key);
        if (handedBy !== undefined) {
          handed.delete(key);
          edges.push({ from: handedBy, to: e.index, kind: "chan" });
          break;
        }
        // The k-th send's value is the k-th receive's (Go's channels are FIFO); a goroutine
        // receiving its own send synchronises with nothing, but takes that send off the queue.
        const from = pendingSend.get(obj)?.shift();
        if (from !== undefined && events[from]!.g !== e.g) edges.push({ from, to: e.index, kind: "chan" });
        break;
      }
      case "close":
        if (obj !== undefined) closed.set(obj, e.index);
        break;
      case "done":
        if (obj !== undefined) dones.set(obj, e.index);
        break;
      case "wait": {
        const from = obj !== undefined ? dones.get(obj) : undefined;
        // A Wait that was woken already has its edge (on its unblock); one that did not block gets it here.
        const woken = edges.some((x) => x.kind === "waitgroup" && x.from === from && events[x.to]!.g === e.g);
        if (from !== undefined && !woken && events[from]!.g !== e.g) edges.push({ from, to: e.index, kind: "waitgroup" });
        break;
      }
    }
  }
  return edges;
}
