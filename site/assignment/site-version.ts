/**
 * site-version — the version a submission names as the site that made it: package.json's
 * version and the commit the site was built from (`0.1.0+1a2b3c4d5e6f`), or `+unknown` outside
 * a git checkout. Runs in Node at site build (Assignment.astro's frontmatter), once per build.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

let cached: string | undefined;

/** siteVersion returns the built site's version; it never throws. */
export function siteVersion(): string {
  if (cached !== undefined) return cached;
  let version = "0.0.0";
  try {
    version = (JSON.parse(readFileSync(resolve(process.cwd(), "package.json"), "utf8")) as { version?: string }).version ?? version;
  } catch {
    // Keep 0.0.0: the commit still tells builds apart.
  }
  let commit = "unknown";
  try {
    commit = execFileSync("git", ["rev-parse", "--short=12", "HEAD"], { cwd: process.cwd(), encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim() || commit;
  } catch {
    // Not a git checkout (a source tarball): the package version alone.
  }
  cached = `${version}+${commit}`;
  return cached;
}
