// The publishing commands: render, send, notify, remind, publish, as cli.ts wires them (one function per command, added in the order --help lists them).
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import type { RenderOptions } from '../commands/publishing/render-settings.js';
import type { SendOptions } from '../commands/delivery/send.js';
import type { NoticeOptions } from '../commands/delivery/notices.js';
import type { PublishOptions } from '../commands/publishing/publish.js';
import { examples, type Exactly, JSON_HELP, type Wiring } from './wiring.js';

/** `letters render`. */
export function addRender(program: CommandUnknownOpts, wiring: Wiring): void {
  const { context } = wiring;
  program
    .command('render')
    .description('write the signed letter as PDF, HTML, Markdown, text or a PNG preview (validates first; never a partial file)')
    .argument('[letter]', 'slug or path of the letter file')
    .option(
      '-o, --output <file>',
      'where to write (default: <slug>.<format> here; a folder or a name ending in / gets <slug>.<format>; - for stdout)',
    )
    .option('--format <format>', 'pdf, html, md, txt or png (default: from the -o extension, else pdf)')
    .option('--template <name>', "use this template instead of the letter's own")
    .option('--final', 'refuse if anyone signed an earlier version of the text')
    .option('--pages <pages>', 'png: which pages: 1 (default), 3, 1-3 or all (one file each: <slug>-1.png …)')
    .option('--dpi <dpi>', 'png: resolution, 24 to 600 (default 96)')
    .option('--all', 'render every letter in the folder (-o names a folder)')
    .option('--recipients <file.csv>', 'mail merge: one letter per row of a CSV file (-o names a folder)')
    .option('--combined', 'with --recipients: one PDF, each letter from a new page')
    .option(
      '--encoding <name>',
      'with --recipients: the encoding of a CSV file without a byte-order mark (default utf-8), e.g. windows-1252',
    )
    .option('--json', JSON_HELP)
    .option('--pdfa', 'pdf: write PDF/A-2b, the archival form of PDF (fonts embedded, XMP metadata, sRGB output intent)')
    .option('--lang <tag>', 'the translation into this language (letters/<slug>.<tag>.yaml), written as <slug>.<tag>.<format>')
    .option('--all-langs', 'the letter and each translation, one file each (-o names a folder)')
    .option(
      '--bilingual <a,b>',
      'one document in two languages: each text followed by (or, with bilingual: columns, beside) its translation',
    )
    .option('--force', 'replace an existing file that letters did not write (never a read-only one)')
    .addHelpText(
      'after',
      examples(
        'letters render visit-2026',
        'letters render visit-2026 -o out/visit-2026.html',
        'letters render visit-2026 --format md -o -',
        'letters render visit-2026 --format png --pages all --dpi 150',
        'letters render --all --format html -o site/',
        'letters render visit-2026 --recipients ministers.csv -o out/',
        'letters render visit-2026 --pdfa',
        'letters render visit-2026 --lang fr',
        'letters render visit-2026 --bilingual en,fr',
      ),
    )
    .action(async (letter, opts) => {
      const { render } = await import('../commands/publishing/render.js');
      await render(await context(), letter, opts satisfies Exactly<typeof opts, RenderOptions>);
    });
}

