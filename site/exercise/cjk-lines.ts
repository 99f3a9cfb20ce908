/**
 * cjk-lines — a marked extension that joins the lines of a Chinese paragraph. Markdown keeps a
 * soft line break as a newline, which the browser draws as a space: fine between English words,
 * a stray gap inside Chinese ("看到 每一次读写"). CSS Text 3 says a segment break between two
 * Chinese characters should vanish, but browsers do not implement it, so the break is removed
 * when the text on either side is Chinese (a Han character or full-width punctuation); a break
 * beside a Latin word or inline code stays a space, as Chinese typesetting spaces them anyway.
 * Code blocks and inline code are other token types and are never touched. Runs at site build.
 */
import type { MarkedExtension, Tokens } from "marked";

/** CJK is a character that joins its neighbour across a line break: Han, or full-width punctuation. */
const CJK = "\\p{Script=Han}\\u3000-\\u303f\\uff01-\\uff0f\\uff1a-\\uff20\\u2014\\u2026\\u201c\\u201d\\u2018\\u2019";
const BREAK = new RegExp(`(?<=[${CJK}])[ \\t]*\\n[ \\t]*(?=[${CJK}])`, "gu");

/** joinCjkLines removes each line break (with the spaces around it) that has Chinese on both sides. */
export function joinCjkLines(text: string): string {
  return text.replace(BREAK, "");
}

/** joinChineseLines is the extension: every inline text token of a document loses its breaks between Chinese characters. */
export const joinChineseLines: MarkedExtension = {
  walkTokens(token) {
    if (token.type !== "text" || (token as Tokens.Text).tokens) return; // a block of text: its inline children are visited
    const t = token as Tokens.Text;
    t.text = joinCjkLines(t.text);
  },
};
