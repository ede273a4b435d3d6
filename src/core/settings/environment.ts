// The environment variables letters reads, in one table: `letters help environment`, the man page and docs/ are written from it.
import { SETTING_KEYS } from './settings.js';

export interface EnvironmentVariable {
  name: string;
  about: string;
}

/**
 * Every variable letters reads: one per setting (the table in settings.ts), then the others. A
 * test checks that each name the code reads from the environment is here.
 */
export const ENVIRONMENT: readonly EnvironmentVariable[] = [
  ...SETTING_KEYS.map((k) => ({ name: k.env, about: `${k.about} (setting ${k.key}; default ${k.default})` })),
  {
    name: 'LETTERS_SMTP_URL',
    about: 'the server send, notify and remind use with --smtp alone: smtps://user:password@host or smtp://host:587 (never in a file)',
  },
  { name: 'LETTERS_SMTP_USER', about: 'the SMTP login, when LETTERS_SMTP_URL has none' },
  { name: 'LETTERS_SMTP_PASSWORD', about: 'the SMTP password, when LETTERS_SMTP_URL has none' },
  { name: 'LETTERS_SMTP_CA', about: "a PEM file of the certificate authority a server's certificate must come from (a private server)" },
  { name: 'LETTERS_DEBUG', about: '1 adds a stack trace to an unexpected error' },
  {
    name: 'LETTERS_CACHE_DIR',
    about:
      'the folder of the cache of big letters read and of what check found in them (default $XDG_CACHE_HOME/letters, else ~/.cache/letters); safe to delete',
  },
  { name: 'LETTERS_NO_CACHE', about: '1: read and check every letter in full, keeping no cache' },
  {
    name: 'LETTERS_CACHE_WARM',
    about:
      'after a command changes a big letter, the read of its new text is stored by a process in the background: 0 (or false, off, no) turns that off; wait waits for it (scripts, benchmarks)',
  },
  { name: 'XDG_CACHE_HOME', about: 'where the cache of letters read goes (in letters/ there), unless LETTERS_CACHE_DIR says' },
  { name: 'HOME', about: 'the cache of letters read is in ~/.cache/letters, unless LETTERS_CACHE_DIR or XDG_CACHE_HOME says' },
  {
    name: 'SOURCE_DATE_EPOCH',
    about: 'seconds since 1970: "now" for sign and render, so the same letter renders to the same bytes',
  },
  { name: 'TZ', about: "the time zone whose day dates a signature (the computer's by default)" },
  { name: 'CI', about: 'set: never prompt (as --no-input); progress is one line at the end' },
  { name: 'NO_COLOR', about: 'set to anything: no colour (unless --color always or FORCE_COLOR)' },
  { name: 'FORCE_COLOR', about: 'set (not 0 or false): colour even without a terminal; 0 or false: none' },
  { name: 'TERM', about: 'dumb: no colour' },
];