/** `letters send`, `notify` and `remind`. */
export function addDelivery(program: CommandUnknownOpts, wiring: Wiring): void {
  const { context } = wiring;
  const deliveryFlags = <C extends CommandUnknownOpts>(command: C): C =>
    command
      .option('-o, --output <dir>', 'write .eml drafts into this folder (default: here) to open in a mail client; nothing is sent')
      .option('--smtp [url]', 'send through this server (smtps://host or smtp://host:587); alone: $LETTERS_SMTP_URL')
      .option('--rate <n/min>', 'at most this many messages per minute (or /s, /h): 20/min')
      .option('--yes', 'send without asking (needed where no one can answer)')
      .option('--resend-in-doubt', 'send again the messages an interrupted run handed over without an answer')
      .option('--force', 'record the messages even if the letter file is read-only (it stays read-only)')
      .option('--json', JSON_HELP) as C;

  deliveryFlags(
    program
      .command('send')
      .description('e-mail the signed letter to its recipients (PDF attached), as .eml drafts or through a server; recorded in delivered:')
      .argument('<letter>', 'slug or path of the letter file')
      .option('--recipients <file.csv>', 'one letter per row of a CSV file with an Email column (mail merge)')
      .option('--encoding <name>', 'with --recipients: the encoding of a CSV file without a byte-order mark, e.g. windows-1252')
      .option(
        '--message <file>',
        'the e-mail body from this file (a first line "Subject: …" sets the subject); default: cover:, else the letter as text',
      )
      .option('--subject <text>', 'the subject (default: the subject of the letter, else its title)')
      .option('--attach <formats>', 'what to attach: pdf (default), html, txt, comma-separated, or none')
      .option('--again', 'send even to addresses this text was sent to before'),
  )
    .addHelpText(
      'after',
      examples(
        'letters send visit-2026 -o outbox/                      # drafts to open in a mail client',
        'LETTERS_SMTP_URL=smtps://me:secret@smtp.example.org letters send visit-2026 --smtp',
        'letters send visit-2026 --recipients members.csv --smtp --rate 20/min',
      ) +
        '\nBefore sending, the letter must pass what render --final checks. An interrupted send is finished by running it again:\nno message is sent twice, and one handed over without an answer is named, not guessed at.\n',
    )
    .action(async (letter: string, opts: SendOptions) => {
      const { send } = await import('../commands/delivery/send.js');
      await send(await context(), letter, opts);
    });

  for (const [name, description, example] of [
    [
      'notify',
      'tell every signatory with an email (not withdrawn, not pending) that the letter went out: one message each, or --bcc N in batches; recorded in notified:',
      'letters notify visit-2026 --message delivered.txt --smtp',
    ],
    [
      'remind',
      'remind the invitees (invited:) who have not signed, with the deadline; recorded in reminded:',
      'letters remind visit-2026 --smtp',
    ],
  ] as const) {
    deliveryFlags(
      program
        .command(name)
        .description(description)
        .argument('<letter>', 'slug or path of the letter file')
        .option(
          '--message <file>',
          `the message (a first line "Subject: …" sets the subject); {{name}}, {{organization}}, {{title}}, {{deadline}}, {{count}} are filled in${name === 'remind' ? ' (default: a short English reminder)' : ''}`,
        )
        .option('--subject <text>', 'the subject')
        .option('--bcc <n>', 'one message per n addresses, all in Bcc, instead of one each')
        .option('--attach <formats>', 'attach the letter: pdf, html, txt, comma-separated (default: none)')
        .option('--again', 'send also to addresses that got this message before'),
    )
      .addHelpText('after', examples(example))
      .action(async (letter: string, opts: NoticeOptions) => {
        const notices = await import('../commands/delivery/notices.js');
        await notices[name](await context(), letter, opts);
      });
  }
}

/** `letters publish`. */
export function addPublish(program: CommandUnknownOpts, wiring: Wiring): void {
  const { context } = wiring;
  program
    .command('publish')
    .description(
      'write a static page kit for any web host: index.html (letter, count, searchable signatories), the PDF, share.png, counts.json',
    )
    .argument('<letter>', 'slug or path of the letter file')
    .option('-o, --output <dir>', 'the folder to write (created if missing; earlier kit files in it are replaced)')
    .option('--url <address>', "the page's public address, so the share image's link is absolute (og:image)")
    .option('--json', JSON_HELP)
    .addHelpText(
      'after',
      examples('letters publish visit-2026 -o site/', 'letters publish visit-2026 -o docs/ --url https://example.org/visit-2026/'),
    )
    .action(async (letter, opts) => {
      const { publish } = await import('../commands/publishing/publish.js');
      await publish(await context(), letter, opts satisfies Exactly<typeof opts, PublishOptions>);
    });
}
