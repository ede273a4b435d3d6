// Reading a letter file, first step: the YAML document, with the file-level faults (line endings, %YAML 1.1, a second document, syntax) as located problems.
import { LineCounter, Parser, parseDocument, type Document } from 'yaml';
import type { Problem, SourceLocation } from '../../errors.js';

/** Where an offset into the source sits, as file:line:col in an editor. */
export type OffsetLocator = (offset: number | undefined) => SourceLocation;

/** A letter file's YAML: the document and how to place an offset, or why it cannot be read as one. */
export type YamlRead = { ok: true; doc: Document.Parsed; at: OffsetLocator; lines: LineCounter } | { ok: false; problems: Problem[] };

/** How a letter file is parsed (but for the line counter). */
export const YAML_OPTIONS = {
  prettyErrors: false,
  uniqueKeys: true,
  strict: true,
  // A YAML 1.1 tag (!!binary, !!timestamp) stays a tag the reader refuses, the same way
  // whichever build of the yaml package runs (the bundle's decodes base64 differently).
  resolveKnownTags: false,
} as const;

/**
 * How deep collections may nest in a letter file (a letter needs five; the top map is one). A
 * file that could nest deeper (tooDeep says which) is measured before it is composed and
 * refused at its first collection past this depth. The yaml package's composer recurses and
 * overflows the stack somewhere past a thousand levels, at a depth (and so a place in the file)
 * that changes with how much of the code has been compiled: the same file was refused at another
 * column from one read to the next.
 */
export const MAX_NESTING = 100;

/**
 * Where a collection nests deeper than MAX_NESTING, as an offset, or undefined. Only a text with
 * MAX_NESTING brackets, or with a line led by half as many spaces, dashes or question marks, is
 * parsed for it: every real letter, however long, is not. A file with fewer of both nests less
 * than twice as deep, far from where the composer's stack would overflow.
 */
export function tooDeep(source: string): number | undefined {
  const brackets = count(source, '[', MAX_NESTING) + count(source, '{', MAX_NESTING);
  if (brackets < MAX_NESTING && !DEEP_LINE.test(source)) return undefined;
  // The CST parser keeps its own stack (no recursion); the walk below keeps one too.
  for (const token of new Parser().parse(source)) {
    const stack: [unknown, number][] = [[token, 0]];
    while (stack.length > 0) {
      const [node, depth] = stack.pop()!;
      if (typeof node !== 'object' || node === null) continue;
      const t = node as { type?: string; offset?: number; value?: unknown; items?: { key?: unknown; value?: unknown }[] };
      if (t.type === 'document') stack.push([t.value, depth]);
      else if (t.type === 'block-map' || t.type === 'block-seq' || t.type === 'flow-collection') {
        if (depth + 1 > MAX_NESTING) return t.offset;
        for (const item of t.items ?? []) stack.push([item.value, depth + 1], [item.key, depth + 1]);
      }
    }
  }
  return undefined;
}

/** How many times `c` is in `text`, counted up to `most`. */
function count(text: string, c: string, most: number): number {
  let n = 0;
  for (let i = text.indexOf(c); i !== -1 && n < most; i = text.indexOf(c, i + 1)) n++;
  return n;
}

/** A line led by MAX_NESTING / 2 characters of indentation or collection markers: a block collection that deep may start on it. */
const DEEP_LINE = new RegExp(`^[ \\t?:-]{${MAX_NESTING / 2}}`, 'm');

/** Parse with the limits that keep hostile input from hanging or crashing the process. */
function parseYaml(source: string): { doc: Document.Parsed; lines: LineCounter } | { error: string; offset?: number } {
  const deep = tooDeep(source);
  if (deep !== undefined) return { error: `it is nested too deeply (more than ${MAX_NESTING} levels)`, offset: deep };
  const lines = new LineCounter();
  try {
    const doc = parseDocument(source, { lineCounter: lines, ...YAML_OPTIONS });
    return { doc, lines };
  } catch (err) {
    // The yaml package throws plain errors (RangeError: stack size) for pathological nesting.
    // Aliases are never expanded here (the reader refuses them), so an alias bomb costs nothing.
    const what = err instanceof RangeError ? 'it is nested too deeply' : 'the YAML reader failed';
    return { error: what };
  }
}

/**
 * The YAML document of a letter file, or every problem that keeps it from being read as one:
 * the reader's own failure, a lone CR line ending, %YAML 1.1, and the yaml package's errors and
 * warnings, each located.
 */
export function readYaml(source: string, file: string): YamlRead {
  const parsed = parseYaml(source);
  if ('error' in parsed) {
    return {
      ok: false,
      problems: [
        {
          message: `cannot read the file: ${parsed.error}`,
          hint:
            parsed.offset === undefined
              ? 'a letter file is a flat list of fields; see letters/example.yaml'
              : 'a letter file needs only a few levels of indentation; see letters/example.yaml',
          location:
            parsed.offset === undefined
              ? { file, line: 1, col: 1 }
              : offsetLocator(file, scannedLines(source), source.startsWith('\uFEFF'))(parsed.offset),
        },
      ],
    };
  }
  const { doc, lines } = parsed;
  const at = offsetLocator(file, lines, source.startsWith('\uFEFF'));
  const fault = lineEndingProblem(source, file, at) ?? versionProblem(doc, source, at);
  if (fault) return { ok: false, problems: [fault] };
  const problems = documentProblems(doc, source, at);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, doc, at, lines };
}

/**
 * The line starts the parser reports, found without parsing: after each LF (the parser
 * breaks lines only there; a lone CR is refused). Where the two could differ, a cached read
 * compares them before it relies on this.
 */
