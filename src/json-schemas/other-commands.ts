// The JSON documents of the signature, publishing, git and tool commands.
import { FORMAT_NAMES } from '../render/format-names.js';
import { bool, commandSchema, date, int, list, obj, oneOf, orNull, signatory, str, type Schema } from './build.js';

const letter = str('the letter file, as printed (relative to the current folder when below it)');
const at = { row: int('the row number as a spreadsheet shows it (the header is row 1)'), line: int('the line it starts on in the file') };
/** A row of a review sheet (`import --update`) and the pending entry it names. */
const reviewedFields = {
  row: int('the row number as a spreadsheet shows it (the header is row 1)'),
  pending: int('its entry in pending: (1-based)'),
  line: int('the line that entry starts on in the letter file'),
  who: str('the entry, named for people'),
  changes: list(
    obj(
      'a corrected cell',
      {
        field: str('the field'),
        from: { description: 'the value it had (absent: none)', anyOf: [{ type: 'string' }, { type: 'boolean' }] },
        to: { description: 'the value it takes (absent: emptied)', anyOf: [{ type: 'string' }, { type: 'boolean' }] },
      },
      ['from', 'to'],
    ),
    'the corrections in the row',
  ),
};
const reviewed = (description: string) => obj(description, reviewedFields);
const ref = {
  anyOf: [
    obj('a signatory already in the letter', { signatory: int('its number (1-based)'), line: int('its line in the letter file') }),
    obj('an entry pending review', { pending: int('its number in pending: (1-based)'), line: int('its line in the letter file') }),
    obj('an earlier row of the sheet', at),
  ],
  description: 'what it repeats or resembles',
};

/** What send, notify and remind print: drafts written, or each message and what the server said. */
const delivery = (command: string, what: string): Schema =>
  commandSchema(
    command,
    what,
    {
      letter,
      channel: oneOf(['eml', 'smtp'], 'eml: .eml drafts written (-o), nothing sent; smtp: sent through a server'),
      server: orNull(str('the server, as smtps://host:port (smtp)')),
      sent: int('messages the server accepted in this run'),
      files: list(str('a draft written'), 'the .eml drafts (eml)'),
      messages: list(
        obj('a message of this run, as the journal holds it', {
          to: list(str('a recipient, as Name <address>'), 'its recipients'),
          state: oneOf(
            ['handing', 'accepted', 'rejected', 'deferred', 'in-doubt'],
            'what became of it; in-doubt: handed over without an answer',
          ),
          messageId: str('its Message-ID'),
          at: orNull(str('when it was handed over (ISO 8601)')),
          response: orNull(str("the server's answer")),
          refused: list(str('an address'), 'recipients the server refused while accepting the message for the others'),
        }),
        'the messages (smtp), sent or not',
      ),
    },
    ['letter', 'channel', 'sent', 'files', 'messages'],
  );

/** An entry pending review as review lists it: its line in the letter file, then its fields. */
const pendingEntry: Schema = {
  type: 'object',
  description: 'an entry still pending: line, its line in the letter file, and its fields',
  properties: { line: int('its line in the letter file'), ...(signatory['properties'] as Record<string, Schema>) },
};

