// `letters sign <letter>`: one signature, decided by the signing rules, then written in one locked splice.
import { fieldsUsed, orderFields, SIGN_FLAGS } from '../../core/letter/fields.js';
import { textFingerprint } from '../../core/letter/fingerprint.js';
import { missingGlyphsIn } from '../../core/text/glyphs.js';
import { identityKey } from '../../core/letter/identity.js';
import { holdsProbableDuplicate } from '../../core/signing/signing-rules.js';
import { editSignatories } from '../../core/edit/letter-edits.js';
import { allowingRepeats } from '../../core/edit/status-edits.js';
import type { Letter, Signatory } from '../../core/letter/letter.js';
import { languageName } from '../../core/letter/languages.js';
import { versionFingerprint, type Translation } from '../../core/letter/translation.js';
import { findVersion } from '../../core/read/letter-versions.js';
import { readLetterVersions } from '../../io/files/translation-files.js';
import { translationLang } from '../letter/translate.js';
import { versionFault } from '../publishing/agreement.js';
import type { ParsedLetter } from '../../core/read/parse-letter.js';
import { shellWord } from '../../core/text/shell-word.js';
import { similarIn } from '../../core/signing/similar.js';
import {
  decideSign,
  describe,
  findSignatory,
  signatoryCount,
  type SignDecision,
  type SignRequest,
} from '../../core/signing/signatories.js';
import { InvalidLetterError, LettersError } from '../../errors.js';
import { localDay } from '../../io/clock.js';
import { lockSettings, readLetter, resolveLetter, updateLetter } from '../../io/files/letter-files.js';
import { FontStack } from '../../render/inline/font-stack.js';
import { picturePathFault } from '../../core/letter/pictures.js';
import { projectRoot } from '../../io/pictures/project-root.js';
import type { Context } from '../context.js';
import { confirm, warn } from '../warnings.js';

export interface SignOptions {
  org?: string;
  name?: string;
  title?: string;
  affiliation?: string;
  country?: string;
  group?: string;
  description?: string;
  /** A picture under the repository, for the logos layout. */
  logo?: string;
  /** --highlight (true) or, with --update, --no-highlight (false). */
  highlight?: boolean;
  sortAs?: string;
  date?: string;
  update?: boolean;
  /** Add a signatory that signed already as a separate entry, on purpose (the letter gets allow_repeats: true). */
  allowRepeat?: boolean;
  /** Record that an existing signatory agreed to the current text. */
  reconfirm?: boolean;
  /** Accept a signature after the deadline, marked late: true. */
  late?: boolean;
  /** Add a signatory that looks like one already there. */
  allowSimilar?: boolean;
  /** Sign a read-only letter file (it stays read-only). */
  force?: boolean;
  /** The language version signed: a translation's (its text is the one recorded). */
  lang?: string;
  json?: boolean;
}

/** What `sign --json` prints: the entry as written, where it stands, and the count. */
function signJson(
  letter: string,
  action: 'signed' | 'updated' | 'reconfirmed' | 'unchanged',
  signatory: Signatory,
  index: number,
  count: number,
  extra: { repeatOf?: number | undefined; withdrawn?: string | undefined } = {},
) {
  return {
    letter,
    action,
    signatory,
    index: index + 1,
    count,
    late: signatory.late === true,
    repeatOf: extra.repeatOf === undefined ? null : extra.repeatOf + 1,
    withdrawnBefore: extra.withdrawn ?? null,
  };
}

/**
 * The decision for this letter by the signing rules: dated today, stamped with the text it is
 * given, late when past the deadline and --late given; their problems said with its flags.
 */
function decide(letter: Letter, answers: SignOptions, today: string, fonts: FontStack, version: SignedVersion | undefined): SignDecision {
  const request: SignRequest = {
    organization: answers.org,
    name: answers.name,
    title: answers.title,
    affiliation: answers.affiliation,
    country: answers.country,
    group: answers.group,
    description: answers.description,
    logo: answers.logo,
    highlight: answers.highlight,
    sort_as: answers.sortAs,
    signed: answers.date,
    update: answers.update ?? false,
    allowRepeat: answers.allowRepeat ?? false,
    // Late is about the day of the signature: one given on time and recorded later (--date) is not.
    late: answers.late ?? false,
    today,
  };
  if (version !== undefined) request.lang = version.lang;
  // --update changes the given fields only; agreeing to a new text is --reconfirm.
  if (!answers.update) request.text = version === undefined ? textFingerprint(letter) : versionFingerprint(letter, version.translation);
  const decision = decideSign(letter, request, SIGN_FLAGS);
  refuseUnprintable(decision, fonts);
  return decision;
}

