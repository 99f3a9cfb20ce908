/**
 * bug-programs.ts — small concurrency bugs, classics of the literature written afresh against
 * gosync, for measuring how fast each strategy finds them (scripts/bench-search.ts) and for the
 * specs of the bounded strategies. Each program throws (or deadlocks) on the schedules that show
 * its bug and returns normally on the others; `buggy: false` marks a correct variant, on which
 * no strategy may report anything. The race detector is off when they are explored
 * (`detectRaces: false`): a race detector flags a lost update on every schedule, and what is
 * measured here is how soon a strategy reaches the schedule where the value is wrong.
 */
import { go } from "../src/go.ts";
import { Cond } from "../src/cond.ts";
import { Mutex, WaitGroup } from "../src/sync.ts";
import { gosched } from "../src/goruntime.ts";

/** BugProgram is one program of the benchmark. */
export interface BugProgram {
  name: string;
  /** what goes wrong, in a line */
  what: string;
  buggy: boolean;
  main: () => Promise<void>;
}

/** work runs n scheduling points: the noise a real goroutine does before its bug (loading, logging…). */
async function work(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await gosched();
}

/** check throws the bug's failure when cond does not hold. */
function check(cond: boolean, what: string): void {
  if (!cond) throw new Error(what);
}

/** lostUpdate: two goroutines read, yield and write back a counter; one increment is lost. */
function lostUpdate(locked: boolean): () => Promise<void> {
  return async () => {
    const mu = new Mutex();
    const s = { n: 0 };
    const wg = new WaitGroup();
    for (let i = 0; i < 2; i++) {
      wg.go(async () => {
        if (locked) await mu.lock();
        const t = s.n;
        await gosched();
        s.n = t + 1;
        if (locked) mu.unlock();
      });
    }
    await wg.wait();
    check(s.n === 2, `lost update: n = ${s.n}, want 2`);
  };
}

/** abba: two goroutines take two Mutexes in opposite orders (ordered: the same order, correct). */
function abba(ordered: boolean): () => Promise<void> {
  return async () => {
    const a = new Mutex();
    const b = new Mutex();
    const wg = new WaitGroup();
    wg.go(async () => {
      await a.lock();
      await b.lock();
      b.unlock();
      a.unlock();
    });
    wg.go(async () => {
      const [first, second] = ordered ? [a, b] : [b, a];
      await first.lock();
      await second.lock();
      second.unlock();
      first.unlock();
    });
    await wg.wait();
  };
}

/** checkThenAct: two goroutines each insert a key if it is missing; both see it missing. */
async function checkThenAct(): Promise<void> {
  const m = new Map<string, number>();
  let inserted = 0;
  const wg = new WaitGroup();
  for (let i = 0; i < 2; i++) {
    wg.go(async () => {
      await work(3);
      if (!m.has("k")) {
        await gosched();
        m.set("k", i);
        inserted++;
      }
    });
  }
  await wg.wait();
  check(inserted === 1, `check-then-act: inserted ${inserted} times, want 1`);
}

/** missedSignal: a waiter checks a flag without the lock, then waits on a Cond the signaller already signalled: it sleeps forever. */
async function missedSignal(): Promise<void> {
  const mu = new Mutex();
  const c = new Cond(mu);
  let ready = false;
  const wg = new WaitGroup();
  wg.go(async () => {
    if (!ready) {
      await gosched();
      await mu.lock();
      await c.wait();
      mu.unlock();
    }
  });
  wg.go(async () => {
    await mu.lock();
    ready = true;
    c.signal();
    mu.unlock();
  });
  await wg.wait();
}

/** addInside: wg.add is called inside the goroutines, so wait may return before any of them added. */
async function addInside(): Promise<void> {
  const wg = new WaitGroup();
  let done = 0;
  for (let i = 0; i < 3; i++) {
    go(async () => {
      wg.add(1);
      await gosched();
      done++;
      wg.done();
    });
  }
  await wg.wait();
  const seen = done;
  await work(10); // let the others finish: the bug is what wait saw, not a leak
  check(seen === 3, `wait returned after ${seen} of 3 goroutines`);
}

/** overdraw: a balance is checked in one critical section and debited in another; two withdrawals overdraw it. */
async function overdraw(): Promise<void> {
  const mu = new Mutex();
  let balance = 100;
  const wg = new WaitGroup();
  for (let i = 0; i < 2; i++) {
    wg.go(async () => {
      await mu.lock();
      const ok = balance >= 80;
      mu.unlock();
      if (ok) {
        await mu.lock();
        balance -= 80;
        mu.unlock();
      }
    });
  }
  await wg.wait();
  check(balance >= 0, `overdrawn: balance ${balance}`);
}

/**
 * deepTwoPreemptions: the bug needs goroutine A to be preempted right after its first write and
 * B right after its own: a1 < b1 < a2 < b2. Main first runs 60 steps alone, and A and B do 20 and
 * 30 steps of work before their two and 20 after, so the bug's decisions come after 100 steps of
 * the run, under decisions at every step and followed by 40 more. The unbounded depth-first
 * search changes the last decisions first and does not get back that far; its first schedule
 * alternates A and B, which with their different amounts of work never lines the four up.
 */
export async function deepTwoPreemptions(): Promise<void> {
  await work(60);
  const s = { a: 0, b: 0, c: 0 };
  let bug = false;
  const wg = new WaitGroup();
  wg.go(async () => {
    await work(20);
    s.a = 1;
    await gosched();
    if (s.b === 1 && s.c === 0) bug = true;
    await work(20);
  });
  wg.go(async () => {
    await work(30);
    if (s.a === 1) s.b = 1;
    await gosched();
    s.c = 1;
    await work(20);
  });
  await wg.wait();
  check(!bug, "A saw B's first write without its second (a1 < b1 < a2 < b2)");
}

/** oppositeLocks is the program of issue 12: two goroutines taking two Mutexes in opposite order. */
export const oppositeLocks = abba(false);

/** BUG_PROGRAMS are the benchmark's programs: buggy ones, then the correct variants. */
export const BUG_PROGRAMS: readonly BugProgram[] = [
  { name: "lost-update", what: "read, yield, write back: one increment lost", buggy: true, main: lostUpdate(false) },
  { name: "ab-ba", what: "two Mutexes taken in opposite orders", buggy: true, main: abba(false) },
  { name: "check-then-act", what: "insert-if-missing done twice", buggy: true, main: checkThenAct },
  { name: "missed-signal", what: "flag checked without the lock, signal sent before the wait", buggy: true, main: missedSignal },
  { name: "add-inside", what: "WaitGroup.add inside the goroutine", buggy: true, main: addInside },
  { name: "overdraw", what: "check and debit in two critical sections", buggy: true, main: overdraw },
  { name: "deep-two-preemptions", what: "two preemptions needed after 100 steps", buggy: true, main: deepTwoPreemptions },
  { name: "lost-update (locked)", what: "the counter under a Mutex", buggy: false, main: lostUpdate(true) },
  { name: "ab-ba (ordered)", what: "both take the Mutexes in the same order", buggy: false, main: abba(true) },
];
