//! Everything a command prints goes through here: its answer and reports on stdout, notes,
//! details and problems on stderr, and with `--json` one JSON document on stdout instead. The
//! flags that shape it (--json, --quiet, --verbose, --color) are set once the command line is
//! parsed; the one catch in main.ts prints a failure through the same object.
import type { Problem } from '../../errors.js';
import { COLORED, PLAIN, useColor, type ColorChoice, type Paint } from './color.js';
import { paintProblem } from './diagnostics.js';
import { createProgress, progressMode, type Progress } from './progress.js';
import { visible, visibleJson } from './visible.js';

/** The version of every `--json` document's shape: raised when a field changes meaning or goes away (adding one does not). */
export const JSON_SCHEMA_VERSION = 1;

/** One problem as `--json` gives it: what an editor or a CI annotation needs. */
export interface Diagnostic {
  severity: 'error' | 'warning';
  file: string | null;
  line: number | null;
  column: number | null;
  field: string | null;
  code: string;
  message: string;
  hint: string;
}

/** How output is shaped, from the command line. */
export interface OutputMode {
  /** The command that runs, named in the JSON document. */
  command: string | undefined;
  json: boolean;
  quiet: boolean;
  verbose: boolean;
  color: ColorChoice;
}

export interface OutputStreams {
  stdout: { write(chunk: string): unknown };
  stderr: { isTTY?: boolean; columns?: number; write(chunk: string): unknown };
  env: NodeJS.ProcessEnv;
}

/** A problem as a `--json` diagnostic; `code` is used when the problem names none. */
export function toDiagnostic(problem: Problem, code: string): Diagnostic {
  const at = problem.location;
  return {
    severity: problem.severity ?? 'error',
    file: at?.file ?? null,
    line: at?.line ?? null,
    column: at?.col ?? null,
    field: problem.field ?? null,
    code: problem.code ?? (problem.severity === 'warning' ? 'warning' : code),
    message: problem.message,
    hint: problem.hint,
  };
}

export class Output {
  private mode: OutputMode = { command: undefined, json: false, quiet: false, verbose: false, color: 'auto' };
  private readonly diagnostics: Diagnostic[] = [];
  private payload: Record<string, unknown> = {};
  private paint: Paint;
  /** A progress line is on the terminal, unfinished: cleared before anything else goes to stderr. */
  private progressShown = false;
  private readonly started: number;

  constructor(
    private readonly io: OutputStreams,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.paint = useColor('auto', io.stderr, io.env) ? COLORED : PLAIN;
    this.started = clock();
  }

  /** Set from the parsed command line, before the command runs. */
  configure(mode: Partial<OutputMode>): void {
    this.mode = { ...this.mode, ...mode };
    this.paint = useColor(this.mode.color, this.io.stderr, this.io.env) ? COLORED : PLAIN;
  }

  get json(): boolean {
    return this.mode.json;
  }

  /** A line reporting what was done ("Signed: …", "Wrote x.pdf"): stdout, unless --quiet or --json. */
  report(line: string): void {
    if (!this.mode.json && !this.mode.quiet) this.io.stdout.write(`${visible(line)}\n`);
  }

  /** A line of the command's answer (a table, a status, a diff): stdout even with --quiet; not with --json. */
  answer(line: string): void {
    if (!this.mode.json) this.io.stdout.write(`${visible(line)}\n`);
  }

  /** A note for the person on stderr (a lock waited for, columns not used), unless --quiet. */
  note(line: string): void {
    if (!this.mode.quiet) this.stderr(`${visible(line)}\n`);
  }

  /** With --verbose, a detail on stderr: where the letters folder and settings were found, what was written. */
  detail(line: string): void {
    if (this.mode.verbose && !this.mode.quiet) this.stderr(`${this.paint.dim(`letters verbose: ${visible(line)}`)}\n`);
  }

  /**
   * A problem found along the way: an error always reaches stderr, a warning unless --quiet;
   * both go into the JSON document's diagnostics.
   */
  problem(problem: Problem, code = 'invalid-letter'): void {
    this.diagnostics.push(toDiagnostic(problem, code));
    if (problem.severity === 'warning' && this.mode.quiet) return;
    this.stderr(`${paintProblem(problem, this.paint)}\n`);
  }

  /** The command's result for --json (fields merged into the document); nothing is printed until the command ends. */
  result(value: unknown): void {
    this.payload = { ...this.payload, ...(isRecord(value) ? value : { result: value }) };
  }

  /** Progress through a long command's steps: see progress.ts. */
  progress(label: string, total: number): Progress {
    return createProgress(label, total, {
      mode: progressMode(this.io.stderr, this.io.env, this.mode.quiet),
      write: (text) => {
        this.io.stderr.write(text);
        this.progressShown = !text.endsWith('\n') && !text.endsWith('\u001b[K');
      },
      clock: this.clock,
      ...(this.io.stderr.columns === undefined ? {} : { columns: this.io.stderr.columns }),
    });
  }

  /** The command ended well: with --json, its document. */
  finish(): void {
    this.detail(`done in ${this.elapsed()}`);
    if (this.mode.json) this.writeDocument(true);
  }

  private elapsed(): string {
    return `${((this.clock() - this.started) / 1000).toFixed(2)} s`;
  }

  /** The command failed: each problem on stderr, and with --json the document, `ok: false`. */
  fail(problems: readonly Problem[], code: string): void {
    for (const p of problems) {
      this.diagnostics.push(toDiagnostic(p, code));
      this.stderr(`${paintProblem(p, this.paint)}\n`);
    }
    this.detail(`failed after ${this.elapsed()}`);
    if (this.mode.json) this.writeDocument(false);
  }

  /** A line on stderr, after clearing a progress line that is showing (the next update draws it again). */
  private stderr(text: string): void {
    if (this.progressShown) {
      this.io.stderr.write('\r\u001b[K');
      this.progressShown = false;
    }
    this.io.stderr.write(text);
  }

  private writeDocument(ok: boolean): void {
    const document = {
      schemaVersion: JSON_SCHEMA_VERSION,
      command: this.mode.command ?? null,
      ok,
      ...this.payload,
      diagnostics: this.diagnostics,
    };
    this.io.stdout.write(`${visibleJson(document)}\n`);
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