/**
 * A value no font of letters can draw is refused now, with the words `check` would use once it
 * is in the file, rather than signed and found by `render` later. Decided from the fonts'
 * coverage table: no font file is read.
 */
function refuseUnprintable(decision: SignDecision, fonts: FontStack): void {
  const index = decision.action === 'append' ? decision.count - 1 : decision.index;
  for (const field of fieldsUsed('printed')) {
    const value = decision.signatory[field];
    if (field === 'logo') continue; // a file's path, not text on the page
    // --update answers for the values it was given; the others are the file's, which check reports.
    if (typeof value !== 'string' || (decision.action === 'replace' && decision.previous[field] === value)) continue;
    const problem = missingGlyphsIn(
      `signatories.${index}.${field}`,
      value,
      (cp) => fonts.covers(cp),
      (cluster) => fonts.fontForCluster(cluster) !== undefined,
    );
    if (problem) throw new LettersError('usage', problem.message, `${problem.hint} (${SIGN_FLAGS[field]}); nothing was changed`);
  }
}

/**
 * Probable duplicates of a new signatory in the letter, each warned with its line; how many
 * hold the signature back until allowed (an organization's: the signing rules say whose).
 */
function similarTo(ctx: Context, parsed: ParsedLetter, decision: SignDecision, allow: boolean): number {
  if (decision.action !== 'append') return 0;
  const matches = similarIn(parsed.letter.signatories, decision.signatory);
  const name = describe(decision.signatory);
  const held = holdsProbableDuplicate(decision.signatory);
  for (const m of matches) {
    const other = parsed.letter.signatories[m.ref]!;
    warn(ctx, {
      code: 'similar',
      message: `"${name}" may be the same as signatory ${m.ref + 1}, "${describe(other)}" (${m.reason})`,
      hint: !held
        ? 'signed: people may share a name written two ways; if they are one, remove one with letters unsign --delete'
        : allow
          ? 'signed anyway, as asked'
          : 'check the two spellings before signing',
      location: parsed.locate(`signatories.${m.ref}`),
    });
  }
  return held ? matches.length : 0;
}

function similarError(name: string): LettersError {
  return new LettersError(
    'similar',
    `"${name}" looks like a signatory already there (warning above)`,
    'nothing was changed; use the existing spelling with --update, or add --allow-similar to sign as a separate signatory',
  );
}

/** A translation being signed (`--lang`), read before the letter's lock: its language and its words. */
interface SignedVersion {
  lang: string;
  translation: Translation;
}

/**
 * The translation `--lang` names, complete (an incomplete text cannot be signed), or undefined
 * for the letter's own language. One that has fallen behind the letter is signed as it is, with a
 * warning: the signature records its words, and says so again when they change.
 */
async function signedVersion(ctx: Context, file: string, lang: string | undefined, letterArg: string): Promise<SignedVersion | undefined> {
  if (lang === undefined) return undefined;
  const parsed = await readLetter(file, ctx.cwd);
  if (lang.toLowerCase() === parsed.letter.lang.toLowerCase()) return undefined;
  translationLang(lang, parsed.letter.lang);
  const versions = await readLetterVersions(parsed, file, ctx.cwd);
  const version = findVersion(versions, lang);
  if (version === undefined) {
    throw new LettersError(
      'not-found',
      `${parsed.file} has no ${languageName(lang)} translation to sign`,
      `start one with: letters translate ${shellWord(letterArg)} --lang ${lang}`,
    );
  }
  const errors = version.problems.filter((p) => p.severity !== 'warning');
  if (errors.length > 0 || version.translation === undefined) {
    throw new InvalidLetterError([
      ...errors,
      {
        message: `the ${languageName(lang)} translation is not complete, so it cannot be signed`,
        hint: 'nothing was changed; finish it (the lines above), then sign',
      },
    ]);
  }
  const fault = versionFault(version, letterArg, languageName(parsed.letter.lang));
  if (fault !== undefined) warn(ctx, { message: `signing the ${languageName(lang)} version: ${fault.what}`, hint: fault.hint });
  return { lang: version.lang, translation: version.translation.translation };
}

