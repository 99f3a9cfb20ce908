/**
 * race.ts — the data-race detector: vector clocks over Go's happens-before edges.
 *
 * Every goroutine carries a vector clock (index = goroutine id, 0 = the runtime's timers).
 * Synchronisation objects (a mutex, a channel slot, a WaitGroup…) carry the join of the
 * clocks released into them; `acquire` joins that into the acquiring goroutine. An access
 * made by goroutine g at its own epoch e happens before goroutine h's present iff
 * e <= h.clock[g]. Each tracked location (object, property) remembers its last write and the
 * latest read of every goroutine since; an access that is not ordered after a conflicting one
 * (two accesses, at least one a write) is a race, reported once per pair of locations as Go's
 * race detector does.
 *
 * Why not one clock per goroutine pair or a global "last writer": a lost update needs the
 * *read* of one goroutine to be compared with the *write* of another, and a write after many
 * concurrent readers must be compared with each of them (FastTrack keeps the same read set).
 */
import { copyOf } from "../arrays.ts";
import { REPORT_RACES } from "./report.ts";
import type { RaceAccess, RaceReport } from "./schema.ts";
import { NativeMap, NativeWeakMap } from "../commons.ts";

/**
 * VC is a vector clock: VC[id] is the latest epoch of goroutine id known here. Clocks are dense
 * arrays of small integers (no holes: V8 keeps them as packed SMI arrays), as long as the
 * largest id they know of; an id past the end has epoch 0.
 */
export type VC = number[];

/** join sets into[i] = max(into[i], from[i]) for every i. */
export function join(into: VC, from: VC): void {
  const n = from.length;
  let m = into.length;
  for (let i = 0, k = m < n ? m : n; i < k; i++) {
    const v = from[i];
    if (into[i] < v) into[i] = v;
  }
  for (; m < n; m++) into.push(from[m]);
}

/** clockOf returns the initial clock of goroutine id: it knows its own first epoch only. */
export function clockOf(id: number): VC {
  const vc: VC = [];
  for (let i = 0; i < id; i++) vc.push(0);
  vc.push(1);
  return vc;
}

/** tick starts goroutine id's next epoch in its clock vc. */
function tick(vc: VC, id: number): void {
  while (vc.length <= id) vc.push(0);
  vc[id]++;
}

/** Clocked is what the detector needs from a goroutine. */
export interface Clocked {
  readonly id: number;
  vc: VC;
}

export type { RaceAccess, RaceReport } from "./schema.ts";

/** Epoch is one access's goroutine and its clock then, with where it was made (its stack is read only for a report). */
interface Epoch {
  g: number;
  e: number;
  where: Where | null;
}

/**
 * Shadow is one location's state: its last write, and the latest read of each goroutine since
 * (reads[0..nr)). A write empties the read set by resetting nr; the records past nr are kept
 * and reused, so a location read and written in turn (a counter) allocates nothing per access.
 */
interface Shadow {
  w: Epoch | null;
  reads: Epoch[];
  nr: number;
  /** the location's name (`shared#1.n`), once a race on it is reported */
  name?: string;
}

/** RaceSide is where an access of a reported race was made: its first frame, else its goroutine. */
type RaceSide = string | number;

function epochOf(g: number, e: number, where: Where | null): Epoch {
  return { g, e, where };
}

function setEpoch(x: Epoch, g: number, e: number, where: Where | null): void {
  x.g = g;
  x.e = e;
  x.where = where;
}

/** Where describes the location of an access (filled in only when stacks are on). */
export interface Where {
  at?: string;
  stack?: string[];
  /** the scheduling step the access was made at (an access's Where only) */
  step?: number;
}

/**
 * CreatorOf tells who created goroutine g (and where, when stacks were captured) and whether g
 * has finished, for a report's trailer; undefined for main, which Go gives no trailer.
 */
export type CreatorOf = (g: number) => { by: number; at?: string; finished: boolean } | undefined;

/** Loc is a tracked object as the detector needs it: its name, and its shadow table (null until first touched). */
export interface Loc {
  readonly addr: string;
  shadows: unknown;
}

