// A translation file's text: the scaffold of a new one (each field empty under the source's words) and `source:` set by `translate --done`, as a splice.
import { isMap, isScalar, type Node as YamlNode } from 'yaml';
import { LettersError } from '../../errors.js';
import { languageName } from '../letter/languages.js';
import type { Letter } from '../letter/letter.js';
import { sourceText } from '../letter/translation.js';
import { readTranslationSource, type ParsedTranslation } from '../read/translation-reader.js';
import { yamlScalar } from './letter-edits.js';
import { lineStart, withLineBreaksOf } from './source-lines.js';

/** Text as comment lines, each prefixed (a blank line of the text stays a bare `#`). */
function commented(text: string, prefix: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\n+$/, '')
    .split('\n')
    .map((l) => (l.trim() === '' ? prefix.trimEnd() : `${prefix}${l}`));
}

/** What the scaffold says of a one-text field before its empty line. */
const ABOUT: Record<string, string> = {
  title: 'The title',
  subtitle: 'The subtitle',
  place: 'The place before the date (optional: left out, it prints as the letter writes it)',
  subject: 'The subject, after the label ("Re:" in English, in this language its own)',
  salutation: 'The salutation',
  intro: 'The introduction (Markdown)',
  closing: 'The closing (Markdown)',
  signoff: 'The line before the signatures',
  signatories_intro: 'The text above the signatories (Markdown)',
  signatories_outro: 'The text after the signatories (Markdown)',
  individuals_note: 'The note under the individuals',
  cover: 'The body of the delivery e-mail (Markdown; {{recipient.name}}, {{title}}, {{count}} are filled in)',
};

const MARKDOWN = new Set(['intro', 'closing', 'signatories_intro', 'signatories_outro', 'cover']);

/**
 * The text of a new translation file of `letter` into `lang`: every field the letter prints,
 * empty, under the letter's words in comments. Empty fields are missing, so `check` and
 * `translate --done` refuse it until each is written (or listed under `untranslated:`).
 */
export function scaffoldTranslation(letter: Letter, lang: string, letterFile: string, slug: string): string {
  const ours = languageName(lang);
  const theirs = languageName(letter.lang);
  const have = sourceText(letter);
  const out: string[] = [
    `# The ${ours} translation of ${letterFile} (kept by \`letters\`). Write each field in ${ours}`,
    `# under its ${theirs} text, which stands in the comments above it. Signatories, recipients and`,
    "# the date are the letter's own and are never repeated here; signatures on this version are",
    `# made with \`letters sign ${slug} --lang ${lang} …\`.`,
    `# When it says what the ${theirs} says, mark it current (it records the ${theirs} text it translates,`,
    '# and `letters status` says when that text changes):',
    `#   letters translate ${slug} --lang ${lang} --done`,
    `# A field printed in ${theirs} on purpose is listed instead: untranslated: [cover]`,
    '',
  ];
  const field = (name: string): void => {
    const text = have.texts[name as keyof typeof have.texts];
    if (text === undefined) return;
    out.push(`# ${ABOUT[name]}. ${theirs}:`, ...commented(text, '#   '), MARKDOWN.has(name) ? `${name}: |` : `${name}:`, '');
  };
  for (const name of ['title', 'subtitle', 'place', 'subject', 'salutation', 'intro'] as const) field(name);
  if (have.issues.length > 0) {
    out.push('# The issues, one for one and in the same order: a title and its body (Markdown).', 'issues:');
    have.issues.forEach((issue, i) => {
      out.push(`  # ${i + 1}. ${theirs}: ${issue.title}`, ...commented(issue.body, '  #   '), '  - title:', '    body: |');
    });
    out.push('');
  }
  for (const name of ['closing', 'signoff', 'signatories_intro', 'signatories_outro', 'individuals_note'] as const) field(name);
  if (have.cc.length > 0) {
    out.push('# The cc lines as printed, one for one (the addresses stay in the letter).', 'cc:');
    for (const line of have.cc) out.push(`  # ${theirs}: ${line}`, '  -');
    out.push('');
  }
  if (have.groups.length > 0) {
    out.push('# The group headings: each group of the letter, then its heading here.', 'groups:');
    for (const g of have.groups) out.push(`  ${yamlScalar(g)}:`);
    out.push('');
  }
  field('cover');
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

/**
 * The translation's text with `source:` set to `fingerprint`: its value replaced where it is
 * written, or a line added before the first field. Every other byte stays as it was; the
 * result is read back and must say exactly that.
 */
export function markTranslationCurrent(parsed: ParsedTranslation, fingerprint: string): string {
  const { source } = parsed;
  const root = parsed.doc.contents as YamlNode | null;
  if (!isMap(root)) throw new LettersError('invalid-letter', `${parsed.file} is not a mapping of fields`, 'run `letters check`');
  const pair = root.items.find((p) => isScalar(p.key) && p.key.value === 'source');
  let text: string;
  const value = pair?.value as YamlNode | null | undefined;
  if (pair && value?.range) {
    text = source.slice(0, value.range[0]) + fingerprint + source.slice(value.range[1]);
  } else if (pair) {
    // `source:` written without a value: the value goes after its colon.
    const key = pair.key as YamlNode;
    const colon = source.indexOf(':', key.range![1]);
    text = `${source.slice(0, colon + 1)} ${fingerprint}${source.slice(colon + 1)}`;
  } else {
    const first = root.items[0]?.key as YamlNode | undefined;
    const at = first?.range ? lineStart(source, first.range[0]) : source.length;
    const line = `source: ${fingerprint}   # the letter's text this translates, set by \`letters translate … --done\`\n`;
    const sep = at === source.length && source !== '' && !source.endsWith('\n') ? '\n' : '';
    text = source.slice(0, at) + sep + withLineBreaksOf(source, at, line) + source.slice(at);
  }
  const back = readTranslationSource(text, parsed.file, parsed.translation.lang);
  if (back.parsed?.translation.source !== fingerprint || back.problems.length !== 0) {
    throw new LettersError(
      'invalid-letter',
      `${parsed.file}: setting source: would not read back as intended`,
      'nothing was changed; write the line `source: …` by hand, as `letters translate` printed it',
    );
  }
  return text;
}
