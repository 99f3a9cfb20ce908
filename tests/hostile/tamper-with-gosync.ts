// attack: patch gosync's classes, singletons and the stack capture the simulator relies on,
// so that races, leaks and deadlocks go unseen (red-team rounds 1 and 2, redone in the
// Compartment).
import { Mutex as __Mutex, WaitGroup as __WaitGroup } from "gosync/sync";
import * as __time from "gosync/time";
import * as __context from "gosync/context";
const __attempts: (() => void)[] = [
  () => { (__Mutex.prototype as any).unlock = function () {}; },
  () => { (__WaitGroup.prototype as any).wait = async function () {}; },
  () => { const t: any = __time.newTimer(1); t.t.sim.opts.detectRaces = false; },
  () => { (__context.background() as any).done = () => null; },
  () => { (Object.getPrototypeOf(new __Mutex()) as any).lock = async () => ({ [Symbol.dispose]() {} }); },
  () => { (new __Mutex() as any).constructor.constructor("return this")().Sim = null; },
  () => { (Error as any).prepareStackTrace = () => { throw new Error("no stacks"); }; },
  () => { (Error as any).stackTraceLimit = 0; },
  () => { (Promise.prototype as any).then = function () { return this; }; },
  () => { (Object.prototype as any).then = undefined; },
  () => { (Symbol as any).dispose = Symbol("fake"); },
  () => { (globalThis as any).setTimeout = (f: () => void) => f(); },
  () => { (Date as any).now = () => 0; },
  () => { (performance as any).now = () => 0; },
];
for (const a of __attempts) { try { a(); } catch {} }