/** KEY_LIMIT is how much of a property key a race report names: the program chooses its keys, of any length. */
const KEY_LIMIT = 200;

/** nameOf names location key of loc in a race report: `shared#1.count`, or `counts` for a symbol key (the whole object). */
function nameOf(loc: Loc, key: PropertyKey): string {
  if (typeof key === "symbol") return loc.addr;
  const k = String(key);
  return `${loc.addr}.${k.length > KEY_LIMIT ? `${k.slice(0, KEY_LIMIT)}… (${k.length - KEY_LIMIT} more characters)` : k}`;
}

/** RaceDetector holds the clocks of sync objects and the shadow state of shared locations. */
export class RaceDetector {
  readonly #creatorOf: CreatorOf;
  constructor(creatorOf: CreatorOf = () => undefined) {
    this.#creatorOf = creatorOf;
  }
  // Created on first use: runs that report no race (nearly all of an exploration) allocate neither.
  #locsMap: WeakMap<object, Loc> | null = null;
  /**
   * seen holds the races reported so far, to report each once: by location name, then where the
   * current and the previous access were made, a bit per pair of kinds. A racing access is
   * checked against it every time it races (each access of a hammered counter), so no key is
   * built for it: joining the parts into a string was an eighth of judging atomic-counter's starter.
   */
  #seen: Map<string, Map<RaceSide, Map<RaceSide, number>>> | null = null;
  /** races are the first REPORT_RACES races found, each once */
  readonly races: RaceReport[] = [];
  /** found counts the distinct races found, those past REPORT_RACES included */
  found = 0;

  /** fork gives a new goroutine its parent's knowledge (the go statement edge). */
  fork(parent: Clocked, child: Clocked): void {
    const vc = copyOf(parent.vc);
    while (vc.length <= child.id) vc.push(0);
    vc[child.id] = 1;
    child.vc = vc;
    tick(parent.vc, parent.id);
  }

  /**
   * clocks holds each sync object's clock for this run. Not a property of the object (a symbol
   * key was a cheaper load): learner code can list an object's symbols, and a clock it could
   * reach it could forge, ordering racing accesses. One detector per run, so a primitive reused
   * by a later run starts that run with no clock. A Map, not a WeakMap: it lives as long as its
   * run, and a WeakMap's entries are ephemerons the garbage collector traces apart.
   */
  readonly #clocks = new NativeMap<object, VC>();

  release(g: Clocked, obj: object): void {
    const c = this.#clocks.get(obj);
    if (c === undefined) this.#clocks.set(obj, copyOf(g.vc));
    else join(c, g.vc);
    tick(g.vc, g.id);
  }

  acquire(g: Clocked, obj: object): void {
    const c = this.#clocks.get(obj);
    if (c !== undefined) join(g.vc, c);
  }

