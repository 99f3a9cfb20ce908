/**
 * chan.ts — Go's channels.
 *
 * A channel has a buffer of `cap` values (0: unbuffered), a queue of goroutines blocked
 * sending and one of goroutines blocked receiving. The invariants are Go's: a receiver waits
 * only while the buffer is empty and no sender waits; a sender waits only while the buffer is
 * full and no receiver waits. A value goes straight from a sender to a waiting receiver (and a
 * receiver that empties a slot of a full buffer moves the first waiting sender's value in).
 *
 * Waiters may belong to a `select` that waits on several channels: the first channel to
 * complete one of its cases marks the select fired, and the other channels skip its waiters.
 *
 * Happens-before (Go's memory model, as the race detector sees it): the k-th send on a
 * channel happens before the k-th receive completes; the k-th receive on a channel of capacity
 * C happens before the (k+C)-th send completes (for C = 0 the receive and send synchronise both
 * ways); close happens before a receive that returns because the channel is closed.
 *
 * Trace (when on): a send is traced when it is done, on its goroutine — by the sender itself,
 * or, for a sender that blocked, in the step of the receiver that takes its value (`by`, the
 * receiver; located where the sender called send), before that receive. A receive that blocked
 * is traced when its goroutine runs again (the sender's step woke it). So each send comes
 * before the receive that takes its value, in trace order, as a timeline's arrows need.
 */
import { removeFirst } from "./arrays.ts";
import { isInteger } from "./commons.ts";
import { GoPanic } from "./panic.ts";
import { PARK, rt, type Goroutine, type ResumeOp, type Runtime, type WaitReason } from "./runtime.ts";
import { syncObject } from "./sync-object.ts";

/** SelectWait is shared by all the waiters of one blocked select; `fired` is the case that won. */
export interface SelectWait {
  fired: number;
}

/** Waiter is a goroutine blocked on a channel (directly, or through a select case). */
export interface Waiter<T> {
  g: Goroutine;
  /** the value being sent, or the value received */
  v: T | undefined;
  /** receive: true if a value was delivered, false if woken by close */
  ok: boolean;
  /** send: woken by close (the sender must panic) */
  closed: boolean;
  sel: SelectWait | null;
  /** case index within the select */
  idx: number;
}

/*
 * The runtime-facing operations of a channel (those given the runtime or a waiter), set by
 * Chan's static block (the accessor pattern of commons.ts). They are #private methods, not
 * prototype methods: a learner's object could carry an own property of the same name, or
 * replace the prototype's in a realm that is not hardened, and would then be handed the
 * simulator. On anything but a Chan the brand check throws a TypeError.
 */
/** recvReady tells whether a receive from ch would complete now (a buffered value, a waiting sender, or closed). */
export let recvReady: <T>(ch: Chan<T>) => boolean;
/** sendReady tells whether a send on ch would complete now or panic (closed, a waiting receiver, or buffer room). */
export let sendReady: <T>(ch: Chan<T>) => boolean;
/** recvNow completes a receive that recvReady said would not block: [value, ok]. */
export let recvNow: <T>(ch: Chan<T>, r: Runtime) => [T, boolean];
/** sendNow completes a send that sendReady said would not block; it panics if ch is closed. */
export let sendNow: <T>(ch: Chan<T>, v: T, r: Runtime) => void;
/** enqueueRecv queues a plain (non-select) receiver on ch and publishes its clock. */
let enqueueRecv: <T>(ch: Chan<T>, w: Waiter<T>, r: Runtime) => void;
/** enqueueSelect queues a blocked select's waiter on ch (a sender's if send) and publishes its clock. */
export let enqueueSelect: <T>(ch: Chan<T>, w: Waiter<T>, send: boolean, r: Runtime) => void;
/** dequeueSelect removes every waiter of sel from ch (a select that has fired or is giving up). */
export let dequeueSelect: <T>(ch: Chan<T>, sel: SelectWait) => void;
/** afterRecvWake completes a receive woken on ch by a send or a close: its happens-before edge and its trace event. */
export let afterRecvWake: <T>(ch: Chan<T>, w: Waiter<T>, r: Runtime) => void;
/** timerSend delivers a timer's tick on ch without blocking (see Chan's #timerSend). */
export let timerSend: <T>(ch: Chan<T>, v: T) => void;
/** drain empties a timer channel's hidden buffer; it returns whether a value was waiting there. */
export let drain: <T>(ch: Chan<T>) => boolean;

