// Reading a letter file, the entry points: its text → YAML → the typed letter → the rules across fields, as a ParsedLetter and every problem, located.
import { isMap, type Document, type LineCounter, type YAMLMap } from 'yaml';
import { InvalidLetterError, type Problem, type SourceLocation } from '../../errors.js';
import { ENUMERATED_FIELDS, type Letter } from '../letter/letter.js';
import { shapeProblems } from '../letter/rules.js';
import { literalOf } from '../letter/values.js';
import type { TextPlace } from '../text/place.js';
import { readLetterFields } from './letter-reader.js';
import { isWritten, pathLocator } from './locate.js';
import { docFromImage, docImage, type DocImage } from './doc-image.js';
import { readYaml, scannedLines, sourceLocator, YAML_OPTIONS, type OffsetLocator } from './yaml.js';

/** A parsed, valid letter file: the typed letter plus what is needed to edit and to point into it. */
export interface ParsedLetter {
  file: string;
  source: string;
  doc: Document.Parsed;
  letter: Letter;
  /** Things worth saying that do not stop the letter (severity "warning"), each located. */
  warnings: Problem[];
  /**
   * Where a field sits, by dotted path (`signatories.3.name`); falls back to the nearest parent.
   * `within` points inside a text field: a line of its value (0-based) and, on it, some text.
   */
  locate(path: string, within?: TextPlace): SourceLocation;
  /**
   * Its `{{recipient.…}}` are filled in already, from a mail merge's row: what the row gave is
   * data, never to be filled again.
   */
  recipientsFilled?: boolean;
}

/** A letter file read without stopping at its problems (see readLetterSource). */
export interface LetterRead {
  parsed: ParsedLetter | undefined;
  problems: Problem[];
}

/**
 * What reading a letter file found, as plain data (no YAML nodes, no functions): what a cache
 * keeps, and all a read gives but for `doc` and `locate`, which readStored makes again when they
 * are first used: from the document's image when the cache kept one, else by parsing the text.
 */
export interface StoredRead {
  letter: Letter | undefined;
  warnings: Problem[];
  problems: Problem[];
}

/**
 * Read a letter file (readLetterSource) and the same read as plain data, for a cache. The
 * document's image is kept only when the file's line starts are the ones a read from the
 * cache finds without the parser.
 */
export function readForStore(source: string, file: string): { read: LetterRead; stored: StoredRead; image?: DocImage } {
  const { read, lines } = readWithLines(source, file);
  const stored = storedRead(read);
  if (read.parsed !== undefined && lines !== undefined && sameStarts(lines, scannedLines(source))) {
    const image = docImage(read.parsed.doc);
    if (image !== undefined) return { read, stored, image };
  }
  return { read, stored };
}

/** A read as plain data (see StoredRead). */
export function storedRead(read: LetterRead): StoredRead {
  return { letter: read.parsed?.letter, warnings: read.parsed?.warnings ?? [], problems: read.problems };
}

function sameStarts(a: LineCounter, b: LineCounter): boolean {
  return a.lineStarts.length === b.lineStarts.length && a.lineStarts.every((n, i) => n === b.lineStarts[i]);
}

/**
 * A read made again from what readLetterSource found for the same text and file name: the
 * same letter, warnings and problems, without parsing. The YAML document (and with it
 * `locate`) is parsed from the text when first asked for: by an edit, or a problem found
 * later (a glyph no font has) that must point into the file.
 */
export function readStored(source: string, file: string, stored: StoredRead, image?: () => DocImage | undefined): LetterRead {
  if (stored.letter === undefined) return { parsed: undefined, problems: stored.problems };
  literalChoices(stored.letter);
  let yaml: { doc: Document.Parsed; locate: ParsedLetter['locate'] } | undefined;
  const parse = (): { doc: Document.Parsed; locate: ParsedLetter['locate'] } => {
    if (yaml) return yaml;
    const kept = image?.();
    const read = kept ? fromImage(kept) : readYaml(source, file);
    // The same text and code read without a fault before; anything else is a bug, not the user's.
    if (!read.ok || !isMap(read.doc.contents)) throw new Error(`${file}: the stored read of this letter does not match its text`);
    const root = read.doc.contents as YAMLMap;
    yaml = { doc: read.doc, locate: pathLocator(root, source, read.at, file) };
    return yaml;
  };
  const fromImage = (kept: DocImage): { ok: true; doc: Document.Parsed; at: OffsetLocator } => {
    const lines = scannedLines(source);
    const doc = docFromImage(kept, YAML_OPTIONS);
    (doc.options as { lineCounter?: LineCounter }).lineCounter = lines; // as parsing leaves it
    return { ok: true, doc, at: sourceLocator(source, file, lines) };
  };
  const parsed: ParsedLetter = {
    file,
    source,
    get doc() {
      return parse().doc;
    },
    letter: stored.letter,
    warnings: stored.warnings,
    locate: (path, within) => parse().locate(path, within),
  };
  return { parsed, problems: stored.problems };
}

/**
 * Make the letter's enumerated values the code's literals again, as the reader gives them
 * (see literalOf): a stored read's strings are made by deserializing it.
 */
function literalChoices(letter: Letter): void {
  const fields = letter as unknown as Record<string, string | undefined>;
  for (const [key, { values }] of Object.entries(ENUMERATED_FIELDS)) {
    const value = fields[key];
    if (value !== undefined) fields[key] = literalOf(values, value) ?? value;
  }
}

/**
 * A parsed letter with some parts replaced. Not `{ ...parsed, … }`: that would ask a read made
 * from a cache for its YAML document, and parse it, only to copy it.
 */
export function withParts(parsed: ParsedLetter, parts: Partial<ParsedLetter>): ParsedLetter {
  return Object.defineProperties(
    {},
    { ...Object.getOwnPropertyDescriptors(parsed), ...Object.getOwnPropertyDescriptors(parts) },
  ) as ParsedLetter;
}

/**
 * Parse and validate a letter file. Reports every problem at once, each with file:line:col,
 * by throwing InvalidLetterError; a file that passes is a fully typed Letter.
 */
export function parseLetter(source: string, file: string): ParsedLetter {
  const { parsed, problems } = readLetterSource(source, file);
  if (problems.length > 0 || parsed === undefined) throw new InvalidLetterError(problems);
  return parsed;
}

/**
 * Read a letter file without stopping at its problems: every problem, and the letter as far
 * as it could be read (absent when the file is not a mapping of fields at all), so `check`
 * can go on to look for characters the font lacks in the same pass.
 */
export function readLetterSource(source: string, file: string): LetterRead {
  return readWithLines(source, file).read;
}

/** readLetterSource, and the line starts the parser found. */
function readWithLines(source: string, file: string): { read: LetterRead; lines?: LineCounter } {
  const yaml = readYaml(source, file);
  if (!yaml.ok) return { read: { parsed: undefined, problems: yaml.problems } };
  const read = readLetterFields(yaml.doc, source, file, yaml.at);
  if (read.letter === undefined) return { read: { parsed: undefined, problems: read.problems } };
  const { letter, root } = read;
  const locate = pathLocator(root, source, yaml.at, file);
  const shape = shapeProblems(letter, locate, (path) => isWritten(root, path));
  const parsed: ParsedLetter = {
    file,
    source,
    doc: yaml.doc,
    letter,
    warnings: shape.filter((p) => p.severity === 'warning'),
    locate,
  };
  return { read: { parsed, problems: [...read.problems, ...shape.filter((p) => p.severity !== 'warning')] }, lines: yaml.lines };
}
