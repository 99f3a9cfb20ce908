/**
 * learner-globals.ts — the global names a Run's code (the learner's solution.ts and the hidden
 * tests) can see, as data. Runs anywhere: link.ts (in the bundler) binds them lexically at the top
 * of a Run's program, compartment.ts (in the sandbox) endows the Run's Compartment with them.
 *
 * Why bind them lexically: ses evaluates a Compartment's code inside `with` scopes over the
 * compartment's global object, so every free identifier (`Math`, `Promise`, `undefined`) is a
 * lookup through proxy traps (measured in Node 24: a loop of `Math.floor` ~100× slower, `new
 * Promise` ~3×). One destructuring of the compartment's globals into `const`s when the program
 * starts makes those lookups plain local reads again, at native speed.
 */

/**
 * INTRINSIC_GLOBALS are the names a ses Compartment's global object has of itself (the
 * language's shared, frozen intrinsics; ses 2.3.0 in Node 24 and Chromium), minus `eval` (its
 * direct form must stay a direct eval, which ses refuses anyway) and ses's own `lockdown`,
 * `harden` and `Compartment` (left to the compartment, unbound). compartment.spec.ts checks the
 * list against a real Compartment.
 */
export const INTRINSIC_GLOBALS = [
  "Infinity", "NaN", "undefined", "globalThis",
  "isFinite", "isNaN", "parseFloat", "parseInt", "decodeURI", "decodeURIComponent", "encodeURI", "encodeURIComponent", "escape", "unescape",
  "Object", "Function", "Array", "Number", "Boolean", "String", "Symbol", "BigInt", "Date", "RegExp", "Math", "JSON", "Reflect", "Proxy",
  "Promise", "Map", "Set", "WeakMap", "WeakSet", "Iterator",
  "Error", "EvalError", "RangeError", "ReferenceError", "SyntaxError", "TypeError", "URIError", "AggregateError",
  "ArrayBuffer", "DataView", "Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array", "Uint32Array",
  "BigInt64Array", "BigUint64Array", "TextEncoder", "TextDecoder",
] as const;

/**
 * ENDOWED_GLOBALS are the names the sandbox adds to (or replaces in) a Run's Compartment: gosync's
 * virtual clock, randomness and timers (`Date`, `Math`, `performance`, the four timer functions),
 * the captured `console`, a `Proxy` that records what it makes (expect refuses those), and the
 * built-ins a ses Compartment lacks that learners use (explicit resource management, microtasks,
 * structuredClone, floating-point arrays). Nothing of the host's: no `self`, `postMessage`,
 * `addEventListener`, `EventTarget`, `process`, `require`, `fetch`.
 */
export const ENDOWED_GLOBALS = [
  "console", "performance", "setTimeout", "clearTimeout", "setInterval", "clearInterval", "queueMicrotask", "structuredClone",
  "SuppressedError", "DisposableStack", "AsyncDisposableStack", "Float32Array", "Float64Array",
] as const;

/** LEARNER_GLOBALS are every name bound at the top of a Run's program (link.ts). */
export const LEARNER_GLOBALS: readonly string[] = [...INTRINSIC_GLOBALS, ...ENDOWED_GLOBALS.filter((n) => !(INTRINSIC_GLOBALS as readonly string[]).includes(n))];
