/**
 * gosync-modules.ts — every gosync entry point, keyed by its import specifier: what a sandbox
 * installs in its module registry (modules.ts). Import it only into a sandbox realm's entry
 * (the Node worker, the browser's sandbox worker): it pulls in all of gosync.
 */
import * as gosync from "gosync";
import * as sync from "gosync/sync";
import * as atomic from "gosync/sync/atomic";
import * as time from "gosync/time";
import * as context from "gosync/context";
import * as errgroup from "gosync/errgroup";
import * as semaphore from "gosync/semaphore";
import * as runtime from "gosync/runtime";
import * as sim from "gosync/sim";
import type { GosyncModules } from "./sandbox.ts";

/** gosyncModules maps each gosync specifier to its namespace. */
export const gosyncModules: GosyncModules = {
  gosync,
  "gosync/sync": sync,
  "gosync/sync/atomic": atomic,
  "gosync/time": time,
  "gosync/context": context,
  "gosync/errgroup": errgroup,
  "gosync/semaphore": semaphore,
  "gosync/runtime": runtime,
  "gosync/sim": sim,
};
