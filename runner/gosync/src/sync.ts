/**
 * gosync/sync — Go's sync package: Mutex, RWMutex, WaitGroup, Once, onceFunc, onceValue,
 * onceValues, Cond, Map.
 */
export { Mutex, type Guard } from "./mutex.ts";
export { RWMutex } from "./rwmutex.ts";
export { WaitGroup } from "./waitgroup.ts";
