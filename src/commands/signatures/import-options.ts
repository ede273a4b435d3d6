//! The options of `letters import`, for a sign-up import (import.ts) and for a review sheet taken back (import-review.ts).

export interface ImportOptions {
  /** Take back a review sheet (`letters export --pending`), decided row by row (import-review.ts). */
  update?: boolean;
  map?: string[];
  /** Columns left out on purpose (`--ignore "Anything else?"`). */
  ignore?: string[];
  /** --pending: every row to `pending:`; --no-pending: clean rows signed (refused under `intake: review`). */
  pending?: boolean;
  /** The kind of file, when its extension does not say: csv, json, jsonl, issues, eml. */
  format?: string;
  dryRun?: boolean;
  skipInvalid?: boolean;
  allowSimilar?: boolean;
  /** Add a row that repeats an earlier row of the sheet as a separate entry (the letter gets allow_repeats: true). */
  allowRepeat?: boolean;
  late?: boolean;
  json?: boolean;
  encoding?: string;
  dateOrder?: string;
  /** Import into a read-only letter file (it stays read-only). */
  force?: boolean;
}
