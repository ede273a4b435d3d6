/*
 * The font stack: Noto Serif for Latin, Greek and Cyrillic, then one fallback font per script.
 * A character is drawn in the first font of the stack that has it. Which font has which
 * character is decided from a coverage table generated from the fonts' own cmaps
 * (`scripts/font-coverage.mjs`, checked by a test), so a letter in Latin script never reads
 * or parses a fallback font.
 *
 * This module has no imports: the coverage script loads it on its own.
 */

/** One font of the stack: where its files are, and which script it is there for. */
export interface StackFont {
  /** Short id, used as the font's name inside the PDF and in the coverage table. */
  id: string;
  /** What it is there for, as a person would say it: named in errors. */
  script: string;
  /** The npm package that ships it. */
  package: string;
  regular: string;
  bold?: string;
  italic?: string;
  boldItalic?: string;
  /**
   * Languages written in this font's script (BCP 47 primary subtags), the usual one first:
   * text in it inside a letter in another language is tagged with one of them (/Lang).
   */
  languages?: readonly string[];
  /**
   * Horizontal text in this font needs no OpenType shaping when it has no combining marks,
   * joiners or variation selectors (CJK ideographs, kana, Hangul syllables): its glyphs come
   * straight from the cmap, which spares parsing layout tables that cost more than a page.
   */
  plainShaping?: true;
  /** A font of symbols or emoji: spaces, digits and punctuation next to its characters are not drawn in it. */
  symbols?: true;
  /**
   * A CJK font: the region whose glyph forms it draws. Han characters are written differently
   * in mainland China, Taiwan, Hong Kong, Japan and Korea (骨, 直, 述, 次), and full-width
   * punctuation sits bottom-left in mainland and Japanese type but centred in Taiwan's and
   * Hong Kong's; Noto Sans CJK comes in one font per region.
   */
  cjk?: CjkRegion;
}

/** The regions of Noto Sans CJK: Simplified Chinese, Traditional Chinese (Taiwan), Hong Kong, Japanese, Korean. */
export type CjkRegion = 'sc' | 'tc' | 'hk' | 'ja' | 'ko';

const expo = (name: string, file: string, bold = true): Pick<StackFont, 'package' | 'regular' | 'bold'> => {
  const pkg = `@expo-google-fonts/${name}`;
  const faces: Pick<StackFont, 'package' | 'regular' | 'bold'> = { package: pkg, regular: `400Regular/${file}_400Regular.ttf` };
  if (bold) faces.bold = `700Bold/${file}_700Bold.ttf`;
  return faces;
};

/** The body font, with all four faces. */
export const PRIMARY: StackFont = {
  id: 'serif',
  script: 'Latin, Greek and Cyrillic',
  package: '@expo-google-fonts/noto-serif',
  regular: '400Regular/NotoSerif_400Regular.ttf',
  bold: '700Bold/NotoSerif_700Bold.ttf',
  italic: '400Regular_Italic/NotoSerif_400Regular_Italic.ttf',
  boldItalic: '700Bold_Italic/NotoSerif_700Bold_Italic.ttf',
};

/**
 * Fallbacks in the order they are tried. Symbols and math come before the CJK font, which
 * also has arrows and ≡, so a symbol looks the same in every script's text; emoji come after,
 * and are chosen before the symbol fonts only when the text asks for emoji presentation (U+FE0F).
 * The regional CJK fonts come last: text is drawn in them when its language asks for their
 * forms (runs.ts), and otherwise only for the ideographs the mainland font lacks (Hong Kong's
 * and Japan's own characters), so a letter without them never reads them.
 */
