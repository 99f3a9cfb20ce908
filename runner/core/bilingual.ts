/**
 * bilingual.ts — a text the hidden tests give in both of the site's languages: a test's name,
 * a describe block's name, an assertion's message. `{ en, zh }` where the page's language
 * matters; a plain string where it does not (it is then shown in both). The Verdict keys a
 * test by its English name (assignments weigh tests by it; the host compares names to detect
 * tampering) and carries the Chinese beside it (`TestResult.zh`), so the results panel and the
 * CLI pick the reader's language from one Verdict. Runs anywhere (sandbox realm, Node, page).
 */

/** Bilingual is a text in English and Chinese. */
export interface Bilingual {
  en: string;
  zh: string;
}

/** Text is what the hidden tests may pass as a name or a message. */
export type Text = string | Bilingual;

/** isBilingual tells whether v is a `{ en, zh }` pair of strings (and nothing else it could be mistaken for). */
export function isBilingual(v: unknown): v is Bilingual {
  return typeof v === "object" && v !== null && !Array.isArray(v) && typeof (v as Bilingual).en === "string" && typeof (v as Bilingual).zh === "string";
}

/** en returns the English of a text (a plain string is its own English). */
export function en(t: Text): string {
  return typeof t === "string" ? t : t.en;
}

/** zhOf returns the Chinese of a text, or undefined for a plain string (it has none). */
export function zhOf(t: Text): string | undefined {
  return typeof t === "string" ? undefined : t.zh;
}

/**
 * translatePrefix turns an English message that starts with `from` (an assertion's own message,
 * as chai prefixes it to the matcher's: "`from`: expected 1 to be 2") into the same message
 * with `to` in its place; a message that does not start with it gets `to` in front.
 */
export function translatePrefix(message: string, from: string, to: string): string {
  return message.startsWith(from) ? `${to}${message.slice(from.length)}` : `${to}: ${message}`;
}

/** Lang is a language the verdicts are shown in. */
export type Lang = "en" | "zh";

/** pick returns a test's name or message in `lang`: the Chinese when there is one, else the English. */
export function pick(lang: Lang, english: string, zh: string | undefined): string {
  return lang === "zh" && zh !== undefined ? zh : english;
}

/**
 * zhMessages holds the Chinese message of each assertion error `expect` threw for a bilingual
 * message. A WeakMap in the judge's own module: a Run's code cannot reach it, so it cannot give
 * its own errors a Chinese message (it would only be cosmetic, but the verdict's texts are the
 * tests').
 */
const zhMessages = new WeakMap<object, string>();

/** tagZhMessage records e's message in Chinese; e's English message starts with `english`, which `zh` replaces. */
export function tagZhMessage(e: unknown, english: string, zh: string): void {
  if (typeof e !== "object" || e === null || !(e instanceof Error) || zhMessages.has(e)) return;
  zhMessages.set(e, translatePrefix(String(e.message), english, zh));
}

/** zhMessageOf returns the Chinese message tagZhMessage recorded for e, or undefined. */
export function zhMessageOf(e: unknown): string | undefined {
  return typeof e === "object" && e !== null ? zhMessages.get(e) : undefined;
}