/** Chan is a Go channel of T. Create one with `chan<T>(cap)`; `Chan.nil<T>()` is a nil channel. */
export class Chan<T> implements AsyncIterable<T> {
  /** #syncObject marks this object as one of gosync's (sync-object.ts): shared() hands it back as it is. */
  readonly #syncObject = syncObject(this);
  /** #size is the capacity; timer channels report 0 but hold one value internally, as Go 1.23's do */
  readonly #size: number;
  /** #buf holds the buffered values from #head on; #compact drops the consumed front */
  readonly #buf: (T | undefined)[] = [];
  #head = 0;
  /** #closed is set once, by close */
  #closed = false;
  #recvq: Waiter<T>[] = [];
  #sendq: Waiter<T>[] = [];
  /** sends and receives so far through the buffer, for the slot happens-before edges */
  #sendx = 0;
  #recvx = 0;
  #slots: object[] | null = null;
  /** isNil is true for the nil channel: every send and receive blocks forever */
  readonly isNil: boolean;
  /** #timer is true for the channel of a Timer or Ticker (len and cap read 0) */
  readonly #timer: boolean;

  /** Use `chan<T>(cap)`; the constructor is public for `instanceof` and subclassing. */
  constructor(cap = 0, kind: "plain" | "nil" | "timer" = "plain") {
    if (!isInteger(cap) || cap < 0) throw new GoPanic("makechan: size out of range");
    this.isNil = kind === "nil";
    this.#timer = kind === "timer";
    this.#size = this.#timer ? 1 : cap;
  }

  /** nil returns a nil channel: send and receive block forever, close panics. */
  static nil<T>(): Chan<T> {
    return new Chan<T>(0, "nil");
  }

  /** len is the number of values buffered (Go's len(ch)). */
  get len(): number {
    return this.#timer ? 0 : this.#buf.length - this.#head;
  }

  /** cap is the buffer capacity (Go's cap(ch)). */
  get cap(): number {
    return this.#timer ? 0 : this.#size;
  }

