/**
 * timers.ts — the simulator's pending timers: a binary min-heap ordered by when, then by
 * creation (or reset) order, so timers due at the same instant fire deterministically. Go keeps
 * the same per-P heap in runtime/time.go.
 */
import type { RuntimeTimer } from "../runtime.ts";
import type { VC } from "./race.ts";

/** Timer is a pending call in a TimerHeap (a class: no closures per timer). */
export class Timer implements RuntimeTimer {
  /** #heap is the run's heap the timer belongs to (#private: a gosync Timer, in the learner's hands, holds this timer) */
  readonly #heap: TimerHeap;
  when: number;
  /** creation (or reset) order: timers due at the same instant fire in this order */
  seq: number;
  readonly fn: () => void;
  /** index in the heap, -1 when not pending */
  hi = -1;
  /** the creator's clock, when race detection is on: the timer's callback knows what it knew */
  vc: VC | null = null;
  constructor(heap: TimerHeap, when: number, fn: () => void) {
    this.#heap = heap;
    this.when = when;
    this.seq = heap.nextSeq();
    this.fn = fn;
  }
  stop(): boolean {
    if (this.hi < 0) return false;
    this.#heap.remove(this);
    return true;
  }
  reset(at: number): boolean {
    const was = this.hi >= 0;
    if (was) this.#heap.remove(this);
    this.when = at;
    this.seq = this.#heap.nextSeq();
    this.#heap.push(this);
    return was;
  }
}

/** TimerHeap holds one run's pending timers, the earliest first. */
export class TimerHeap {
  readonly #h: Timer[] = [];
  /** #seq is the next timer sequence number */
  #seq = 0;

  /** size is how many timers are pending. */
  get size(): number {
    return this.#h.length;
  }

  /** first is the earliest pending timer (undefined when none is). */
  get first(): Timer | undefined {
    return this.#h[0];
  }

  /** nextSeq takes the next sequence number (a reset timer fires after those due at the same instant). */
  nextSeq(): number {
    return this.#seq++;
  }

  push(t: Timer): void {
    const h = this.#h;
    t.hi = h.length;
    h.push(t);
    this.#up(t.hi);
  }

  remove(t: Timer): void {
    const h = this.#h;
    const i = t.hi;
    const last = h.pop()!;
    t.hi = -1;
    if (last !== t) {
      h[i] = last;
      last.hi = i;
      this.#down(i);
      this.#up(i);
    }
  }

  #less(a: Timer, b: Timer): boolean {
    return a.when < b.when || (a.when === b.when && a.seq < b.seq);
  }

  #up(i: number): void {
    const h = this.#h;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.#less(h[i], h[p])) break;
      this.#swap(i, p);
      i = p;
    }
  }

  #down(i: number): void {
    const h = this.#h;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.#less(h[l], h[m])) m = l;
      if (r < h.length && this.#less(h[r], h[m])) m = r;
      if (m === i) return;
      this.#swap(i, m);
      i = m;
    }
  }

  #swap(i: number, j: number): void {
    const h = this.#h;
    const a = h[i];
    const b = h[j];
    h[i] = b;
    h[j] = a;
    a.hi = j;
    b.hi = i;
  }
}
