/**
 * language-choice: the reader's explicit language choice, kept in localStorage under
 * LANGUAGE_KEY. Runs in the browser (main thread). Storage may be unavailable (private mode,
 * disabled cookies): the choice is then simply not remembered.
 */
export const LANGUAGE_KEY = "synclab:language";
export const LANGUAGES = ["zh", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

/** rememberLanguage stores `lang` if it is one of LANGUAGES; anything else is ignored. */
export function rememberLanguage(lang: string): void {
  if (!(LANGUAGES as readonly string[]).includes(lang)) return;
  try {
    localStorage.setItem(LANGUAGE_KEY, lang);
  } catch {
    // Storage blocked: nothing to remember with.
  }
}
