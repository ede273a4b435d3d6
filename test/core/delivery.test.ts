import { describe, expect, test } from 'vitest';
import { addressFault, readAddressText } from '../../src/core/delivery/addresses.js';
import { alreadyDelivered, invitedNotSigned } from '../../src/core/delivery/audience.js';
import { countSentence, countSignatories } from '../../src/core/delivery/counts.js';
import {
  newJournal,
  planResume,
  settled,
  markRecorded,
  withEntry,
  resumeConflict,
  type JournalEntry,
} from '../../src/core/delivery/journal.js';
import { fillPlaceholders, messageFaults, parseRate, retryDelay, splitMessageFile } from '../../src/core/delivery/message.js';
import { appendRecords } from '../../src/core/edit/record-edits.js';
import { textFingerprint } from '../../src/core/letter/fingerprint.js';
import { parseLetter, readLetterSource } from '../../src/core/read/parse-letter.js';

describe('addresses', () => {
  test.each([
    ['jane@example.org', undefined],
    ['jane.roe+letters@mail.example.co.uk', undefined],
    ['anna@bücher.example', undefined],
    ['jane@example.org, x@evil.example', /more than one address/],
    ['jane@example.org\r\nBcc: x@evil.example', /line break/],
    ['jane example@org.example', /space/],
    ['jane@localhost', /not a domain name/],
    ['jane@@example.org', /more than one @/],
    ['.jane@example.org', /name part/],
    ['jane@example.123', /not a domain name/],
    ['no-at-sign', /no @/],
  ])('%s', (text, fault) => {
    const found = addressFault(text);
    if (fault === undefined) expect(found).toBeUndefined();
    else expect(found).toMatch(fault);
  });

  test.each([
    ['Jane Doe <jane@example.org>', { ok: true, address: { name: 'Jane Doe', email: 'jane@example.org' }, line: 'Jane Doe' }],
    ['"Doe, Jane" <jane@example.org>', { ok: true, address: { name: 'Doe, Jane', email: 'jane@example.org' }, line: 'Doe, Jane' }],
    ['jane@example.org', { ok: true, address: { email: 'jane@example.org' } }],
    ['Deputy Secretary', { ok: true, line: 'Deputy Secretary' }],
  ])('a cc line: %s', (text, read) => {
    expect(readAddressText(text, true)).toEqual(read);
  });

  test.each([
    ['Jane <evil@example.org> <jane@example.org>', /angle bracket/],
    ['Jane <jane@example.org, x@evil.example>', /more than one address/],
    ['Jane evil@x.example <jane@example.org>', /holds an e-mail address/],
    ['Jane <jane@example.org', /angle bracket that does not close/],
  ])('refused: %s', (text, problem) => {
    const read = readAddressText(text, true);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.problem).toMatch(problem);
  });
});