  /**
   * access records a read or write of target[key] by g and reports a race if it has one; `base`
   * names target (`shared#1.items`). The simulator calls accessAt with the shared object's Loc
   * instead, which saves the lookup of target's shadow table.
   */
  access(g: Clocked, target: object, key: PropertyKey, base: string, write: boolean, where: Where | null): void {
    const locs = (this.#locsMap ??= new NativeWeakMap());
    let loc = locs.get(target);
    if (loc === undefined || loc.addr !== base) {
      loc = { addr: base, shadows: null };
      locs.set(target, loc);
    }
    this.accessAt(g, loc, key, write, where);
  }

  /**
   * accessAt records a read or write of property key of the object loc stands for, by g, and
   * reports a race if it has one; the location's name `${loc.addr}.${key}` is built only for a
   * report. A symbol key stands for the object as a whole (shared() reports a Map's or Set's
   * contents so, as Go's race detector sees a map as one location) and is named `loc.addr`.
   * loc's shadow table belongs to this detector (a Loc is used by one run only).
   */
  accessAt(g: Clocked, loc: Loc, key: PropertyKey, write: boolean, where: Where | null): void {
    let m = loc.shadows as Map<PropertyKey, Shadow> | null;
    if (m === null) loc.shadows = m = new NativeMap();
    let s = m.get(key);
    if (s === undefined) {
      s = { w: null, reads: [], nr: 0 };
      m.set(key, s);
    }
    // Epoch records are updated in place and made only when a location first sees a writer or
    // more concurrent readers than ever before: this runs on every access to shared state.
    const vc = g.vc;
    const id = g.id;
    const e = vc[id] ?? 0;
    const w = s.w;
    if (w !== null && w.g !== id && w.e > (vc[w.g] ?? 0)) {
      this.#report(s, loc, key, id, e, where, write ? "write" : "read", w, "write");
    }
    const rs = s.reads;
    const nr = s.nr;
    if (write) {
      for (let i = 0; i < nr; i++) {
        const r = rs[i];
        if (r.g !== id && r.e > (vc[r.g] ?? 0)) this.#report(s, loc, key, id, e, where, "write", r, "read");
      }
      s.nr = 0;
      if (w === null) s.w = epochOf(id, e, where);
      else setEpoch(w, id, e, where);
    } else {
      let i = 0;
      while (i < nr && rs[i].g !== id) i++;
      if (i < nr) setEpoch(rs[i], id, e, where);
      else {
        if (nr < rs.length) setEpoch(rs[nr], id, e, where);
        else rs.push(epochOf(id, e, where));
        s.nr = nr + 1;
      }
    }
  }

  /** report records the race of goroutine g's access (clock e, made at where) to location s with prev, once. */
  #report(s: Shadow, loc: Loc, key: PropertyKey, g: number, e: number, where: Where | null, curKind: "read" | "write", prev: Epoch, prevKind: "read" | "write"): void {
    const addr = (s.name ??= nameOf(loc, key));
    const byAddr = (this.#seen ??= new NativeMap());
    let byCur = byAddr.get(addr);
    if (byCur === undefined) byAddr.set(addr, (byCur = new NativeMap()));
    const curSide = where?.at ?? g;
    let byPrev = byCur.get(curSide);
    if (byPrev === undefined) byCur.set(curSide, (byPrev = new NativeMap()));
    const prevSide = prev.where?.at ?? prev.g;
    // A bit per pair of kinds that can race: a read after a write, a write after a read or a write.
    const bit = curKind === "read" ? 1 : prevKind === "read" ? 2 : 4;
    const bits = byPrev.get(prevSide) ?? 0;
    if ((bits & bit) !== 0) return;
    byPrev.set(prevSide, bits | bit);
    if (this.found++ >= REPORT_RACES) return;
    const cur = epochOf(g, e, where);
    const current: RaceAccess = { g: cur.g, kind: curKind, at: cur.where?.at, stack: cur.where?.stack };
    const previous: RaceAccess = { g: prev.g, kind: prevKind, at: prev.where?.at, stack: prev.where?.stack };
    if (cur.where?.step !== undefined) current.step = cur.where.step;
    if (prev.where?.step !== undefined) previous.step = prev.where.step;
    this.races.push({ addr, current, previous, text: this.#text(addr, current, previous) });
  }

  #text(addr: string, cur: RaceAccess, prev: RaceAccess): string {
    const cap = (k: "read" | "write") => (k === "read" ? "Read" : "Write");
    const frames = (a: RaceAccess) => (a.at !== undefined ? `  ${a.at}\n` : "  (location: replay the failure to capture stacks)\n");
    // Go's race reports name goroutine 1 "main goroutine" and give it no "created at" trailer.
    const by = (g: number) => (g === 1 ? "main goroutine" : `goroutine ${g}`);
    const created = (g: number) => {
      const c = this.#creatorOf(g);
      if (c === undefined) return "";
      return `\nGoroutine ${g} (${c.finished ? "finished" : "running"}) created at:\n  ${c.at ?? `(by ${by(c.by)})`}\n`;
    };
    return (
      "==================\n" +
      "WARNING: DATA RACE\n" +
      `${cap(cur.kind)} at ${addr} by ${by(cur.g)}:\n${frames(cur)}\n` +
      `Previous ${prev.kind} at ${addr} by ${by(prev.g)}:\n${frames(prev)}` +
      created(cur.g) +
      (prev.g !== cur.g ? created(prev.g) : "") +
      "=================="
    );
  }
}
