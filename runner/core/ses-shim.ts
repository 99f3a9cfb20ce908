/**
 * ses-shim.ts — installs ses (Hardened JavaScript): the globals `lockdown`, `harden` and
 * `Compartment`. A side-effect module, imported first by each sandbox entry (the browser's run
 * worker, the Node judge's child process) and by nothing else: the realm is hardened by
 * lockdown.ts once gosync and the harness are loaded, before any Run's code exists.
 */
import "ses";
