// attack: make every toEqual pass through a platform global @vitest/expect consults
// (Symbol.hasInstance on URL, issue 10 class 2), or through the intrinsics equality uses.
const __always = { value: () => true, configurable: true };
const __attempts: (() => void)[] = [
  () => { Object.defineProperty((globalThis as any).URL, Symbol.hasInstance, __always); },
  () => { Object.defineProperty(Object, Symbol.hasInstance, __always); },
  () => { Object.defineProperty(Array, Symbol.hasInstance, __always); },
  () => { Object.defineProperty(Error, Symbol.hasInstance, __always); },
  () => { (Object as any).is = () => true; },
  () => { (Object.prototype as any).asymmetricMatch = () => true; },
  () => { Object.defineProperty(Object.prototype, "$$typeof", { value: Symbol.for("jest.asymmetricMatcher"), configurable: true }); },
  () => { (globalThis as any)[Symbol.for("$$jest-matchers-object")].customEqualityTesters.push(() => true); },
  () => { (Object.prototype as any).toString = () => "[object Object]"; },
  () => { (Map.prototype as any).get = () => undefined; },
];
for (const a of __attempts) { try { a(); } catch {} }
