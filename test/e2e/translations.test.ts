// One letter in English, French and Spanish through the real commands: signed in three languages, rendered alone, each and bilingual, kept in step; and a Chinese–English parallel appeal read back from the PDF's structure.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ROOT, runBin, runInMemory } from '../helpers/cli.js';
import { readPdf } from '../helpers/pdf.js';
import { cropPage, decodeGrayPng, hasPdftoppm, inkDifference } from '../helpers/png.js';
import { testdir } from '../helpers/testdir.js';

const LETTER = `title: Clean water for every village
lang: en
date: 2026-03-02
recipient:
  name: Minister Okonkwo
  title: Minister of Water Resources
subject: Restoring the rural water quota
intro: |
  We, the undersigned organizations, ask you to restore the rural water quota that was cut in January.

  Since the cut, "water days" have fallen from five a week to two in most districts.
issues:
  - title: Restore the quota
    body: Return the quota to its 2025 level before the dry season.
  - title: Fund the wells
    body: Repair the 140 village wells that the 2025 budget left unfunded.
closing: We would welcome a meeting to discuss these requests.
signoff: Sincerely,
`;

const FRENCH = `# Traduction : Claire Dubois
title: De l'eau potable pour chaque village
subject: Rétablir le quota d'eau rural
salutation: Monsieur le Ministre,
intro: |
  Nous, organisations soussignées, vous demandons de rétablir le quota d'eau rural réduit en janvier.

  Depuis cette réduction, les "jours d'eau" sont passés de cinq à deux par semaine dans la plupart des districts.
issues:
  - title: Rétablir le quota
    body: Ramenez le quota à son niveau de 2025 avant la saison sèche.
  - title: Financer les puits
    body: Réparez les 140 puits de village que le budget 2025 n'a pas financés.
closing: Nous souhaiterions vous rencontrer pour discuter de ces demandes.
signoff: Veuillez agréer, Monsieur le Ministre, l'expression de notre haute considération.
`;

const SPANISH = `title: Agua potable para cada aldea
subject: Restablecer la cuota de agua rural
salutation: Señor Ministro,
intro: |
  Las organizaciones abajo firmantes le pedimos que restablezca la cuota de agua rural recortada en enero.

  Desde el recorte, los "días de agua" han bajado de cinco a dos por semana en la mayoría de los distritos.
issues:
  - title: Restablecer la cuota
    body: Devuelva la cuota a su nivel de 2025 antes de la estación seca.
  - title: Financiar los pozos
    body: Repare los 140 pozos de aldea que el presupuesto de 2025 dejó sin fondos.
closing: Agradeceríamos una reunión para tratar estas peticiones.
signoff: Atentamente,
`;

const ENGLISH_ORGS = [
  'Water Watch',
  'River Trust',
  'Clean Wells Network',
  'Rural Action',
  'Green Valley Alliance',
  'Open Taps',
  'Village Health Forum',
  'Farmers United',
  'Rainfall Project',
  'Safe Springs',
];
const FRENCH_ORGS = [
  'Eau Vive',
  'Solidarité Rurale',
  'Les Puits du Sahel',
  'Terre et Eau',
  'Association des Villages',
  'Source Claire',
  'Collectif Eau Potable',
  "Agir pour l'Eau",
  'Réseau Hydro',
  'Paysans Solidaires',
];
const SPANISH_ORGS = [
  'Agua para Todos',
  'Red Rural',
  'Pozos Vivos',
  'Tierra y Agua',
  'Fundación Manantial',
  'Aldeas Unidas',
  'Cauce Limpio',
  'Campesinos en Red',
  'Lluvia Justa',
  'Fuentes Seguras',
];
const ALL_ORGS = [...ENGLISH_ORGS, ...FRENCH_ORGS, ...SPANISH_ORGS];

/** The sign-up sheet: the Language column as people fill it in — a name in English, a tag, a name in the language itself. */
const SHEET = [
  'Organization,Country,Language',
  ...ENGLISH_ORGS.map((o) => `${o},Kenya,English`),
  ...FRENCH_ORGS.map((o) => `${o},Sénégal,fr`),
  ...SPANISH_ORGS.map((o) => `${o},Perú,Español`),
].join('\n');

const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.org', ...args], { cwd, encoding: 'utf8' });

async function letters(cwd: string, ...args: string[]) {
  return runInMemory(args, { cwd });
}

