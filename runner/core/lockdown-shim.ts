/**
 * lockdown-shim.ts — installs ses and hardens the realm (lockdown.ts) as a side effect of being
 * imported. Each sandbox entry (the browser's run worker, the Node judge's child process) imports
 * it before anything else but its own vetted shims, so that everything loaded after it — gosync,
 * the harness, @vitest/expect — is made in a hardened realm: their Error subclasses inherit from
 * the tamed Error, and nothing they capture can be an intrinsic lockdown replaces.
 */
import "./ses-shim.ts";
import { keepHostError } from "gosync/sim/host-error";
import { lockdown } from "./lockdown.ts";

// gosync reads stack frames through the realm's own Error (gosync/src/sim/host-error.ts says why).
keepHostError(Error);
lockdown();