/** `letters sign <letter> --reconfirm --org O`: the signatory agrees to the text as it is now (in the language they signed, or --lang's). */
async function reconfirm(ctx: Context, file: string, options: SignOptions, letterArg: string): Promise<void> {
  const writing = { force: options.force ?? false, lock: lockSettings(ctx, 'letters sign') };
  const asked = await signedVersion(ctx, file, options.lang, letterArg);
  const before = asked === undefined && options.lang === undefined ? await readLetter(file, ctx.cwd) : undefined;
  // Their own language's version, when they signed one and no other is asked for.
  const own = new Map<string, SignedVersion>();
  if (before !== undefined) {
    const versions = await readLetterVersions(before, file, ctx.cwd);
    for (const v of versions.versions)
      if (v.translation !== undefined) own.set(v.lang.toLowerCase(), { lang: v.lang, translation: v.translation.translation });
  }
  const result = await updateLetter(file, ctx.cwd, { ...writing, ...(before ? { readBefore: before } : {}) }, (parsed) => {
    const index = findSignatory(parsed.letter, { organization: options.org, name: options.name }, SIGN_FLAGS);
    const previous = parsed.letter.signatories[index]!;
    const signedLang = previous.lang?.toLowerCase();
    const version = options.lang !== undefined ? asked : signedLang === undefined ? undefined : own.get(signedLang);
    if (
      options.lang === undefined &&
      signedLang !== undefined &&
      signedLang !== parsed.letter.lang.toLowerCase() &&
      version === undefined
    ) {
      throw new LettersError(
        'not-found',
        `${describe(previous)} signed the ${languageName(previous.lang!)} version, which the letter no longer has`,
        'restore the translation, or give --lang for the version they agree to now',
      );
    }
    const text = version === undefined ? textFingerprint(parsed.letter) : versionFingerprint(parsed.letter, version.translation);
    const next: Signatory = { ...previous, text };
    if (version !== undefined) next.lang = version.lang;
    else if (options.lang !== undefined) delete next.lang;
    const signatory = orderFields(next);
    const count = parsed.letter.signatories.length;
    const unchanged = previous.text === text && previous.lang === signatory.lang;
    const edited = unchanged ? parsed.source : editSignatories(parsed, { action: 'replace', index, signatory, previous, count });
    return {
      text: edited,
      result: { signatory, text, already: unchanged, was: previous.text, index, count, file: parsed.file },
    };
  });
  if (options.json) {
    ctx.outJson(signJson(result.file, result.already ? 'unchanged' : 'reconfirmed', result.signatory, result.index, result.count));
  }
  if (result.already) ctx.out(`${describe(result.signatory)} already agreed to the current text (${result.text})`);
  else
    ctx.out(`Reconfirmed: ${describe(result.signatory)} agreed to the current text (${result.text}; was ${result.was ?? 'not recorded'})`);
}

/**
 * --logo names a picture render can print: inside the repository, there, and decoded whole
 * (a path that is not one is refused with the signing rules' words when the decision is made).
 */
async function checkLogo(ctx: Context, logo: string): Promise<void> {
  if (picturePathFault(logo, '--logo') !== undefined) return;
  // Loaded only for a logo: the picture decoders and the SVG screen's HTML parser (~20 ms on Node 20).
  const { checkPicture } = await import('../../io/pictures/load-pictures.js');
  const problem = await checkPicture(projectRoot(ctx.dir), logo);
  if (problem) throw new LettersError('usage', `--logo: ${problem.message}`, `${problem.hint}; nothing was changed`);
}

/** The groups of a letter: its `groups:` list, or else those its signatories name, in order. */
function groupsOf(letter: Letter): string[] {
  if (letter.groups.length > 0) return [...letter.groups];
  return [...new Set(letter.signatories.flatMap((s) => (s.group === undefined ? [] : [s.group])))];
}