  /**
   * send sends v (Go's `ch <- v`). It blocks until a receiver takes v or the buffer has room.
   * Send on a closed channel panics with `send on closed channel`, also for a sender blocked
   * when the channel is closed. Send on a nil channel blocks forever.
   */
  async send(v: T): Promise<void> {
    const r = rt();
    await r.yield("Chan.send");
    if (this.isNil) return r.park("chan send (nil chan)", this);
    if (this.#closed) throw new GoPanic("send on closed channel");
    if (this.#sendReady()) {
      this.#sendNow(v, r);
      return;
    }
    const w: Waiter<T> = { g: r.current(), v, ok: false, closed: false, sel: null, idx: 0 };
    this.#sendq.push(w);
    r.release(w);
    await r.park("chan send", this);
    if (w.closed) throw new GoPanic("send on closed channel");
    r.acquire(w);
  }

  /**
   * recv receives a value (Go's `<-ch`). It blocks until a value is available; from a closed
   * channel it drains the buffer first and then returns the zero value (undefined) at once.
   */
  recv(): Promise<T> {
    return rt().perform(new RecvOp<T, T>(this, RECV), this);
  }

  /** recvOk is Go's `v, ok := <-ch`: ok is false only when the channel is closed and drained. */
  recvOk(): Promise<[T, boolean]> {
    return rt().perform(new RecvOp<T, [T, boolean]>(this, RECV_OK), this);
  }

  /**
   * close closes the channel (Go's `close(ch)`): waiting receivers get the zero value with
   * ok = false once the buffer is drained; waiting senders panic. Closing a closed channel
   * panics with `close of closed channel`; closing a nil channel with `close of nil channel`.
   */
  close(): void {
    const r = rt();
    r.op("close");
    if (this.isNil) throw new GoPanic("close of nil channel");
    if (this.#closed) throw new GoPanic("close of closed channel");
    this.#closed = true;
    r.release(this.#closeToken());
    if (r.tracing) r.event("close", undefined, this);
    const recvq = this.#recvq;
    const sendq = this.#sendq;
    this.#recvq = [];
    this.#sendq = [];
    for (const w of recvq) {
      if (!this.#claim(w)) continue;
      w.v = undefined;
      w.ok = false;
      r.unpark(w.g);
    }
    for (const w of sendq) {
      if (!this.#claim(w)) continue;
      w.closed = true;
      r.unpark(w.g);
    }
  }

  /** `for await (const v of ch)` receives until the channel is closed and drained (Go's range). */
  [Symbol.asyncIterator](): AsyncIterator<T> {
    // Each next() is one receive that resolves to the iteration result itself: no async
    // generator, whose every step would add promises and hops around the receive.
    return { next: () => rt().perform(new RecvOp<T, IteratorResult<T>>(this, RANGE), this) };
  }

  // ——— internal: used by RecvOp, select and the timers, through the functions the static
  // block below exports (Go keeps chansend and chanrecv unexported); not part of the contract ———

  static {
    recvReady = (ch) => ch.#recvReady();
    sendReady = (ch) => ch.#sendReady();
    recvNow = (ch, r) => ch.#recvNow(r);
    sendNow = (ch, v, r) => ch.#sendNow(v, r);
    enqueueRecv = (ch, w, r) => ch.#enqueueRecv(w, r);
    enqueueSelect = (ch, w, send, r) => ch.#enqueue(w, send, r);
    dequeueSelect = (ch, sel) => ch.#dequeueSelect(sel);
    afterRecvWake = (ch, w, r) => ch.#afterRecvWake(w, r);
    timerSend = (ch, v) => ch.#timerSend(v);
    drain = (ch) => ch.#drain();
  }

  /** #recvReady: a receive would complete now (a buffered value, a waiting sender, or closed). */
  #recvReady(): boolean {
    if (this.isNil) return false;
    return this.#buf.length > this.#head || this.#live(this.#sendq) !== null || this.#closed;
  }

  /** #sendReady: a send would complete now or panic (closed, a waiting receiver, or buffer room). */
  #sendReady(): boolean {
    if (this.isNil) return false;
    return this.#closed || this.#live(this.#recvq) !== null || this.#buf.length - this.#head < this.#size;
  }

  /** #enqueueRecv queues a plain (non-select) receiver and publishes its clock. */
  #enqueueRecv(w: Waiter<T>, r: Runtime): void {
    this.#recvq.push(w);
    r.release(w);
  }

  /** #recvNow completes a receive that #recvReady said would not block. */
  #recvNow(r: Runtime): [T, boolean] {
    if (this.#buf.length > this.#head) {
      const v = this.#buf[this.#head] as T;
      this.#buf[this.#head++] = undefined;
      this.#sync(r, this.#slot(this.#recvx++));
      if (r.tracing) r.event("recv", undefined, this);
      // a slot freed: the first waiting sender's value moves into the buffer
      const s = this.#live(this.#sendq);
      if (s !== null) {
        this.#sendq.shift();
        this.#claim(s);
        this.#buf.push(s.v);
        r.acquire(s);
        this.#sync(r, this.#slot(this.#sendx++));
        r.release(s);
        // its send is done now, before it runs again: traced as its, after the receive that made room
        if (r.tracing) r.eventOf(s.g, "send", undefined, this);
        r.unpark(s.g);
      }
      this.#compact();
      return [v, true];
    }
    const s = this.#live(this.#sendq);
    if (s !== null) {
      // unbuffered: take the value straight from the waiting sender, whose send is done now
      // (traced as its, before the receive it happens before) though it runs only later
      this.#sendq.shift();
      this.#claim(s);
      this.#sync(r, s);
      if (r.tracing) r.eventOf(s.g, "send", undefined, this);
      r.unpark(s.g);
      if (r.tracing) r.event("recv", undefined, this);
      return [s.v as T, true];
    }
    r.acquire(this.#closeToken());
    if (r.tracing) r.event("recv", "closed", this);
    return [undefined as T, false];
  }

  /** #sendNow completes a send that #sendReady said would not block (panics if closed). */
  #sendNow(v: T, r: Runtime): void {
    if (this.#closed) throw new GoPanic("send on closed channel");
    if (!this.#handToReceiver(v, r)) {
      this.#buf.push(v);
      this.#sync(r, this.#slot(this.#sendx++));
    }
    if (r.tracing) r.event("send", undefined, this);
  }

  /** handToReceiver gives v to the first waiting receiver, if any, and wakes it. */
  #handToReceiver(v: T, r: Runtime): boolean {
    const w = this.#live(this.#recvq);
    if (w === null) return false;
    this.#recvq.shift();
    this.#claim(w);
    w.v = v;
    w.ok = true;
    // unbuffered: the receive also happens before the send completes
    if (this.#size === 0) this.#sync(r, w);
    else {
      this.#sendx++;
      this.#recvx++;
      r.release(w);
    }
    r.unpark(w.g);
    return true;
  }

  /**
   * #afterRecvWake completes, on the receiver's turn, a receive that blocked and was woken by a
   * send or a close: it records the happens-before edge and traces the receive (the waker's step
   * traced only its send or close and the receiver's unblock). Run from the receiver's resumed
   * operation, so the event is located where the receiver called recv or select.
   */
  #afterRecvWake(w: Waiter<T>, r: Runtime): void {
    r.acquire(w.ok ? w : this.#closeToken());
    if (r.tracing) r.event("recv", w.ok ? undefined : "closed", this);
  }

  /** #enqueue adds a blocked select's waiter; it publishes the waiter's clock first. */
  #enqueue(w: Waiter<T>, send: boolean, r: Runtime): void {
    (send ? this.#sendq : this.#recvq).push(w);
    r.release(w);
  }

  /** #dequeueSelect removes every waiter of sel (a select that has fired or is giving up). */
  #dequeueSelect(sel: SelectWait): void {
    dropSelect(this.#recvq, sel);
    dropSelect(this.#sendq, sel);
  }

  /**
   * #timerSend delivers a timer's tick without blocking: to a waiting receiver, else into the
   * hidden one-value buffer, else (a slow reader of a ticker) the tick is dropped, as in Go.
   */
  #timerSend(v: T): void {
    const r = rt();
    if (this.#handToReceiver(v, r)) return;
    if (this.#buf.length === this.#head) {
      this.#buf.push(v);
      this.#sync(r, this.#slot(this.#sendx++));
    }
  }

  /**
   * #drain empties a timer channel's hidden buffer (Stop and Reset leave no stale value); it
   * returns whether a value was waiting there, undelivered.
   */
  #drain(): boolean {
    const had = this.#buf.length > this.#head;
    this.#buf.length = 0;
    this.#head = 0;
    return had;
  }

  /** live returns the first waiter of q that can still be completed, dropping fired selects' waiters. */
  #live(q: Waiter<T>[]): Waiter<T> | null {
    while (q.length > 0) {
      const w = q[0];
      if (w.sel === null || w.sel.fired < 0) return w;
      q.shift();
    }
    return null;
  }

  /** claim marks a select waiter's select as fired by this case; plain waiters always succeed. */
  #claim(w: Waiter<T>): boolean {
    if (w.sel === null) return true;
    if (w.sel.fired >= 0) return false;
    w.sel.fired = w.idx;
    return true;
  }

