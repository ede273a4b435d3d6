// Reading a letter file, the entry points: its text → YAML → the typed letter → the rules across fields, as a ParsedLetter and every problem, located.
import type { Document } from 'yaml';
import { InvalidLetterError, type Problem, type SourceLocation } from '../../errors.js';
import type { Letter } from '../letter/letter.js';
import { shapeProblems } from '../letter/rules.js';
import type { TextPlace } from '../text/place.js';
import { readLetterFields } from './letter-reader.js';
import { isWritten, pathLocator } from './locate.js';
import { readYaml } from './yaml.js';

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
  const yaml = readYaml(source, file);
  if (!yaml.ok) return { parsed: undefined, problems: yaml.problems };
  const read = readLetterFields(yaml.doc, source, file, yaml.at);
  if (read.letter === undefined) return { parsed: undefined, problems: read.problems };
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
  return { parsed, problems: [...read.problems, ...shape.filter((p) => p.severity !== 'warning')] };
}