export const FALLBACKS: readonly StackFont[] = [
  {
    id: 'arabic',
    script: 'Arabic script (Arabic, Persian, Urdu, Uyghur)',
    languages: ['ar', 'fa', 'ur', 'ug', 'ps', 'ckb', 'sd', 'ks'],
    ...expo('noto-naskh-arabic', 'NotoNaskhArabic'),
  },
  { id: 'hebrew', script: 'Hebrew', languages: ['he', 'yi', 'iw'], ...expo('noto-serif-hebrew', 'NotoSerifHebrew') },
  { id: 'devanagari', script: 'Devanagari', languages: ['hi', 'mr', 'ne', 'sa'], ...expo('noto-serif-devanagari', 'NotoSerifDevanagari') },
  { id: 'bengali', script: 'Bengali', languages: ['bn', 'as'], ...expo('noto-serif-bengali', 'NotoSerifBengali') },
  { id: 'tamil', script: 'Tamil', languages: ['ta'], ...expo('noto-sans-tamil', 'NotoSansTamil') },
  { id: 'thai', script: 'Thai', languages: ['th'], ...expo('noto-sans-thai', 'NotoSansThai') },
  { id: 'tibetan', script: 'Tibetan', languages: ['bo', 'dz'], ...expo('noto-serif-tibetan', 'NotoSerifTibetan') },
  { id: 'ethiopic', script: 'Ethiopic', languages: ['am', 'ti'], ...expo('noto-sans-ethiopic', 'NotoSansEthiopic') },
  { id: 'armenian', script: 'Armenian', languages: ['hy'], ...expo('noto-sans-armenian', 'NotoSansArmenian') },
  { id: 'georgian', script: 'Georgian', languages: ['ka'], ...expo('noto-sans-georgian', 'NotoSansGeorgian') },
  { id: 'cherokee', script: 'Cherokee', languages: ['chr'], ...expo('noto-sans-cherokee', 'NotoSansCherokee') },
  { id: 'tifinagh', script: 'Tifinagh', languages: ['zgh', 'tzm'], ...expo('noto-sans-tifinagh', 'NotoSansTifinagh', false) },
  { id: 'math', script: 'mathematical symbols and arrows', symbols: true, ...expo('noto-sans-math', 'NotoSansMath', false) },
  { id: 'symbols', script: 'symbols', symbols: true, ...expo('noto-sans-symbols', 'NotoSansSymbols') },
  { id: 'symbols2', script: 'symbols and dingbats', symbols: true, ...expo('noto-sans-symbols-2', 'NotoSansSymbols2', false) },
  {
    id: 'cjk',
    languages: ['zh'],
    plainShaping: true,
    cjk: 'sc',
    script: 'Chinese (mainland forms)',
    package: '@embedpdf/fonts-sc',
    regular: 'fonts/NotoSansHans-Regular.otf',
    bold: 'fonts/NotoSansHans-Bold.otf',
  },
  {
    id: 'korean',
    languages: ['ko'],
    plainShaping: true,
    cjk: 'ko',
    script: 'Korean',
    package: '@embedpdf/fonts-kr',
    regular: 'fonts/NotoSansKR-Regular.otf',
    bold: 'fonts/NotoSansKR-Bold.otf',
  },
  { id: 'emoji', script: 'emoji', symbols: true, ...expo('noto-emoji', 'NotoEmoji') },
  {
    id: 'cjk-tc',
    languages: ['zh-Hant'],
    plainShaping: true,
    cjk: 'tc',
    script: 'Traditional Chinese (Taiwan)',
    package: '@embedpdf/fonts-tc',
    regular: 'fonts/NotoSansHant-Regular.otf',
    bold: 'fonts/NotoSansHant-Bold.otf',
  },
  {
    id: 'cjk-hk',
    languages: ['zh-HK'],
    plainShaping: true,
    cjk: 'hk',
    script: 'Traditional Chinese (Hong Kong)',
    ...expo('noto-sans-hk', 'NotoSansHK'),
  },
  {
    id: 'cjk-jp',
    languages: ['ja'],
    plainShaping: true,
    cjk: 'ja',
    script: 'Japanese',
    package: '@embedpdf/fonts-jp',
    regular: 'fonts/NotoSansJP-Regular.otf',
    bold: 'fonts/NotoSansJP-Bold.otf',
  },
];

export const STACK: readonly StackFont[] = [PRIMARY, ...FALLBACKS];

const regions = new Map<string, CjkRegion | null>();

/**
 * The CJK region whose glyph forms text in `lang` takes, from the language and its likely
 * script and region: ja, ko; Chinese in Simplified script (zh, zh-CN, zh-SG, zh-Hans) the
 * mainland's; in Traditional script Hong Kong's for Hong Kong and Macau (zh-HK, zh-MO, yue),
 * Taiwan's otherwise (zh-TW, zh-Hant). Undefined for a language not written in Han characters.
 */
export function cjkRegion(lang: string): CjkRegion | undefined {
  let region = regions.get(lang);
  if (region === undefined) {
    region = null;
    try {
      const locale = new Intl.Locale(lang).maximize();
      if (locale.language === 'ja') region = 'ja';
      else if (locale.language === 'ko') region = 'ko';
      else if (locale.script === 'Hant') region = locale.region === 'HK' || locale.region === 'MO' ? 'hk' : 'tc';
      else if (locale.script === 'Hans') region = 'sc';
    } catch {
      // not a well-formed tag: no region (the reader reports the tag itself)
    }
    regions.set(lang, region);
  }
  return region ?? undefined;
}

/**
 * The language to tag text drawn in `font` with, inside a letter in `letterLang`; undefined
 * when the letter's own language is written in that script, or the font is not a script's.
 * A regional CJK font tags its region's language (ja, ko, zh-Hant, zh-HK) unless the letter
 * is in it; the mainland font, which also fills in the characters another region's font
 * lacks, tags only in a letter in no CJK language.
 */
export function spanLanguage(font: StackFont, text: string, letterLang: string): string | undefined {
  const languages = font.languages;
  if (font.cjk !== undefined && languages) {
    const letter = cjkRegion(letterLang);
    if (font.cjk === letter || (font.cjk === 'sc' && letter !== undefined)) return undefined;
    return languages[0];
  }
  if (!languages || languages.includes(letterLang.toLowerCase().split('-')[0]!)) return undefined;
  if (font.id === 'arabic') {
    if (/[\u06ad\u06c6-\u06c8\u06cb\u06d0]/.test(text)) return 'ug';
    if (/[\u0679\u0688\u0691\u06ba\u06d2]/.test(text)) return 'ur';
    if (/[\u067e\u0686\u0698\u06af\u06cc]/.test(text)) return 'fa';
  }
  return languages[0];
}

/** A style of a font: which of its (up to) four files. A parsed face is shape.ts's Face. */
export type FaceName = 'regular' | 'bold' | 'italic' | 'boldItalic';

/**
 * The file drawn for a style. A fallback without bold uses its regular face; none of the
 * fallbacks has italics (CJK, Arabic, Hebrew and the Indic scripts have no italic tradition),
 * so italic text in them is drawn upright rather than slanted by a transformation.
 */
export function faceFile(font: StackFont, bold: boolean, italic: boolean): { face: FaceName; file: string } {
  if (bold && italic && font.boldItalic) return { face: 'boldItalic', file: font.boldItalic };
  if (italic && !bold && font.italic) return { face: 'italic', file: font.italic };
  if (bold && font.bold) return { face: 'bold', file: font.bold };
  return { face: 'regular', file: font.regular };
}
