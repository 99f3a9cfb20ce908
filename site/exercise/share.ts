/**
 * share — a solution carried in a link, with no server: the code and, for a failing Run, its
 * schedule (the first failing test's name, strategy and seed, from the verdict) as the raw
 * DEFLATE (fflate) of their JSON, base64url, in the URL's fragment:
 * `#share:<exercise id>:1:<data>`. The exercise id is in clear so that the page can bring that
 * exercise into view before anything is decoded (island.ts). Runs on the page's main thread.
 *
 * Decoding never throws: a damaged link is told apart (not a share link, altered characters,
 * cut short, too big, not the expected fields) so the exercise can say what is wrong with it.
 */
import { deflateSync, Inflate } from "fflate";
import { z } from "zod/mini";
import { fromBase64Url, toBase64Url } from "../../runner/instructor/assignment-link.ts";

export const SHARE_PREFIX = "#share:";
const SHARE_VERSION = "1";
/** MAX_SHARE_BYTES bounds what a link may inflate to: an exercise's file is a few KB. */
export const MAX_SHARE_BYTES = 256 * 1024;

const sharedSchema = z.object({
  code: z.string(),
  schedule: z.optional(z.object({ test: z.string(), strategy: z.string(), seed: z.number() })),
});

/** Shared is what a link carries: the code and, when it failed, the schedule that showed it. */
export type Shared = z.infer<typeof sharedSchema>;

/** shareFragment returns the fragment (with its '#') carrying `shared` for exercise `id`. */
export function shareFragment(id: string, shared: Shared): string {
  const bytes = deflateSync(new TextEncoder().encode(JSON.stringify(shared)), { level: 9 });
  return `${SHARE_PREFIX}${id}:${SHARE_VERSION}:${toBase64Url(bytes)}`;
}

/** sharedExerciseId returns the exercise a fragment shares, or null when it is no share link. */
export function sharedExerciseId(fragment: string): string | null {
  return fragment.startsWith(SHARE_PREFIX) ? (fragment.slice(SHARE_PREFIX.length).split(":")[0] ?? null) : null;
}

export type ShareProblem = "version" | "corrupt" | "truncated" | "too-large" | "invalid";
export type DecodedShare = { ok: true; shared: Shared } | { ok: false; problem: ShareProblem; detail: string };

/** decodeShare reads a share fragment (as sharedExerciseId accepted it) back; it never throws. */
export function decodeShare(fragment: string): DecodedShare {
  let text: string;
  try {
    text = decodeURIComponent(fragment.slice(SHARE_PREFIX.length)).replace(/\s+/g, "");
  } catch {
    return { ok: false, problem: "corrupt", detail: "a malformed %-escape" };
  }
  const [, version, body = "", ...rest] = text.split(":");
  if (version !== SHARE_VERSION || rest.length > 0) return { ok: false, problem: "version", detail: `format ${JSON.stringify(version ?? "")}, expected ${SHARE_VERSION}` };
  const bad = /[^A-Za-z0-9_-]/.exec(body);
  if (bad) return { ok: false, problem: "corrupt", detail: `character ${JSON.stringify(bad[0])} at position ${bad.index} of the data is not base64url` };
  if (body.length === 0 || body.length % 4 === 1) return { ok: false, problem: "truncated", detail: `${body.length} characters of data cannot be whole` };
  const chunks: Uint8Array[] = [];
  let size = 0;
  let ended = false;
  const inflate = new Inflate((chunk, final) => {
    chunks.push(chunk);
    size += chunk.length;
    ended ||= final;
  });
  const data = fromBase64Url(body);
  try {
    for (let i = 0; i < data.length; i += 1024) {
      inflate.push(data.subarray(i, i + 1024), i + 1024 >= data.length);
      if (size > MAX_SHARE_BYTES) return { ok: false, problem: "too-large", detail: `it inflates past ${MAX_SHARE_BYTES} bytes` };
    }
  } catch (e) {
    return { ok: false, problem: "truncated", detail: (e as Error).message };
  }
  if (!ended) return { ok: false, problem: "truncated", detail: "the compressed data ends before its last block" };
  let json: unknown;
  try {
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) bytes.set(c, (at += c.length) - c.length);
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (e) {
    return { ok: false, problem: "truncated", detail: (e as Error).message };
  }
  const parsed = sharedSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, problem: "invalid", detail: `field ${issue.path.join(".") || "(root)"}: ${issue.message}` };
  }
  return { ok: true, shared: parsed.data };
}