export const OTHER_SCHEMAS: Record<string, Schema> = {
  sign: commandSchema(
    'sign',
    'letters sign: the signature written',
    {
      letter,
      action: oneOf(
        ['signed', 'updated', 'reconfirmed', 'unchanged'],
        'signed: added; updated: --update replaced it; reconfirmed: --reconfirm recorded agreement; unchanged: it already agreed',
      ),
      signatory: { ...signatory, description: 'the entry as it is now in the file' },
      index: int('its number in signatories: (1-based)', { minimum: 1 }),
      count: int('how many signatories the letter has now'),
      late: bool('true when signed after the deadline (--late)'),
      repeatOf: orNull(int('the signatory it repeats, kept with --allow-repeat')),
      withdrawnBefore: orNull(date('the day an earlier signature of the same signatory was withdrawn')),
    },
    ['letter', 'action', 'signatory', 'index', 'count', 'late'],
  ),
  unsign: commandSchema(
    'unsign',
    'letters unsign: the signature withdrawn or deleted',
    {
      letter,
      action: oneOf(['withdrawn', 'deleted'], 'withdrawn: moved to withdrawn:; deleted: --delete removed it with no record'),
      signatory: { ...signatory, description: 'the entry as it was' },
      withdrawn: orNull(date('the day recorded (null with --delete)')),
      reason: orNull(str('--reason')),
      count: int('how many signatories the letter has now'),
    },
    ['letter', 'action', 'signatory', 'count'],
  ),
  import: commandSchema(
    'import',
    'letters import: the plan, and whether it was written. A sign-up import has columns and add; a review sheet taken back (--update) has approve, reject, correct, keep and notInSheet',
    {
      letter,
      csv: str('the sheet, as printed'),
      encoding: str('the encoding it was read in'),
      delimiter: str('the separator: , ; or a tab'),
      columns: list(
        obj('a column of the sheet', {
          column: int('1-based'),
          heading: str('its heading'),
          field: orNull(str('the field it is read as, or null when not used')),
          ignored: bool('left out with --ignore'),
          samples: list(str('a value'), 'a few of its values, to recognize it'),
        }),
        'every column',
      ),
      unused: list(str('a heading'), 'the columns not read'),
      file: str('the file read, as printed (the same as csv, which is kept for older readers)'),
      format: oneOf(['csv', 'json', 'jsonl', 'issues', 'eml'], 'what kind of file it was read as'),
      add: list(
        obj('a row to add', {
          ...at,
          pending: bool('true when it goes to pending: for review rather than signatories:'),
          source: orNull(str('where it came from, kept in its private source: field')),
          flags: list(
            obj('why it is held for review', {
              rule: str('the rule that flagged it'),
              field: str('the field'),
              column: orNull(str("the cell's heading")),
              line: int('the line of the cell'),
              col: int('its column, in characters'),
              message: str('what looks wrong'),
            }),
            'the junk flags',
          ),
          signatory: { ...signatory, description: 'the entry it becomes' },
        }),
        'the rows added (or, with --dry-run, to add)',
      ),
      pending: int('of them, how many go to pending:'),
      flagged: int('of them, how many have flags'),
      rejected: list(
        obj('a row of someone rejected in review', { ...at, rejected: int('the rejected entry (1-based)'), on: date('when') }),
        'skipped',
      ),
      rejectedAgain: list(
        obj('a row dated after a rejection', { ...at, rejected: int('the rejected entry (1-based)'), on: date('when') }),
        'taken again',
      ),
      ignored: list(str('a heading'), 'the columns left out with --ignore'),
      duplicates: list(obj('a row skipped', { ...at, field: str('the field that repeats'), of: ref }), 'rows already signed, skipped'),
      repeats: list(obj('a row kept', { ...at, field: str('the field that repeats'), of: ref }), 'repeats added with --allow-repeat'),
      similar: list(
        obj('a probable duplicate', {
          ...at,
          of: ref,
          reason: str('why they look alike'),
          added: bool('true when it is added'),
          held: bool('true when it waits for --allow-similar (an organization)'),
        }),
        'rows that look like a signatory already there',
      ),
      withdrawn: list(
        obj('a row of someone who withdrew', { ...at, withdrawn: int('the withdrawn entry (1-based)'), on: date('when') }),
        'skipped',
      ),
      again: list(
        obj('a row dated after a withdrawal', { ...at, withdrawn: int('the withdrawn entry (1-based)'), on: date('when') }),
        'signed again',
      ),
      invalid: list(
        obj('a row that cannot be imported', {
          row: int('the row number'),
          line: int('its line'),
          col: int('the column of the cell, in characters'),
          column: orNull(str("the cell's heading")),
          message: str('what is wrong'),
          hint: str('what to do'),
        }),
        'invalid rows (also diagnostics)',
      ),
      blank: int('empty rows, skipped'),
      approve: list(reviewed('a row that approves its pending entry'), '--update: the entries signed'),
      reject: list(
        obj('a row that rejects its pending entry', { ...reviewedFields, reason: orNull(str('why, from the Reason cell')) }),
        '--update: the entries rejected (recorded as they stood in pending:)',
      ),
      correct: list(reviewed('a row that corrects an entry that stays pending'), '--update: the entries corrected, still pending'),
      keep: list(
        obj('a row that keeps its entry pending as it is', {
          row: reviewedFields.row,
          pending: reviewedFields.pending,
          line: reviewedFields.line,
          who: reviewedFields.who,
        }),
        '--update: the entries left pending',
      ),
      notInSheet: int('--update: pending entries no row names, left as they are'),
      written: bool('true when the letter file was changed'),
    },
    ['letter', 'file', 'written'],
  ),
  export: commandSchema(
    'export',
    'letters export --json: the signatories (and, with -o FILE, the same document saved there)',
    {
      letter,
      private: bool('true with --private: email, phone and notes included'),
      count: int('how many signatories'),
      output: orNull(str('the file written with -o; null when the signatories are here')),
      signatories: list(signatory, 'every signatory, in file order (absent when written to -o)'),
    },
    ['letter', 'private', 'count', 'output'],
  ),
  render: commandSchema(
    'render',
    'letters render: the files written — for one letter, for --all (letters), or a mail merge (recipients)',
    {
      letter: str('the letter file (one letter, or the mail merge)'),
      format: oneOf(FORMAT_NAMES, 'the format written'),
      files: list(str('a file written'), 'the files written, in order'),
      signatories: int('how many signatories the letter has (one letter)'),
      folder: str('--all: the folder written into'),
      letters: list(
        obj('--all: one letter', {
          slug: str("the letter's name"),
          letter,
          ok: bool('false when it could not be rendered (diagnostics say why)'),
          files: list(str('a file written'), 'its files'),
        }),
        '--all: every letter, in order',
      ),
      languages: list(
        obj('one language written (--lang, --all-langs, --bilingual)', {
          lang: str('its language tag; two, "en,fr", for a bilingual document'),
          files: list(str('a file written'), 'its files'),
        }),
        'one letter: the language (or each, with --all-langs) and its files',
      ),
      combined: bool('mail merge: true with --combined (one PDF)'),
      recipients: int('mail merge: how many rows'),
    },
    ['format'],
  ),
  templates: commandSchema(
    'templates',
    'letters templates: the templates a letter can use',
    {
      templates: list(
        obj('a template', {
          name: str('its name, for template: and --template'),
          formats: list(oneOf(FORMAT_NAMES, 'a format'), 'the formats it serves (empty when it cannot be used)'),
          source: oneOf(['project', 'shipped'], "the project's templates/ or the ones letters ships"),
          file: str('its file'),
          description: str('the first line of its leading comment'),
          replaces: bool('a project template replacing a shipped one of that name'),
          hidden: bool('a shipped template a project one replaces'),
        }),
        "the project's first, then the shipped ones",
      ),
    },
    ['templates'],
  ),
  send: delivery('send', 'letters send: the letter e-mailed, or written as .eml drafts'),
  notify: delivery('notify', 'letters notify: the signatories told'),
  remind: delivery('remind', 'letters remind: the invitees reminded'),
  publish: commandSchema(
    'publish',
    'letters publish: the page kit written',
    {
      letter,
      folder: str('the folder written into'),
      files: list(str('a file name'), 'the files of the kit'),
      url: orNull(str('the public address given with --url')),
      sentence: str('the count sentence the page prints'),
    },
    ['letter', 'folder', 'files', 'url', 'sentence'],
  ),
  review: commandSchema(
    'review',
    'letters review: the entries pending review, and what was decided (nothing, when listing)',
    {
      letter,
      approved: list(str('a name'), 'the entries signed now'),
      rejected: list(str('a name'), 'the entries rejected now'),
      edited: int('entries edited on the way'),
      pending: list(pendingEntry, 'the entries still pending'),
      signatories: int('how many signed now'),
    },
    ['letter', 'approved', 'rejected', 'edited', 'pending', 'signatories'],
  ),
  'merge-driver': commandSchema(
    'merge-driver',
    'letters merge-driver (run by git): the merge written',
    { file: str('the file merged'), merged: bool('true: merged cleanly (a conflict is an error)') },
    ['file', 'merged'],
  ),
  'init-git': commandSchema(
    'init-git',
    'letters init-git: the merge driver registered',
    {
      repository: str("the repository's root"),
      gitattributes: str('the line in .gitattributes'),
      added: bool('false when .gitattributes had it already'),
      driver: str('the command set as merge.letters.driver'),
    },
    ['repository', 'gitattributes', 'added', 'driver'],
  ),
  config: commandSchema(
    'config',
    'letters config: the settings in force',
    {
      file: orNull(str('the settings file read, or null')),
      settings: list(
        obj('a setting', {
          key: str('its key in letters.config.yaml'),
          value: orNull(str('the value in force (the letters folder is always given); null when the default applies')),
          source: oneOf(['flag', 'env', 'file', 'default'], 'where the value comes from'),
          from: orNull(str('the flag, the variable or file:line')),
          env: str('its environment variable'),
          default: str('what applies when nothing sets it'),
          problem: orNull(str('what is wrong with the value (from the environment)')),
        }),
        'every setting, in order',
      ),
    },
    ['file', 'settings'],
  ),
  completion: commandSchema(
    'completion',
    'letters completion: the script',
    { shell: oneOf(['bash', 'zsh', 'fish', 'powershell'], 'the shell'), script: str('the script to load') },
    ['shell', 'script'],
  ),
  help: commandSchema(
    'help',
    'letters help: the topics, a reference page as tables, or a command help',
    {
      topic: orNull(str('the topic or command asked for')),
      topics: list(obj('a topic', { topic: str('its name'), about: str('what it holds') }), 'without a topic: the topics'),
      commands: list(str('a command'), 'without a topic: the commands'),
      tables: list(
        obj('a table', {
          id: str('its id'),
          heading: str('its heading'),
          columns: list(str('a column'), 'the columns'),
          rows: list(list(str('a cell'), 'a row'), 'the rows'),
        }),
        'a topic: its tables',
      ),
      help: str('a command: its help text'),
    },
    ['topic'],
  ),
};