  #compact(): void {
    if (this.#head > 32 && this.#head * 2 > this.#buf.length) {
      removeFirst(this.#buf, this.#head);
      this.#head = 0;
    }
  }

  #sync(r: Runtime, slot: object): void {
    r.acquire(slot);
    r.release(slot);
  }

  #slot(i: number): object {
    if (this.#slots === null) this.#slots = [];
    const k = this.#size === 0 ? 0 : i % this.#size;
    return (this.#slots[k] ??= {});
  }

  #closeTok: object | null = null;
  #closeToken(): object {
    return (this.#closeTok ??= {});
  }
}

const RECV = 0;
const RECV_OK = 1;
const RANGE = 2;

/**
 * RecvOp is one receive after its scheduling point (Runtime.perform): it completes at once if
 * the channel is ready, else it becomes the waiter a sender or close completes. Its result is
 * shaped for the caller: the value (recv), [value, ok] (recvOk), or an iteration result (range).
 */
class RecvOp<T, R> implements ResumeOp<R> {
  readonly reason: WaitReason;
  readonly #ch: Chan<T>;
  readonly #shape: number;
  #w: Waiter<T> | null = null;
  constructor(ch: Chan<T>, shape: number) {
    this.#ch = ch;
    this.#shape = shape;
    this.reason = ch.isNil ? "chan receive (nil chan)" : "chan receive";
  }
  run(g: Goroutine): R | typeof PARK {
    const ch = this.#ch;
    // a nil channel never becomes ready: the goroutine blocks forever
    if (ch.isNil) return PARK;
    const r = rt();
    if (recvReady(ch)) {
      const vo = recvNow(ch, r);
      return this.#shape === RECV_OK ? (vo as R) : this.#result(vo[0], vo[1]);
    }
    const w: Waiter<T> = { g, v: undefined, ok: false, closed: false, sel: null, idx: 0 };
    this.#w = w;
    enqueueRecv(ch, w, r);
    return PARK;
  }
  woken(): R {
    const w = this.#w!;
    afterRecvWake(this.#ch, w, rt());
    return this.#result(w.v as T, w.ok);
  }
  #result(v: T, ok: boolean): R {
    if (this.#shape === RECV) return v as unknown as R;
    if (this.#shape === RECV_OK) return [v, ok] as R;
    return (ok ? { value: v, done: false } : { value: undefined, done: true }) as R;
  }
}

/** dropSelect removes sel's waiters from q, keeping the order of the others. */
function dropSelect<T>(q: Waiter<T>[], sel: SelectWait): void {
  let k = 0;
  for (let i = 0; i < q.length; i++) if (q[i].sel !== sel) q[k++] = q[i];
  q.length = k;
}

/** chan makes a channel with a buffer of cap values (Go's `make(chan T, cap)`); cap < 0 panics with `makechan: size out of range`. */
export function chan<T>(cap = 0): Chan<T> {
  return new Chan<T>(cap);
}
