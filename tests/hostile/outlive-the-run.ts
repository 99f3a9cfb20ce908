// attack: keep work going after the Run ends (a microtask loop, a timer, a stored global), to
// slow or poison the next Run of a reused sandbox; the Run itself must end in a verdict.
// may end the Run: the microtask loop can exhaust the sandbox (a runtime-error or a timeout).
const __attempts: (() => void)[] = [
  () => { (globalThis as any).__kept = { poisoned: true }; },
  () => { setTimeout(() => { (globalThis as any).__late = true; }, 10_000); },
  () => { queueMicrotask(() => { (globalThis as any).__micro = true; }); },
  () => { let n = 0; const spin = (): unknown => (++n < 300_000 ? Promise.resolve().then(spin) : 0); spin(); },
];
for (const a of __attempts) { try { a(); } catch {} }
