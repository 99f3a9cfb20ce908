/**
 * stamp — Stamp, the base class of gosync's unforgeable marks on objects.
 *
 * Stamp's constructor returns the object it is given instead of a new one, so a subclass's
 * private fields are added to that object (the "return override" of a base class): `new
 * Brand(o)` marks o, and `#field in o` tells a marked object from any other. Nothing a program
 * can do reads, copies or forges a private field, and it works on a Proxy too (private names do
 * not go through its traps). Why not a WeakMap or WeakSet keyed by the object: each entry is an
 * ephemeron the garbage collector traces apart, and gosync marks objects on every schedule
 * (synchronisation objects, shared() proxies); a private field is a property of the object.
 */
export class Stamp {
  constructor(o: object) {
    return o;
  }
}
