// A place inside a text value: what a problem about a character points at, below the reader that finds it in the file.

/** A place inside a text value: its line (0-based, as in the value) and, when known, text written on it. */
export interface TextPlace {
  line: number;
  text?: string;
}