/** `letters sign <letter>`: add a signatory at the end (or replace one with --update). */
export async function sign(ctx: Context, letterArg: string, options: SignOptions): Promise<void> {
  const file = await resolveLetter(letterArg, ctx.dir, ctx.cwd);
  if (options.reconfirm) {
    if (options.update || options.title !== undefined) {
      throw new LettersError('usage', '--reconfirm records agreement to the current text only', 'run it without --update and --title');
    }
    await reconfirm(ctx, file, options, letterArg);
    return;
  }
  const version = await signedVersion(ctx, file, options.lang, letterArg);
  const writing = { force: options.force ?? false, lock: lockSettings(ctx, 'letters sign') };
  // Read the clock before asking anything: a bad SOURCE_DATE_EPOCH fails before the questions.
  const today = localDay(ctx.now());
  const answers = { ...options };
  if (ctx.interactive && answers.org === undefined && answers.name === undefined) {
    answers.org = (await ctx.prompt.input('Organization (leave empty for an individual):')) || undefined;
    answers.name = (await ctx.prompt.input('Name of the person signing:', { required: answers.org === undefined })) || undefined;
    if (answers.title === undefined) answers.title = (await ctx.prompt.input('Their title (optional):')) || undefined;
    // An individual's affiliation is printed under the name (for identification only).
    if (answers.org === undefined && answers.affiliation === undefined) {
      answers.affiliation = (await ctx.prompt.input('Their affiliation, printed under the name (optional):')) || undefined;
    }
  }
  if (answers.logo !== undefined) await checkLogo(ctx, answers.logo);
  let allow = answers.allowSimilar ?? false;
  // What the fonts of letters can draw, from their coverage table (no font file is read).
  const fonts = new FontStack();
  // Decided inside the lock; a probable duplicate found there is asked about with the lock released, then signed in a second pass.
  const attempt = () =>
    updateLetter(file, ctx.cwd, writing, (parsed) => {
      const decided = decide(parsed.letter, answers, today, fonts, version);
      if (similarTo(ctx, parsed, decided, allow) > 0 && !allow) {
        if (!ctx.interactive) throw similarError(describe(decided.signatory));
        return {
          text: parsed.source,
          result: { decision: decided, withdrawn: undefined, asked: true, groups: [] as string[], file: parsed.file },
        };
      }
      const who = identityKey(decided.signatory);
      const earlier = (parsed.letter.withdrawn ?? []).filter((w) => identityKey(w) === who);
      const groups = decided.action === 'append' && decided.signatory.group === undefined ? groupsOf(parsed.letter) : [];
      // A repeat kept on purpose: the letter says it keeps repeats before it holds one.
      const target = decided.action === 'append' && decided.repeatOf !== undefined ? allowingRepeats(parsed) : parsed;
      return {
        text: editSignatories(target, decided),
        result: { decision: decided, withdrawn: earlier.at(-1), asked: false, groups, file: parsed.file },
      };
    });
  let outcome = await attempt();
  if (outcome.asked) {
    if (!(await confirm(ctx, `Sign "${describe(outcome.decision.signatory)}" as a separate signatory anyway?`))) {
      throw similarError(describe(outcome.decision.signatory));
    }
    allow = true;
    outcome = await attempt();
  }
  const { decision, withdrawn, groups } = outcome;
  if (options.json) {
    const appended = decision.action === 'append';
    ctx.outJson(
      signJson(
        outcome.file,
        appended ? 'signed' : 'updated',
        decision.signatory,
        appended ? decision.count - 1 : decision.index,
        decision.count,
        {
          repeatOf: appended ? decision.repeatOf : undefined,
          withdrawn: appended ? withdrawn?.withdrawn : undefined,
        },
      ),
    );
  }
  const verb = decision.action === 'append' ? 'Signed' : 'Updated';
  ctx.out(`${verb}: ${describe(decision.signatory)}${decision.signatory.late ? ' (late)' : ''}`);
  if (decision.action === 'append' && decision.repeatOf !== undefined) {
    ctx.out(`(a repeat of signatory ${decision.repeatOf + 1}, kept as --allow-repeat asks; the letter has allow_repeats: true)`);
  }
  if (groups.length > 0) {
    // Signed ungrouped into a grouped letter: printed before the groups, under no heading.
    const { organization, name, affiliation } = decision.signatory;
    const flag =
      organization !== undefined
        ? `--org ${shellWord(organization)}`
        : `--name ${shellWord(name!)}${affiliation === undefined ? '' : ` --affiliation ${shellWord(affiliation)}`}`;
    warn(ctx, {
      code: 'no-group',
      message: `"${describe(decision.signatory)}" has no group, so it is printed before the groups (${groups.map((g) => `"${g}"`).join(', ')}), under no heading`,
      hint: `if it belongs to one: letters sign ${shellWord(letterArg)} ${flag} --update --group "…"`,
    });
  }
  if (decision.action === 'append' && withdrawn !== undefined) {
    ctx.out(`(withdrawn on ${withdrawn.withdrawn}; signed again — the withdrawal stays on record)`);
  }
  ctx.out(signatoryCount(decision.count));
}
