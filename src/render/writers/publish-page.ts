//! The public page of `letters publish`: the letter's HTML page with a header (the count
//! sentence, the date of the last signature, the PDF to download) and a search over the
//! signatories that works from a file, without a server: the one script letters writes, allowed
//! by its hash in the page's Content Security Policy and by nothing else. No request leaves the page.
import { createHash } from 'node:crypto';
import { primaryLanguage } from '../../core/letter/languages.js';
import type { LetterDocument } from '../document/document.js';
import { documentHtml, escapeHtml, type PageAdditions } from './html.js';

/** What the page says besides the letter. */
export interface PageFacts {
  countSentence: string;
  /** The date of the last signature, formatted in the letter's language. */
  lastSigned?: string;
  /** The PDF beside the page, by its file name. */
  pdf: string;
  /** The share image beside the page, and the page's own address when known (for og:image). */
  image: string;
  url?: string;
  total: number;
}

const WORDS: Record<string, { search: string; last: (date: string) => string; pdf: string; shown: string }> = {
  en: { search: 'Search the signatories', last: (d) => `Last signature: ${d}`, pdf: 'Download the letter (PDF)', shown: 'shown' },
  fr: {
    search: 'Rechercher parmi les signataires',
    last: (d) => `Dernière signature : ${d}`,
    pdf: 'Télécharger la lettre (PDF)',
    shown: 'affichés',
  },
  de: {
    search: 'Unterzeichnende durchsuchen',
    last: (d) => `Letzte Unterschrift: ${d}`,
    pdf: 'Brief herunterladen (PDF)',
    shown: 'angezeigt',
  },
  es: { search: 'Buscar entre los firmantes', last: (d) => `Última firma: ${d}`, pdf: 'Descargar la carta (PDF)', shown: 'mostrados' },
};

/** "Last signature: March 1, 2026" in the page's language. */
export function lastSignedLine(lang: string, date: string): string {
  return (WORDS[primaryLanguage(lang)] ?? WORDS['en']!).last(date);
}

/**
 * The search: each signatory's text folded (accents and case aside, so "wisniewska" finds
 * "Wiśniewska"); a list with nothing left is hidden with its heading. Kept small and without
 * any request, so that the policy can name it by its hash.
 */
const SCRIPT = `(() => {
  const input = document.getElementById('letters-search');
  const status = document.getElementById('letters-search-status');
  const items = [...document.querySelectorAll('li.signatory')];
  const fold = (s) => s.normalize('NFD').replace(/\\p{M}/gu, '').toLocaleLowerCase().replace(/\\s+/g, ' ');
  const keys = items.map((li) => fold(li.textContent));
  const lists = [...document.querySelectorAll('ul.signatories')];
  input.closest('form').hidden = false;
  input.closest('form').addEventListener('submit', (e) => e.preventDefault());
  input.addEventListener('input', () => {
    const q = fold(input.value.trim());
    let shown = 0;
    items.forEach((li, i) => {
      const hit = q === '' || keys[i].includes(q);
      li.hidden = !hit;
      if (hit) shown++;
    });
    for (const ul of lists) {
      const any = [...ul.children].some((li) => !li.hidden);
      ul.hidden = !any;
      const heading = ul.previousElementSibling;
      if (heading && /^H[23]$/.test(heading.tagName)) heading.hidden = !any;
    }
    status.textContent = q === '' ? '' : shown + ' / ' + items.length + ' ' + status.dataset.shown;
  });
})();`;

const STYLE = `
[hidden] { display: none !important; }
.kit { margin: 2rem auto 0; max-width: 6.5in; padding: 0 1rem; font: 11pt/1.4 "Noto Serif", Georgia, serif; }
.kit .count { font-size: 13pt; font-weight: bold; margin: 0 0 4pt; }
.kit p { margin: 0 0 6pt; }
.kit form { margin: 12pt 0 0; }
.kit input { font: inherit; padding: 4pt 6pt; width: min(100%, 24em); }
@media print { .kit form { display: none; } }`;

/** The page: the letter, and what publish adds to it. */
export function publishPage(document: LetterDocument, generator: string, facts: PageFacts): string {
  const words = WORDS[primaryLanguage(document.lang)] ?? WORDS['en']!;
  const image = facts.url === undefined ? facts.image : new URL(facts.image, facts.url.endsWith('/') ? facts.url : `${facts.url}/`).href;
  const meta = (property: string, content: string): string => `<meta property="${property}" content="${escapeHtml(content)}">\n`;
  const head =
    meta('og:type', 'article') +
    meta('og:title', document.title) +
    meta('og:description', facts.countSentence) +
    meta('og:image', image) +
    meta('og:image:width', '1200') +
    meta('og:image:height', '630') +
    (facts.url === undefined ? '' : meta('og:url', facts.url)) +
    '<meta name="twitter:card" content="summary_large_image">\n';
  const header = `  <header class="kit">
    <p class="count">${escapeHtml(facts.countSentence)}</p>
${facts.lastSigned === undefined ? '' : `    <p class="last-signed">${escapeHtml(words.last(facts.lastSigned))}</p>\n`}    <p class="download"><a href="${escapeHtml(encodeURI(facts.pdf))}" download>${escapeHtml(words.pdf)}</a></p>
${
  facts.total === 0
    ? ''
    : `    <form role="search" hidden>
      <label for="letters-search">${escapeHtml(words.search)}</label>
      <input id="letters-search" type="search" autocomplete="off">
      <span id="letters-search-status" aria-live="polite" data-shown="${escapeHtml(words.shown)}"></span>
    </form>
`
}  </header>
`;
  const script = facts.total === 0 ? '' : SCRIPT;
  const additions: PageAdditions = {
    head,
    header,
    style: STYLE,
    script,
    scriptHash: createHash('sha256').update(script).digest('base64'),
  };
  return documentHtml(document, generator, additions);
}
