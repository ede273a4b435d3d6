import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FontFaces } from '../render/pdf.js';

const require = createRequire(import.meta.url);
const PACKAGE = '@expo-google-fonts/noto-serif';

/** Files of the body font: Noto Serif, which covers Latin (incl. Vietnamese), Greek and Cyrillic. */
export const FONT_FILES: Record<keyof FontFaces, string> = {
  regular: `${PACKAGE}/400Regular/NotoSerif_400Regular.ttf`,
  bold: `${PACKAGE}/700Bold/NotoSerif_700Bold.ttf`,
  italic: `${PACKAGE}/400Regular_Italic/NotoSerif_400Regular_Italic.ttf`,
  boldItalic: `${PACKAGE}/700Bold_Italic/NotoSerif_700Bold_Italic.ttf`,
};

export function loadFonts(): FontFaces {
  const read = (spec: string): Buffer => readFileSync(require.resolve(spec));
  return {
    regular: read(FONT_FILES.regular),
    bold: read(FONT_FILES.bold),
    italic: read(FONT_FILES.italic),
    boldItalic: read(FONT_FILES.boldItalic),
  };
}
