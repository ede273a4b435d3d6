/*
 * Regional glyph forms, the last step of run resolution. Run resolution draws a Han character
 * in the first font of the stack that has it, the mainland Chinese one; here each stretch of
 * CJK text takes the font of its language's region instead: the language its run is marked
 * with (a template's lang="…"), Japanese when the stretch has kana, Korean when it has Hangul,
 * else the letter's own. A character the regional font lacks stays in the font that has it.
 * The forms differ (骨, 直, 述, 次), and so does full-width punctuation: bottom-left in mainland
 * and Japanese type, centred in Taiwan's and Hong Kong's.
 */
import { type CjkRegion, cjkRegion, type StackFont } from './font-list.js';
import type { FontStack } from './font-stack.js';
import type { Run } from '../document/tree.js';

/** A grapheme cluster and the font run resolution chose for it. */
export interface FontCluster {
  text: string;
  font: StackFont | undefined;
  /** Digits, punctuation, spaces: of no script of their own. */
  common: boolean;
}

const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const HANGUL = /\p{Script=Hangul}/u;
const KANA_OR_HANGUL = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
/** What ends a stretch of CJK text: a line break, or a comma or semicolon as Western text writes them ("山田はなこ, 刘晓波"). */
const STRETCH_END = /^[\n,;]$/;

/** The region a stretch's characters ask for, or undefined when they ask for none. */
function regionOfText(kana: boolean, hangul: boolean): CjkRegion | undefined {
  return kana ? 'ja' : hangul ? 'ko' : undefined;
}

/**
 * Moves the CJK clusters of a paragraph's runs (`clusters` absent: a run all in the body
 * font) into the font of their stretch's region. `text` is the paragraph's, `lang` the
 * letter's language. Mainland-form text without kana or Hangul, the case of Chinese letters
 * and of Chinese names in a letter in another language, costs one test.
 */
export function applyCjkRegions(
  pieces: readonly { run: Run; clusters?: FontCluster[] }[],
  text: string,
  stack: FontStack,
  lang: string | undefined,
): void {
  const letter = lang === undefined ? undefined : cjkRegion(lang);
  const marked = pieces.some((p) => p.run.lang !== undefined);
  if ((letter === undefined || letter === 'sc') && !marked && !KANA_OR_HANGUL.test(text)) return;

  let stretch: FontCluster[] = [];
  let kana = false;
  let hangul = false;
  let known: string | undefined;
  const end = (): void => {
    if (stretch.length === 0) return;
    const region = known !== undefined ? (cjkRegion(known) ?? regionOfText(kana, hangul)) : (regionOfText(kana, hangul) ?? letter);
    const font = region === undefined ? undefined : stack.regional(region);
    if (font !== undefined) {
      for (const c of stretch) if (c.font !== font && stack.hasAll(font, c.text)) c.font = font;
    }
    stretch = [];
    kana = false;
    hangul = false;
  };

  let previousLang: string | undefined;
  for (const { run, clusters } of pieces) {
    if (run.lang !== previousLang || clusters === undefined) end();
    previousLang = run.lang;
    known = run.lang;
    if (clusters === undefined) continue;
    for (const c of clusters) {
      if (c.font?.cjk !== undefined) {
        stretch.push(c);
        kana ||= KANA.test(c.text);
        hangul ||= HANGUL.test(c.text);
      }
      if (STRETCH_END.test(c.text) || !(c.common || c.font?.cjk !== undefined)) end();
    }
  }
  end();
}
