// What the command table's files share: the context and output a command is given, the help text helpers, and the type check of each command's flags.
import type { Context } from '../commands/context.js';
import type { HelpOutput } from '../commands/tool/help.js';

/** What the program needs from the process; start.ts passes the real one (through main.ts), tests a fake. */
export interface ProcessIo {
  argv: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdin: { isTTY?: boolean };
  /** `closed`: the process started with stdout closed, so a payload written there would be lost. */
  stdout: { isTTY?: boolean; closed?: boolean; write(chunk: string | Uint8Array, cb?: (err?: Error | null) => void): boolean };
  stderr: { isTTY?: boolean; columns?: number; write(chunk: string): boolean };
  version: string;
  /** Given an error letters did not foresee ("unexpected error"), stack and all: the tests in memory show it where the binary needs LETTERS_DEBUG=1. */
  unexpected?: (err: unknown) => void;
}

/** What each command's wiring may use: the process, a command's context, and the output of those that need no letters folder. */
export interface Wiring {
  io: ProcessIo;
  context: () => Promise<Context>;
  say: () => Promise<HelpOutput>;
}

export const examples = (...lines: string[]): string =>
  `\nExample${lines.length > 1 ? 's' : ''}:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;

export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Every command has --json: its result as one JSON document on stdout, errors included (schemas/<command>.schema.json). */
export const JSON_HELP = 'print one JSON document on stdout (errors too; see docs/json.md)';

/**
 * The options a command reads, when commander's parsed flags (typed by extra-typings) have
 * exactly its keys: tsc refuses a flag the command ignores and an option no flag sets, and
 * passing the flags on checks each value's type.
 */
export type Exactly<Flags, Options> = [Exclude<keyof Flags, keyof Options> | Exclude<keyof Options, keyof Flags>] extends [never]
  ? Options
  : never;
