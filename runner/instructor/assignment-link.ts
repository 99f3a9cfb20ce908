/**
 * assignment-link.ts — an assignment carried in a link's fragment, so that a static site with
 * no server can open it: `synclab assign` writes the link (Node), the site's assignment page
 * reads it back (browser, main thread). Runs anywhere: fflate, zod (through schema.ts),
 * atob/btoa, TextEncoder/TextDecoder.
 *
 * The fragment is `LINK_PREFIX` followed by the base64url (RFC 4648 §5, no padding) of the raw
 * DEFLATE of the UTF-8 canonical JSON (schema.ts canonicalJson) of the assignment as the site
 * may see it (schema.ts publicAssignment: no instructor-only test paths, which never leave the
 * instructor's machine). The fragment never reaches a server: the link works on any static host.
 * Canonical JSON makes the link a function of the assignment alone: the same file gives the
 * same link on every machine.
 */
import { deflateSync, Inflate } from "fflate";
import { assignmentSchema, canonicalJson, publicAssignment, type Assignment, type PublicAssignment } from "./schema.ts";

/** LINK_PREFIX starts every assignment fragment; a later format gets another prefix. */
export const LINK_PREFIX = "a1.";

/**
 * MAX_LINK_JSON_BYTES bounds what a fragment may inflate to: an assignment of 100 exercises
 * with weights is a few KB, and a hand-made fragment must not make the page inflate megabytes.
 */
export const MAX_LINK_JSON_BYTES = 256 * 1024;

/** LANGS are the site's languages, each with its own assignment page. */
export const LINK_LANGS = ["zh", "en"] as const;
export type LinkLang = (typeof LINK_LANGS)[number];

/** encodeAssignmentFragment returns the fragment (without '#') that carries `a`, less its instructor-only tests. */
export function encodeAssignmentFragment(a: Assignment | PublicAssignment): string {
  const json = canonicalJson(publicAssignment(a as Assignment));
  return LINK_PREFIX + toBase64Url(deflateSync(new TextEncoder().encode(json), { level: 9 }));
}

/**
 * assignmentLink returns the URL of the assignment page of `site` (an origin with an optional
 * base path, e.g. http://127.0.0.1:4321 or https://school.example/synclab/) in `lang`, with
 * the assignment in its fragment.
 */
export function assignmentLink(a: Assignment | PublicAssignment, site: string, lang: LinkLang): string {
  const base = site.endsWith("/") ? site : `${site}/`;
  return `${base}${lang}/assignment/#${encodeAssignmentFragment(a)}`;
}

/**
 * LinkProblem says why a fragment did not give an assignment, for the page to explain in the
 * reader's language:
 *  - empty: there is no fragment (the page was opened without an assignment);
 *  - unknown-format: the fragment is not one `synclab assign` writes (LINK_PREFIX missing);
 *  - corrupt: it has characters base64url does not use (altered when the link was copied);
 *  - truncated: it inflates to an incomplete text (the link was cut short);
 *  - too-large: it inflates past MAX_LINK_JSON_BYTES;
 *  - invalid: the text is not an assignment the schema accepts (`detail` names the field).
 */
export type LinkProblem = "empty" | "unknown-format" | "corrupt" | "truncated" | "too-large" | "invalid";

export type DecodedLink = { ok: true; assignment: PublicAssignment } | { ok: false; problem: LinkProblem; detail: string };

/**
 * decodeAssignmentFragment reads a fragment (with or without its leading '#', percent-encoded
 * or not) back into the assignment; it never throws.
 */
export function decodeAssignmentFragment(fragment: string): DecodedLink {
  let text = fragment.startsWith("#") ? fragment.slice(1) : fragment;
  try {
    text = decodeURIComponent(text);
  } catch {
    return { ok: false, problem: "corrupt", detail: "the fragment has a malformed %-escape" };
  }
  // Mail programs and chat apps wrap long links or add spaces; none belongs to the format.
  text = text.replace(/\s+/g, "");
  if (text === "") return { ok: false, problem: "empty", detail: "the link has no #… part" };
  if (!text.startsWith(LINK_PREFIX)) {
    return { ok: false, problem: "unknown-format", detail: `the fragment starts with ${JSON.stringify(text.slice(0, 8))}, expected ${JSON.stringify(LINK_PREFIX)}` };
  }
  const body = text.slice(LINK_PREFIX.length);
  const bad = /[^A-Za-z0-9_-]/.exec(body);
  if (bad) return { ok: false, problem: "corrupt", detail: `character ${JSON.stringify(bad[0])} at ${LINK_PREFIX.length + bad.index} is not base64url` };
  if (body.length % 4 === 1) return { ok: false, problem: "truncated", detail: `${body.length} base64url characters cannot be a whole number of bytes` };
  const inflated = inflateBounded(fromBase64Url(body));
  if (!inflated.ok) return inflated;
  let json: string;
  try {
    json = new TextDecoder("utf-8", { fatal: true }).decode(inflated.bytes);
  } catch {
    return { ok: false, problem: "truncated", detail: "the text ends inside a character" };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    return { ok: false, problem: "truncated", detail: `the text is not whole JSON: ${(e as Error).message}` };
  }
  const parsed = assignmentSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, problem: "invalid", detail: `field ${issue.path.join(".") || "(root)"}: ${issue.message}` };
  }
  return { ok: true, assignment: publicAssignment(parsed.data) };
}

/**
 * inflateBounded inflates raw DEFLATE data in small steps and stops once the output passes
 * `maxBytes` (DEFLATE expands up to ~1000×, so each 1 KB step adds at most ~1 MB); `what` names
 * the data in the detail. The links of the site (an assignment's, a shared solution's) use it.
 */
export function inflateBounded(
  data: Uint8Array,
  maxBytes = MAX_LINK_JSON_BYTES,
  what = "the assignment",
): { ok: true; bytes: Uint8Array } | { ok: false; problem: "truncated" | "too-large"; detail: string } {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let ended = false;
  const inflate = new Inflate((chunk, final) => {
    chunks.push(chunk);
    size += chunk.length;
    if (final) ended = true;
  });
  const STEP = 1024;
  try {
    for (let i = 0; i < data.length; i += STEP) {
      inflate.push(data.subarray(i, i + STEP), i + STEP >= data.length);
      if (size > maxBytes) return { ok: false, problem: "too-large", detail: `${what} inflates past ${maxBytes} bytes` };
    }
    if (data.length === 0) inflate.push(new Uint8Array(0), true);
  } catch (e) {
    return { ok: false, problem: "truncated", detail: `the compressed data is incomplete or damaged (${(e as Error).message})` };
  }
  if (!ended) return { ok: false, problem: "truncated", detail: "the compressed data ends before its last block" };
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return { ok: true, bytes };
}

/** toBase64Url writes bytes as base64url without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** fromBase64Url reads base64url (already checked to hold only its alphabet) without padding. */
export function fromBase64Url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (text.length % 4)) % 4);
  const binary = atob(b64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
