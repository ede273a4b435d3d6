// The JSON documents of the commands about letters: new, check, list, status, diff, open, close.
import { STATUSES } from '../core/letter/letter.js';
import { bool, commandSchema, date, int, list, obj, oneOf, orNull, str, type Schema } from './build.js';

const VERSION_STATES = ['current', 'stale', 'unmarked', 'invalid'];

/** A language and where it stands. */
const LANGUAGE_STATE = obj('a language', {
  lang: str('its tag'),
  state: oneOf(['letter', ...VERSION_STATES], "letter (the letter's own), or a translation's state"),
});

const letter = str('the letter file, as printed (relative to the current folder when below it)');

export const LETTER_SCHEMAS: Record<string, Schema> = {
  new: commandSchema(
    'new',
    'letters new: the letter file written',
    {
      letter,
      slug: str("the letter's name"),
      replaced: bool('true when --force replaced a letter that was there'),
      template: str('the template written into it'),
      lang: str('the language written into it'),
      paper: str('the paper size written into it'),
      translations: list(
        obj('a translation started with --translations', { lang: str('its language'), file: str('its file, as printed') }),
        'the translation files written beside it',
      ),
    },
    ['letter', 'slug', 'replaced', 'template', 'lang', 'paper'],
  ),
  check: commandSchema(
    'check',
    'letters check: each letter checked; every problem is a diagnostic with its file, line, column and field',
    {
      letters: list(
        obj('one letter checked', {
          letter,
          ok: bool('true when render would accept it (warnings allowed)'),
          signatories: orNull(int('how many signatories, when the file could be read')),
          errors: int('how many errors'),
          warnings: int('how many warnings (counted once the errors are fixed)'),
          keptRepeats: list(str('a repeat kept by allow_repeats: true, with both lines'), 'the kept repeats'),
          translations: list(str('a language tag'), 'the languages of its translations (letters/<slug>.<lang>.yaml)'),
        }),
        'the letters, in the order checked',
      ),
    },
    ['letters'],
  ),
  list: commandSchema(
    'list',
    'letters list: the letters in the folder',
    {
      folder: str('the letters folder'),
      letters: list(
        obj('one letter', {
          slug: str("the letter's name"),
          status: oneOf([...STATUSES, 'invalid'], 'its status, or invalid when it cannot be read (a diagnostic says why)'),
          signatories: orNull(int('how many signed')),
          pending: orNull(int('how many entries wait in pending: for review (never counted as signed)')),
          earlierText: orNull(int('how many signed an earlier text than the current one')),
          title: str('its title ("" when invalid)'),
          languages: list(LANGUAGE_STATE, "the letter's language, then each translation's ([] when invalid)"),
        }),
        'by slug',
      ),
    },
    ['folder', 'letters'],
  ),
  status: commandSchema(
    'status',
    'letters status: where a letter stands',
    {
      letter,
      title: str('its title'),
      status: oneOf(STATUSES, 'draft, open or closed'),
      deadline: orNull(date('the last day signatures are taken without --late')),
      text: str("the fingerprint of the letter's current text"),
      lang: str("the letter's language"),
      languages: list(
        obj('a language version: the letter first, then each translation', {
          lang: str('its language tag'),
          file: str('its file, as printed'),
          state: oneOf(['letter', ...VERSION_STATES], 'letter, or the state of a translation'),
          recorded: orNull(str("a translation's source: the fingerprint of the letter's text it was made from")),
          text: orNull(str('the fingerprint of its own text, which a signature on it records')),
          signatories: int('how many signed this version'),
          problems: int('how many errors it has (letters check says which)'),
        }),
        'the letter and its translations',
      ),
      signedMissingVersion: list(
        obj('a signatory whose lang: names a version the letter has no translation into', {
          signatory: int('its number in signatories: (1-based)'),
          organization: orNull(str('the organization')),
          name: orNull(str('the person')),
          lang: str('the language it signed'),
        }),
        'signatures on a version that is not there',
      ),
      signatories: int('how many signed'),
      organizations: int('of them, organizations'),
      individuals: int('of them, individuals'),
      groups: {
        type: 'object',
        additionalProperties: { type: 'integer' },
        description: 'signatories by group ("(none)" for those in none)',
      },
      countries: { type: 'object', additionalProperties: { type: 'integer' }, description: 'signatories by country ("(none)")' },
      late: int('signatures marked late'),
      withdrawn: list(
        obj('a withdrawn signature', {
          organization: orNull(str('the organization')),
          name: orNull(str('the person')),
          withdrawn: date('the day it was withdrawn'),
          reason: orNull(str('why, when given')),
        }),
        'the withdrawn signatures',
      ),
      earlierText: list(
        obj('a signatory who signed an earlier text', {
          signatory: int('its number in signatories: (1-based)'),
          line: int('its line in the letter file'),
          organization: orNull(str('the organization')),
          name: orNull(str('the person')),
          text: str('the fingerprint of the text it signed'),
          lang: orNull(str('the translation it signed (lang:), or null for the letter itself')),
        }),
        'who signed an earlier text than the current one',
      ),
      textNotRecorded: int('signatures given before letters recorded the text'),
      pending: int('entries pending review (never counted as signed)'),
      counts: obj('the entries of each list, counted apart', {
        signed: int('signatories'),
        pending: int('entries pending review'),
        rejected: int('entries rejected in review'),
        withdrawn: int('signatures withdrawn'),
      }),
      rejected: list(
        obj('an entry rejected in review', {
          organization: orNull(str('the organization')),
          name: orNull(str('the person')),
          rejected: date('the day'),
          reason: orNull(str('why, when given')),
        }),
        'the rejected entries',
      ),
      delivered: list(
        obj('a message the letter was sent in', {
          at: str('when (ISO 8601)'),
          channel: str('how'),
          to: list(str('an address'), 'to whom'),
          cc: list(str('an address'), 'in copy'),
          messageId: str('its Message-ID'),
          text: str('the fingerprint of the text sent'),
        }),
        'delivered: in the letter',
      ),
      notified: list(obj('a notify run', { at: str('when'), subject: str('its subject'), count: int('addresses') }), 'notified:'),
      reminded: list(obj('a remind run', { at: str('when'), subject: str('its subject'), count: int('addresses') }), 'reminded:'),
      invitedNotSigned: list(
        obj('an invitee', {
          organization: orNull(str('the organization')),
          name: orNull(str('the person')),
          invited: orNull(date('when')),
        }),
        'invited: who have not signed',
      ),
      interruptedSend: orNull(str('the journal of a send that did not finish')),
    },
    ['letter', 'title', 'status', 'text', 'signatories', 'earlierText'],
  ),
  diff: commandSchema(
    'diff',
    'letters diff: what changed in the text since a signatory signed (--since), or since a translation was made (--lang)',
    {
      letter,
      lang: str("the language of the texts compared: a translation signed, or the letter's"),
      since: obj('what --since named', {
        text: str('the fingerprint of the text compared with'),
        signatory: orNull(str('the signatory who signed it, when --since named one')),
      }),
      current: str('the fingerprint of the current text'),
      changed: bool('false when the current text is that text'),
      commit: orNull(str('the commit that holds that text')),
      date: orNull(str("that commit's date (ISO 8601)")),
      patch: orNull(str('a unified diff of the text that signatures agree to')),
    },
    ['letter', 'since', 'current', 'changed', 'commit', 'patch'],
  ),
  translate: commandSchema(
    'translate',
    'letters translate: a translation started, described, or marked current',
    {
      letter,
      file: str('the translation file, as printed'),
      lang: str('its language tag'),
      action: oneOf(
        ['created', 'described', 'marked', 'unchanged'],
        'created: a new file; described: where it stands; marked: --done recorded the source; unchanged: --done, already current',
      ),
      state: oneOf(VERSION_STATES, 'current, stale (the letter changed since), unmarked (never marked) or invalid'),
      source: str("the fingerprint of the letter's translatable text now"),
      recorded: orNull(str('the fingerprint it records as its source: (after --done, the current one)')),
      was: orNull(str('the source: it recorded before')),
      text: orNull(str('the fingerprint of its own text, which a signature on it records')),
      changed: orNull(list(str('a field'), 'a stale translation: the fields of the letter changed since (from git), or null')),
      todo: list(
        obj('what it lacks', {
          file: orNull(str('the file')),
          line: orNull(int('1-based line')),
          column: orNull(int('1-based column')),
          message: str('what is missing or wrong'),
          hint: str('what to do'),
        }),
        'the problems left to fix before --done',
      ),
    },
    ['letter', 'file', 'lang', 'action', 'state', 'source'],
  ),
  open: commandSchema(
    'open',
    'letters open: the letter takes signatures',
    {
      letter,
      status: { const: 'open', description: 'the status now' },
      was: oneOf(STATUSES, 'the status before'),
      deadline: orNull(date('the deadline now in the file')),
    },
    ['letter', 'status', 'was', 'deadline'],
  ),
  close: commandSchema(
    'close',
    'letters close: the letter takes no more signatures',
    {
      letter,
      status: { const: 'closed', description: 'the status now' },
      was: oneOf(STATUSES, 'the status before'),
      count: int('how many signed'),
    },
    ['letter', 'status', 'was', 'count'],
  ),
};
