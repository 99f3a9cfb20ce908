/**
 * gosync/sync — Go's sync package: Mutex, RWMutex, WaitGroup, Once, onceFunc, onceValue,
 * onceValues, Cond, Map.
 */
export { Mutex, type Guard } from "./mutex.ts";
export { RWMutex } from "./rwmutex.ts";
export { WaitGroup } from "./waitgroup.ts";
export { Once } from "./once.ts";
export { onceFunc, onceValue, onceValues } from "./oncefunc.ts";
export { Cond, type Locker } from "./cond.ts";
export { Map } from "./map.ts";