export function scannedLines(source: string): LineCounter {
  const lines = new LineCounter();
  lines.addNewLine(0);
  for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) lines.addNewLine(i + 1);
  return lines;
}

/** Where offsets into a letter file's text are, as file:line:col, from its line starts. */
export function sourceLocator(source: string, file: string, lines: LineCounter): OffsetLocator {
  return offsetLocator(file, lines, source.startsWith('\uFEFF'));
}

/** Offsets to places; after a byte-order mark, which is no column in any editor, the first line's columns shift by one. */
function offsetLocator(file: string, lines: LineCounter, bom: boolean): OffsetLocator {
  return (offset) => {
    const pos = lines.linePos(offset ?? 0);
    const col = bom && pos.line === 1 && pos.col > 1 ? pos.col - 1 : pos.col;
    return { file, line: pos.line, col };
  };
}

/**
 * YAML's own line breaks are CR LF, CR and LF, but the yaml package (and its LineCounter)
 * breaks lines only at LF: a CR alone would be read as part of a key or a value.
 */
function lineEndingProblem(source: string, file: string, at: OffsetLocator): Problem | undefined {
  const lonelyCr = source.search(/\r(?!\n)/);
  if (lonelyCr === -1) return undefined;
  return source.includes('\n')
    ? {
        message: 'this line ends with a CR alone (an old Mac line ending)',
        hint: 'save the file with LF or CRLF line endings',
        location: at(lonelyCr),
      }
    : {
        message: 'the file uses old Mac line endings (CR only)',
        hint: 'save it with LF or CRLF line endings',
        location: { file, line: 1, col: 1 },
      };
}

/**
 * Under %YAML 1.1, yes/no/on/off are booleans, 010 is octal and dates are timestamps; one
 * reading for every letter file keeps `organization: yes` the same text in all of them.
 */
function versionProblem(doc: Document.Parsed, source: string, at: OffsetLocator): Problem | undefined {
  if (!(doc.directives.yaml.explicit && doc.directives.yaml.version === '1.1')) return undefined;
  const directive = /^\uFEFF?%YAML/m.exec(source);
  return {
    message: 'the file declares %YAML 1.1, where yes, no, on and off mean true and false',
    hint: 'letters reads YAML 1.2: remove the %YAML line (yes, no, on and off are then text)',
    location: at(directive ? directive.index + (directive[0].startsWith('\uFEFF') ? 1 : 0) : 0),
  };
}

/** The yaml package's errors and warnings, in words for the person who wrote the file. */
function documentProblems(doc: Document.Parsed, source: string, at: OffsetLocator): Problem[] {
  const problems: Problem[] = [];
  for (const e of [...doc.errors, ...doc.warnings]) {
    const message = e.message
      .replace(/ at line \d+, column \d+:?[\s\S]*$/, '')
      .replace(/\s+/g, ' ')
      .trim();
    if (e.code === 'MULTIPLE_DOCS') {
      problems.push(secondDocument(source, e.pos[0], at));
      continue;
    }
    if (/call stack/i.test(message)) {
      // The yaml package turns its own stack overflow on pathological nesting into an error.
      problems.push({
        message: 'cannot read the file: it is nested too deeply',
        hint: 'a letter file needs only a few levels of indentation; see letters/example.yaml',
        location: at(e.pos[0]),
      });
      continue;
    }
    problems.push({
      message: `YAML ${e.name === 'YAMLWarning' ? 'warning' : 'syntax error'}: ${message}`,
      hint: yamlHint(e.code),
      location: at(e.pos[0]),
    });
  }
  return problems;
}

/** The start of a line that begins with a document marker (`---` or `...`). */
const DOCUMENT_MARKER = /(?:---|\.\.\.)(?=[ \t\r\n]|$)/y;

/**
 * A second document after the letter, located at the marker that starts it. The yaml package
 * points at the marker (`---`) or, after an end marker (`...`), at the next document's first
 * line: walk back to the marker, which is the line the user has to remove.
 */
function secondDocument(source: string, offset: number, at: OffsetLocator): Problem {
  const lineStart = (i: number): number => (i <= 0 ? 0 : source.lastIndexOf('\n', i - 1) + 1);
  const markerAt = (i: number): string | undefined => {
    DOCUMENT_MARKER.lastIndex = i;
    return DOCUMENT_MARKER.exec(source)?.[0];
  };
  let start = lineStart(offset);
  while (markerAt(start) === undefined && start > 0) start = lineStart(start - 1);
  const marker = markerAt(start);
  const location = at(marker ? start : offset);
  return {
    message: `the file holds a second YAML document after line ${Math.max(1, location.line - 1)}`,
    hint: `a letter file is one document; remove the ${marker ?? '---'} line and what follows, or move that part into its own file`,
    location,
  };
}

function yamlHint(code: string): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'each field may appear once; remove or rename the repeated one';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
    case 'UNEXPECTED_TOKEN':
      return 'check the indentation and punctuation on this line';
    case 'TAB_AS_INDENT':
      return 'indent with spaces, not tabs';
    case 'BAD_ALIAS':
    case 'UNRESOLVED_ALIAS':
      return 'write the value out in full instead of using an alias';
    case 'TAG_RESOLVE_FAILED':
      return 'remove the !tag';
    case 'BAD_DIRECTIVE':
      return 'remove this line; a letter file needs no % directives';
    case 'BAD_DQ_ESCAPE':
      return 'inside double quotes write a backslash as \\\\, or put the text in single quotes';
    case 'MULTILINE_IMPLICIT_KEY':
    case 'KEY_OVER_1024_CHARS':
      return 'a field name and its colon go on one line, like title:';
    default:
      return 'text with a colon, # or a leading quote needs quotes around it';
  }
}