describe('the journal', () => {
  const entry = (key: string, state: JournalEntry['state']): JournalEntry => ({
    key,
    envelope: { to: [`<${key}>`], cc: [], bcc: [] },
    state,
    messageId: `<${key}.id@example.org>`,
    at: '2026-03-02T00:00:00Z',
    attempts: 1,
  });

  test('a resumed run sends what was never handed over or was refused, skips what was accepted, names what is in doubt', () => {
    let j = newJournal('send', 'abcdef12', 'members.csv', '2026-03-02T00:00:00Z');
    for (const [k, s] of [
      ['a', 'accepted'],
      ['b', 'handing'],
      ['c', 'in-doubt'],
      ['d', 'rejected'],
      ['e', 'deferred'],
      ['z', 'handing'],
    ] as const)
      j = withEntry(j, entry(k, s));
    const plan = planResume(j, ['a', 'b', 'c', 'd', 'e', 'f'], false);
    expect(plan.send).toEqual(['d', 'e', 'f']);
    expect(plan.done.map((e) => e.key)).toEqual(['a']);
    expect(plan.doubt.map((e) => e.key)).toEqual(['b', 'c', 'z']);
    expect(plan.retried.map((e) => e.key)).toEqual(['d', 'e']);
    expect(planResume(j, ['a', 'b', 'c'], true).send).toEqual(['b', 'c']);
  });

  test('the journal goes only when every message was accepted and recorded', () => {
    let j = withEntry(newJournal('notify', 't', 'x', 's', 'm'), entry('a', 'accepted'));
    expect(settled(j)).toBe(false);
    j = markRecorded(j, new Set(['a']));
    expect(settled(j)).toBe(true);
    expect(settled(withEntry(j, entry('b', 'rejected')))).toBe(false);
  });

  test('another command, text, message or audience is not resumed', () => {
    const j = newJournal('send', 'aaaa1111', 'members.csv', 'then');
    expect(resumeConflict(j, 'send', 'aaaa1111', 'members.csv')).toBeUndefined();
    expect(resumeConflict(j, 'notify', 'aaaa1111', 'members.csv')).toMatch(/unfinished `letters send`/);
    expect(resumeConflict(j, 'send', 'bbbb2222', 'members.csv')).toMatch(/sent text aaaa1111, and the letter's text is now bbbb2222/);
    expect(resumeConflict(j, 'send', 'aaaa1111', 'other.csv')).toMatch(/went to members\.csv, not to other\.csv/);
  });
});

describe('messages', () => {
  test('rates, retries, message files, placeholders', () => {
    expect(parseRate('20/min')).toBe(3000);
    expect(parseRate('2/s')).toBe(500);
    expect(parseRate('300/h')).toBe(12_000);
    expect(parseRate('fast')).toBeUndefined();
    expect(parseRate('0/min')).toBeUndefined();
    expect([1, 2, 3, 4].map((n) => retryDelay(n))).toEqual([1000, 2000, 4000, undefined]);
    expect(splitMessageFile('\ufeffSubject: Delivered\r\n\r\nDear {{name}},\r\nDone.\r\n')).toEqual({
      subject: 'Delivered',
      body: 'Dear {{name}},\nDone.',
    });
    expect(splitMessageFile('Just text')).toEqual({ body: 'Just text' });
    expect(
      fillPlaceholders('Dear {{ name }}, {{count}} {{nom}} {{organization}}', { name: 'Ann', count: '3', organization: undefined }),
    ).toEqual({
      text: 'Dear Ann, 3 {{nom}} ',
      unknown: ['{{nom}}'],
      empty: ['{{organization}}'],
    });
  });

  test('the last guard before composing: any header with a line break or a second address', () => {
    const base = {
      key: 'a',
      from: { email: 'coord@example.org' },
      to: [{ name: 'Ann', email: 'ann@example.org' }],
      cc: [],
      bcc: [],
      subject: 'Hi',
      text: '',
      attachments: [],
      messageId: '<x@example.org>',
      date: new Date(0),
    };
    expect(messageFaults(base)).toEqual([]);
    expect(messageFaults({ ...base, subject: 'Hi\r\nBcc: x@evil.example' })).toEqual(['the subject has a line break or control character']);
    expect(messageFaults({ ...base, to: [{ name: 'Ann <x@evil.example>', email: 'ann@example.org' }] })[0]).toMatch(/angle bracket/);
    expect(messageFaults({ ...base, bcc: [{ email: 'a@example.org\nb@evil.example' }] })[0]).toMatch(/line break/);
  });
});

const LETTER = `# the coalition's letter
title: Water
recipient:
  name: Minister Jane Doe
  email: jane@gov.example   # never printed
cc:
  - Deputy <deputy@gov.example>
  - Chief of Staff
bcc: [archive@example.org]
invited:
  - organization: Amnesty International
    email: a@amnesty.example
  - organization: "HUMAN  rights-watch"
    email: info@hrw.example
  - name: Ann Lee
    email: ann@uni.example
signatories:
  - organization: Human Rights Watch
    signed: 2026-03-01
  - name: Ann Lee
    signed: 2026-02-27
`;

describe('the letter', () => {
  test('addresses read from recipient, cc and bcc; the cc lines printed are the names; the email is not part of the agreed text', () => {
    const { letter } = parseLetter(LETTER, 'l.yaml');
    expect(letter.recipients[0]!.email).toBe('jane@gov.example');
    expect(letter.cc).toEqual(['Deputy', 'Chief of Staff']);
    expect(letter.ccAddresses).toEqual([{ name: 'Deputy', email: 'deputy@gov.example' }]);
    expect(letter.bcc).toEqual([{ email: 'archive@example.org' }]);
    const without = parseLetter(LETTER.replace('  email: jane@gov.example   # never printed\n', ''), 'l.yaml').letter;
    expect(textFingerprint(letter)).toBe(textFingerprint(without));
  });

  test('bad addresses are located errors', () => {
    const { problems } = readLetterSource(
      LETTER.replace('jane@gov.example', 'jane at gov').replace('archive@example.org', 'a@b.org; c@d.org'),
      'l.yaml',
    );
    expect(problems.map((p) => `${p.location?.line}:${p.location?.col} ${p.message}`)).toEqual([
      '5:10 "recipient.email" is not an e-mail address: it has a space, quote, bracket or angle bracket, which no plain address has',
      '9:7 "bcc line 1" cannot be sent to: "a@b.org; c@d.org" is not an e-mail address: it holds more than one address (a comma or semicolon): give one address per entry',
    ]);
  });

  test('invited and not signed: organizations compared as signing compares them, people by name', () => {
    const { letter } = parseLetter(LETTER, 'l.yaml');
    expect(invitedNotSigned(letter).map((i) => i.invitee.organization ?? i.invitee.name)).toEqual(['Amnesty International']);
  });

  test('counts and the count sentence, in the letter language', () => {
    const { letter } = parseLetter(LETTER, 'l.yaml');
    const counts = countSignatories(letter);
    expect(counts).toMatchObject({ total: 2, organizations: 1, individuals: 1, lastSigned: '2026-03-01' });
    expect(countSentence({ organizations: 47, individuals: 1312 }, 'en')).toBe(
      'This letter has been signed by 47 organizations and 1,312 individuals.',
    );
    expect(countSentence({ organizations: 1, individuals: 0 }, 'fr')).toBe('Cette lettre a été signée par 1 organisation.');
    expect(countSentence({ organizations: 0, individuals: 0 }, 'de')).toBe('Dieser Brief wurde noch nicht unterzeichnet.');
    expect(countSentence({ organizations: 12, individuals: 300 }, 'ja')).toBe('この書簡には12団体と300人が署名しています。');
    expect(countSentence({ organizations: 2, individuals: 0 }, 'zh-TW')).toBe('本信已有2個組織簽署。');
    expect(countSentence({ organizations: 2, individuals: 3 }, 'sw')).toBe(
      'This letter has been signed by 2 organizations and 3 individuals.',
    );
  });

  test('records appended as a splice: comments kept, read back, and what was delivered is known', () => {
    const parsed = parseLetter(LETTER, 'l.yaml');
    const text = appendRecords(parsed, 'delivered', [
      [
        ['at', '2026-03-02T10:00:00.000Z'],
        ['channel', 'smtp'],
        ['server', 'smtp.example.org'],
        ['to', ['Minister Jane Doe <jane@gov.example>']],
        ['cc', ['Deputy <deputy@gov.example>']],
        ['bcc', ['archive@example.org']],
        ['message_id', '<1@example.org>'],
        ['text', 'abcdef12'],
      ],
    ]);
    expect(text.startsWith(LETTER)).toBe(true);
    const after = parseLetter(text, 'l.yaml').letter;
    expect(after.delivered).toEqual([
      {
        at: '2026-03-02T10:00:00.000Z',
        channel: 'smtp',
        server: 'smtp.example.org',
        to: ['Minister Jane Doe <jane@gov.example>'],
        cc: ['Deputy <deputy@gov.example>'],
        bcc: ['archive@example.org'],
        messageId: '<1@example.org>',
        text: 'abcdef12',
      },
    ]);
    expect([...alreadyDelivered(after.delivered, 'abcdef12', ['ARCHIVE@example.org', 'new@example.org']).keys()]).toEqual([
      'archive@example.org',
    ]);
    expect(alreadyDelivered(after.delivered, 'ffffffff', ['archive@example.org']).size).toBe(0);
    const flow = parseLetter(`${LETTER}delivered: [{at: x}]\n`.replace('delivered: [{at: x}]', 'notified: []'), 'l.yaml');
    expect(
      appendRecords(flow, 'notified', [
        [
          ['at', 'x'],
          ['channel', 'smtp'],
          ['subject', 'S'],
          ['message', 'abcdef12'],
          ['to', ['a@b.org']],
        ],
      ]),
    ).toMatch(/notified:\n {2}- at: x\n {4}channel: smtp\n {4}subject: S\n {4}message: abcdef12\n {4}to:\n {6}- a@b\.org\n$/);
  });
});
