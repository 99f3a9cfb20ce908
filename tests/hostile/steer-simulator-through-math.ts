// attack: steer every "random" schedule to one the learner picks by replacing Math.floor and
// Math.random (gosync's strategy once called them at each pick; issue 10 class 1).
const __attempts: (() => void)[] = [
  () => { Math.floor = () => 0; },
  () => { Math.random = () => 0; },
  () => { Object.defineProperty(Math, "floor", { value: () => 0 }); },
  () => { (globalThis as any).Math = { ...Math, floor: () => 0, random: () => 0 }; },
  () => { Object.defineProperty(Object.getPrototypeOf(Math), "floor", { value: () => 0, configurable: true }); },
  () => { (Number.prototype as any).valueOf = function () { return 0; }; },
];
for (const a of __attempts) { try { a(); } catch {} }
