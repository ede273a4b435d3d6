/**
 * The output edge's escaping: file text (often written by someone else, in a pull request)
 * must not drive the terminal that shows it, nor forge a line that looks like ours.
 */

/**
 * Characters a terminal or log reader acts on instead of showing: C0 (ESC, BEL, CR, LF, TAB …),
 * DEL, C1 (0x9b is a one-byte CSI), the line and paragraph separators, and the bidi embedding,
 * override and isolate controls, which reorder the rest of a line. The marks a script needs to
 * be written (ZWJ, ZWNJ, LRM, RLM, ALM) are ordinary text and stay.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** The same set, less C0, which JSON.stringify already escapes. */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

const hex = (c: string, width: number): string => c.charCodeAt(0).toString(16).padStart(width, '0');

/**
 * One line of text fit for a terminal or a log: each unsafe character becomes a visible escape
 * (`\x1b`, `\n`, `\u202e`). A backslash is left as it is, so that Windows paths and text read
 * as typed and escaping twice changes nothing; the cost is that a literal `\x1b` typed in a file
 * looks the same as an escaped ESC.
 */
export function visible(text: string): string {
  return text.replace(UNSAFE, (c) => NAMED[c] ?? (c.charCodeAt(0) < 0x100 ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`));
}

/**
 * Pretty-printed JSON with every unsafe character as a `\u` escape. Outside strings JSON is
 * ASCII punctuation, so replacing these characters wherever they occur only touches strings,
 * and the result parses back to the same value.
 */
export function visibleJson(value: unknown): string {
  return (JSON.stringify(value, null, 2) ?? 'null').replace(UNSAFE_IN_JSON, (c) => `\\u${hex(c, 4)}`);
}

/**
 * A stack trace for LETTERS_DEBUG: its first line repeats the message, file text and all, and
 * stays one line however many line breaks that text holds; each frame is a line of its own.
 */
export function visibleTrace(err: Error): string {
  const stack = err.stack ?? '';
  const head = `${err.name}: ${err.message}`;
  if (!stack.startsWith(head)) return visible(stack || head); // cannot split it safely: one line
  const frames = stack.slice(head.length).split('\n');
  return [head, ...frames.filter((l) => l !== '')].map(visible).join('\n');
}
