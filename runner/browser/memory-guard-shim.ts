/**
 * memory-guard-shim.ts — installs the run worker's memory guard (memory-guard.ts) as a side
 * effect of being imported: run-worker.ts imports it first, so the allocators it replaces on
 * the intrinsics are in place when lockdown (core/lockdown-shim.ts, imported next) freezes them.
 */
import { installMemoryGuard } from "./memory-guard.ts";

/** memory is this realm's guard: its endowments go to every Run's Compartment, reset() starts a Run's budget. */
export const memory = installMemoryGuard();
