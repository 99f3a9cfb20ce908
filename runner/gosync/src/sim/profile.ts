/**
 * profile.ts — the blocking profile: how long goroutines were blocked, in virtual time, and how
 * often, per synchronisation object and call site, as Go's block profile counts it
 * (runtime/pprof "block": a goroutine that blocks on a channel operation, a select, a Mutex, an
 * RWMutex, a WaitGroup or a Cond adds one event and the time until it is woken, at the stack
 * where it blocked). Sleeping is not blocking on synchronisation and is not counted, as in Go;
 * neither is a goroutine still blocked when the run ends (Go records an event when it is woken).
 *
 * The recorder keeps one entry per (object, wait reason, call site) and a report lists them by
 * time blocked, the most first, with their total; the scheduler calls `blocked` when a goroutine
 * parks and `woken` when it is made runnable again.
 */
import type { BlockProfileEntry } from "./schema.ts";
import { NativeMap } from "../commons.ts";

/** REPORT_PROFILE is how many entries a report's blocking profile keeps: those with the most time blocked. */
export const REPORT_PROFILE = 50;

/** BlockProfile accumulates one run's blocking events. */
export class BlockProfile {
  readonly #entries = new NativeMap<string, BlockProfileEntry>();

  /** add records one blocking event of delayMs at (obj, reason, at). */
  add(obj: number, reason: BlockProfileEntry["reason"], at: string, delayMs: number): void {
    const key = `${obj}\u0000${reason}\u0000${at}`;
    const e = this.#entries.get(key);
    if (e !== undefined) {
      e.count++;
      e.delayMs += delayMs;
      return;
    }
    this.#entries.set(key, { obj, reason, at, count: 1, delayMs });
  }

  /** entries lists the entries by time blocked, the most first (then by count, then by call site, so the order is stable), the first REPORT_PROFILE. */
  entries(): BlockProfileEntry[] {
    const all: BlockProfileEntry[] = [];
    for (const e of this.#entries.values()) all[all.length] = { ...e };
    // Profiles are short and reports are built once a run: an insertion sort calls no array method (commons.ts).
    for (let i = 1; i < all.length; i++) {
      const x = all[i];
      let j = i - 1;
      while (j >= 0 && before(x, all[j])) {
        all[j + 1] = all[j];
        j--;
      }
      all[j + 1] = x;
    }
    if (all.length > REPORT_PROFILE) all.length = REPORT_PROFILE;
    return all;
  }

  /** size is how many distinct (object, reason, call site) entries there are. */
  get size(): number {
    return this.#entries.size;
  }
}

/** before orders a before b in a profile: more time blocked, then more events, then by call site. */
function before(a: BlockProfileEntry, b: BlockProfileEntry): boolean {
  if (a.delayMs !== b.delayMs) return a.delayMs > b.delayMs;
  if (a.count !== b.count) return a.count > b.count;
  return a.at < b.at;
}
