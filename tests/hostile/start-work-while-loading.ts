// attack: start a goroutine and a timer while solution.ts loads, outside any simulated run: on
// gosync's real runtime they armed host timers that woke up during the tests and ended the Run
// (red-team round 4); and read the real clock and randomness there, which differ on each load.
import { go as __go } from "gosync";
import * as __time from "gosync/time";
const __attempts: (() => void)[] = [
  () => { __go(async () => { await __time.sleep(1); }); },
  () => { __time.afterFunc(1, () => { throw new Error("late"); }); },
  () => { __time.newTicker(1); },
  () => { if (Date.now() !== 946684800000 || performance.now() !== 0) throw new Error("the host's clock is readable while loading"); },
];
for (const a of __attempts) { try { a(); } catch {} }