async function ok(cwd: string, ...args: string[]) {
  const r = await runInMemory(args, { cwd });
  expect(r.code, `letters ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r;
}

/** A repository with the letter and its two translations, both marked current, and 30 organizations signed from the sheet. */
async function signedInThreeLanguages(): Promise<string> {
  const cwd = testdir({
    'letters/water.yaml': LETTER,
    'letters/water.fr.yaml': FRENCH,
    'letters/water.es.yaml': SPANISH,
    'sheet.csv': SHEET,
  });
  git(cwd, 'init', '-q');
  await ok(cwd, 'translate', 'water', '--lang', 'fr', '--done');
  await ok(cwd, 'translate', 'water', '--lang', 'es', '--done');
  await ok(cwd, 'import', 'water', 'sheet.csv');
  git(cwd, 'add', '-A');
  git(cwd, 'commit', '-qm', 'signed');
  return cwd;
}

interface LanguageRow {
  lang: string;
  state: string;
  signatories: number;
}

async function languages(cwd: string): Promise<LanguageRow[]> {
  const r = await ok(cwd, 'status', 'water', '--json');
  return (JSON.parse(r.stdout) as { languages: LanguageRow[] }).languages.map(({ lang, state, signatories }) => ({
    lang,
    state,
    signatories,
  }));
}

const flat = (text: string): string => text.replace(/[\s\u00a0\u202f]+/g, ' ');

describe('a letter in English, French and Spanish, signed by 30 organizations in three languages', () => {
  test('new --translations starts each translation, which check refuses until it is filled in', async () => {
    const cwd = testdir();
    await ok(
      cwd,
      'new',
      'water',
      '--title',
      'Clean water',
      '--to',
      'Minister Okonkwo',
      '--translations',
      'fr,es',
      '--signoff',
      'Sincerely,',
    );
    const french = readFileSync(path.join(cwd, 'letters/water.fr.yaml'), 'utf8');
    expect(french).toContain('letters translate water --lang fr --done');
    expect(french).toMatch(/^# The title\. English:\n# {3}Clean water\ntitle:$/m);
    const check = await letters(cwd, 'check', 'water');
    expect(check.code).toBe(1);
    expect(check.stderr).toMatch(/letters\/water\.fr\.yaml:\d+:\d+: .*French translation has no intro/);
    expect(check.stderr).toMatch(/letters\/water\.es\.yaml:\d+:\d+: .*Spanish translation has no intro/);
    const refused = await letters(cwd, 'translate', 'water', '--lang', 'fr', '--done');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/not complete, so it was not marked current/);
    expect(readFileSync(path.join(cwd, 'letters/water.fr.yaml'), 'utf8')).toBe(french);
  });

  test('the sheet signs each organization to its language version; status, list and check say so', async () => {
    const cwd = await signedInThreeLanguages();
    expect(await languages(cwd)).toEqual([
      { lang: 'en', state: 'letter', signatories: 10 },
      { lang: 'es', state: 'current', signatories: 10 },
      { lang: 'fr', state: 'current', signatories: 10 },
    ]);
    const letter = readFileSync(path.join(cwd, 'letters/water.yaml'), 'utf8');
    expect(letter).toMatch(/- organization: Eau Vive\n(\s+\w+: .*\n)*?\s+lang: fr\n/);
    expect(letter).not.toMatch(/organization: Water Watch\n(\s+\w+: .*\n)*?\s+lang:/);
    // The translation's comment survives being marked current.
    expect(readFileSync(path.join(cwd, 'letters/water.fr.yaml'), 'utf8')).toMatch(/^# Traduction : Claire Dubois\nsource: [0-9a-f]{8}/);
    const list = await ok(cwd, 'list');
    expect(list.stdout).toMatch(/^water\s+draft\s+30\s+0\s+0\s+en,es,fr\s+Clean water/m);
    const check = await ok(cwd, 'check', 'water');
    expect(check.stdout).toMatch(/ok {2}letters\/water\.yaml \(30 signatories, 2 translations: es, fr/);
  });

  test('rendered alone in each language (--lang, --all-langs) and bilingual: the texts in their language, the signatories once', async () => {
    const cwd = await signedInThreeLanguages();
    await ok(cwd, 'render', 'water', '--lang', 'fr');
    const french = flat((await readPdf(readFileSync(path.join(cwd, 'water.fr.pdf')))).text);
    expect(french).toContain('Monsieur le Ministre,');
    expect(french).toContain('les « jours d’eau » sont passés');
    expect(french).toContain('2 mars 2026');
    expect(french).not.toContain('Dear Minister');
    for (const org of ALL_ORGS) expect(french).toContain(org.replace("'", '’'));

    mkdirSync(path.join(cwd, 'out'));
    const all = await ok(cwd, 'render', 'water', '--all-langs', '-o', 'out/', '--format', 'html', '--json');
    const doc = JSON.parse(all.stdout) as { languages: { lang: string; files: string[] }[] };
    expect(doc.languages.map((l) => [l.lang, l.files])).toEqual([
      ['en', ['out/water.html']],
      ['es', ['out/water.es.html']],
      ['fr', ['out/water.fr.html']],
    ]);
    const spanish = readFileSync(path.join(cwd, 'out/water.es.html'), 'utf8');
    expect(spanish).toMatch(/<html lang="es"/);
    expect(spanish).toContain('hreflang="fr"');
    expect(spanish).toContain('hreflang="en"');
    expect(flat(spanish)).toContain('los «días de agua» han bajado');

    await ok(cwd, 'render', 'water', '--bilingual', 'en,fr', '-o', 'both.pdf');
    const both = await readPdf(readFileSync(path.join(cwd, 'both.pdf')));
    const text = flat(both.text);
    // Each English paragraph followed by its French one.
    const order = [
      'Dear Minister Okonkwo,',
      'Monsieur le Ministre,',
      'We, the undersigned',
      'Nous, organisations soussignées',
      'Since the cut, “water days”',
      'les « jours d’eau »',
      'We would welcome',
      'Nous souhaiterions',
    ];
    const at = order.map((s) => text.indexOf(s));
    expect(
      at.every((n) => n >= 0),
      JSON.stringify(at),
    ).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    // The date in both languages; each signatory once.
    expect(text).toContain('March 2, 2026');
    expect(text).toContain('2 mars 2026');
    for (const org of ALL_ORGS) expect(text.split(org.replace("'", '’')).length - 1, org).toBe(1);
  });

  test('editing one English paragraph makes exactly the two translations stale; render --final refuses until they are marked current', async () => {
    const cwd = await signedInThreeLanguages();
    const file = path.join(cwd, 'letters/water.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('from five a week to two', 'from five days a week to two'));
    git(cwd, 'commit', '-qam', 'a fix in the English');
    expect(await languages(cwd)).toEqual([
      { lang: 'en', state: 'letter', signatories: 10 },
      { lang: 'es', state: 'stale', signatories: 10 },
      { lang: 'fr', state: 'stale', signatories: 10 },
    ]);
    const status = await ok(cwd, 'status', 'water');
    expect(status.stdout).toMatch(/es: letters\/water\.es\.yaml, stale: made from the English text [0-9a-f]{8}, which has changed/);
    // What changed since the French was made: the one paragraph.
    const diff = await ok(cwd, 'diff', 'water', '--lang', 'fr');
    expect(diff.stdout).toContain('\n-Since the cut, "water days" have fallen from five a week to two in most districts.\n');
    expect(diff.stdout).toContain('\n+Since the cut, "water days" have fallen from five days a week to two in most districts.\n');
    expect(diff.stdout.match(/^[-+](?![-+]{2} )/gm)).toHaveLength(2);

    // The English signers agree to the corrected text; the translations still hold --final back.
    for (const org of ENGLISH_ORGS) await ok(cwd, 'sign', 'water', '--reconfirm', '--org', org);
    const refused = await runBin(['render', 'water', '--final'], { cwd });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(
      /10 signatories signed the Spanish version, and the Spanish translation \(letters\/water\.es\.yaml\) is stale/,
    );
    expect(refused.stderr).toMatch(
      /10 signatories signed the French version, and the French translation \(letters\/water\.fr\.yaml\) is stale/,
    );
    expect(refused.stderr).toContain('letters diff water --lang es');
    await ok(cwd, 'translate', 'water', '--lang', 'fr', '--done');
    expect((await runBin(['render', 'water', '--final'], { cwd })).code).not.toBe(0);
    await ok(cwd, 'translate', 'water', '--lang', 'es', '--done');
    const final = await runBin(['render', 'water', '--final', '--bilingual', 'en,es'], { cwd });
    expect(final.code, final.stderr).toBe(0);
    expect(final.stderr).toBe('');
  });

  test('a signatory of a translation: the French text edited, they signed an earlier text, and diff --since shows the French', async () => {
    const cwd = await signedInThreeLanguages();
    const file = path.join(cwd, 'letters/water.fr.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('avant la saison sèche', 'avant la fin de la saison sèche'));
    git(cwd, 'commit', '-qam', 'French edited');
    const status = JSON.parse((await ok(cwd, 'status', 'water', '--json')).stdout) as {
      earlierText: { organization: string; lang: string }[];
    };
    expect(status.earlierText.map((e) => [e.organization, e.lang])).toEqual(FRENCH_ORGS.map((o) => [o, 'fr']));
    const diff = await ok(cwd, 'diff', 'water', '--since', 'Eau Vive');
    expect(diff.stdout).toContain('\n+Ramenez le quota à son niveau de 2025 avant la fin de la saison sèche.\n');
    await ok(cwd, 'sign', 'water', '--reconfirm', '--org', 'Eau Vive');
    const after = JSON.parse((await ok(cwd, 'status', 'water', '--json')).stdout) as { earlierText: unknown[] };
    expect(after.earlierText).toHaveLength(9);
  });

  test('sign --lang records the version signed; a language with no translation is refused, nothing written', async () => {
    const cwd = await signedInThreeLanguages();
    await ok(cwd, 'sign', 'water', '--org', 'Agua Limpia', '--lang', 'es');
    expect(readFileSync(path.join(cwd, 'letters/water.yaml'), 'utf8')).toMatch(
      /- organization: Agua Limpia\n(\s+\w+: .*\n)*?\s+lang: es\n/,
    );
    const before = readFileSync(path.join(cwd, 'letters/water.yaml'), 'utf8');
    const refused = await letters(cwd, 'sign', 'water', '--org', 'Wasser', '--lang', 'de');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/has no German translation to sign.*letters translate water --lang de/);
    expect(readFileSync(path.join(cwd, 'letters/water.yaml'), 'utf8')).toBe(before);
  });
});

const REFERENCES = path.join(ROOT, 'test/fixtures/translations');
const UPDATE = process.env['LETTERS_UPDATE_REFERENCES'] === '1';

describe.skipIf(!hasPdftoppm() && !process.env['CI'])('the bilingual page, against a reference picture', () => {
  /*
   * Looked at by a person: each English paragraph followed by its French one, the date and the
   * subject line in both languages ("Re:" and "Objet :"), the issues' bold titles in both, French
   * quotation marks with their spaces. LETTERS_UPDATE_REFERENCES=1 rewrites it: look before committing.
   */
  test('English and French, paragraph by paragraph', async () => {
    const cwd = await signedInThreeLanguages();
    await ok(cwd, 'render', 'water', '--bilingual', 'en,fr', '-o', 'both.pdf');
    const dpi = 60;
    const png = cropPage(readFileSync(path.join(cwd, 'both.pdf')), 1, dpi, {
      x: 0,
      y: 0,
      w: Math.round((612 * dpi) / 72),
      h: Math.round((792 * dpi) / 72),
    });
    const file = path.join(REFERENCES, 'bilingual-en-fr.png');
    if (UPDATE) {
      mkdirSync(REFERENCES, { recursive: true });
      writeFileSync(file, png);
      return;
    }
    const difference = inkDifference(decodeGrayPng(readFileSync(file)), decodeGrayPng(png));
    if (difference > 0.1) writeFileSync(path.join(tmpdir(), 'letters-bilingual-en-fr.actual.png'), png);
    expect(difference).toBeLessThan(0.1);
  });
});

const APPEAL = `title: 致行政長官的公開信
lang: zh-Hant
template: open-letter
date: 2020-06-04
salutation: ""
bilingual: paragraphs
intro: |
  我們呼籲政府尊重「一國兩制」的承諾，撤回有關條例，並與市民展開真正的對話。

  本信由三十七個團體聯署。
signoff: 謹啟
signatory_layout: lines
signatories:
  - organization: 香港人權監察
  - organization: Amnesty International
    lang: en
`;

const APPEAL_EN = `title: An open letter to the Chief Executive
salutation: ""
intro: |
  We call on the government to honour the promise of "one country, two systems", withdraw the bill and open a real dialogue with the people.

  This letter is signed by thirty-seven groups.
signoff: Yours faithfully,
`;

describe('a Chinese–English parallel appeal', () => {
  test('each paragraph in its own language: its quotation marks, its font, and its /Lang in the PDF structure', async () => {
    const cwd = testdir({ 'letters/appeal.yaml': APPEAL, 'letters/appeal.en.yaml': APPEAL_EN });
    await ok(cwd, 'translate', 'appeal', '--lang', 'en', '--done');
    // Amnesty signed the English text before it was marked: sign it again to record the text now.
    await ok(cwd, 'sign', 'appeal', '--reconfirm', '--org', 'Amnesty International', '--lang', 'en');
    const r = await ok(cwd, 'render', 'appeal', '--bilingual', 'zh-Hant,en', '--final', '-o', '-');
    const pdf = await readPdf(r.bytes);
    const text = flat(pdf.text);
    expect(text).toContain('尊重「一國兩制」的承諾');
    expect(text).toContain('the promise of “one country, two systems”');
    const fontOf = (s: string): string | undefined => pdf.pages[0]!.items.find((i) => i.text.includes(s))?.font;
    expect(fontOf('一國兩制')).toMatch(/Hant|TC/);
    expect(fontOf('We call on')).toMatch(/^NotoSerif-/);
    // Each paragraph tagged with its language (structure elements are plain objects in pdfkit's
    // output, in the order they end): the English date above the text (the Chinese one goes
    // after the signoff), then each Chinese paragraph followed by its English one.
    const raw = r.bytes.toString('latin1');
    const paragraphs = [...raw.matchAll(/\/S \/P\n(?:\/Lang \(([a-zA-Z-]+)\))?/g)].map((m) => m[1] ?? "the document's");
    expect(paragraphs).toEqual(['en', 'zh-Hant', 'en', 'zh-Hant', 'en', "the document's", 'zh-Hant']);
    // The document's language is the first one's; the English signoff under the Chinese one is a span.
    expect(raw).toMatch(/\/Type \/Catalog\n(?:\/\w+ .*\n)*?\/Lang \(zh-Hant\)\n/);
    expect([...raw.matchAll(/\/S \/Span\n\/Lang \(([a-zA-Z-]+)\)/g)].map((m) => m[1])).toEqual(['en', 'en']);
    // The signatories once, under both.
    expect(text.split('Amnesty International').length - 1).toBe(1);
    expect(text.split('香港人權監察').length - 1).toBe(1);
  });

  test('a passage marked in Markdown keeps its language: quotation marks, /Lang on its span', async () => {
    const cwd = testdir({
      'letters/l.yaml': `title: Protection des défenseurs
lang: fr
salutation: Madame la Ministre,
intro: |
  Le rapport conclut : [the "right to defend rights" must be protected]{lang=en}. Nous "insistons".
signatories:
  - organization: Ligue des droits de l'Homme
`,
    });
    const r = await ok(cwd, 'render', 'l', '-o', '-');
    const text = flat((await readPdf(r.bytes)).text);
    expect(text).toContain('the “right to defend rights” must be protected');
    expect(text).toContain('Nous « insistons »');
    const spans = [...r.bytes.toString('latin1').matchAll(/\/S \/Span\n\/Lang \(([a-zA-Z-]+)\)/g)].map((m) => m[1]);
    expect(spans).toContain('en');
  });

  test('a fenced block in another language is a paragraph with its lang in HTML; a tag that is none is refused at its place', async () => {
    const letter = `title: Appel
lang: fr
salutation: Madame,
intro: |
  Le texte suivant est cité en anglais :

  ::: {lang=en}
  We "demand" justice.
  :::

  Fin [du texte]{lang=de}.
signatories:
  - organization: Ligue
`;
    const cwd = testdir({ 'letters/l.yaml': letter });
    const html = (await ok(cwd, 'render', 'l', '--format', 'html', '-o', '-')).stdout;
    expect(html).toContain('<p lang="en">We “demand” justice.</p>');
    expect(html).toContain('<p>Fin <span lang="de">du texte</span>.</p>');
    writeFileSync(path.join(cwd, 'letters/l.yaml'), letter.replace('{lang=de}', '{lang=en_US!}'));
    const check = await letters(cwd, 'check', 'l');
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('letters/l.yaml:11:17: intro marks a passage with {lang=en_US!}, and "en_US!" is not a language tag');
  });
});
