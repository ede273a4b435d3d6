//! The JSON schema of every command's `--json` document, by command: written to schemas/ and
//! docs/json.md (generated, and checked by a test), and used by the tests that validate each
//! command's output. Not loaded by the tool itself.
import { LETTER_SCHEMAS } from './letter-commands.js';
import { OTHER_SCHEMAS } from './other-commands.js';
import type { Schema } from './build.js';

export const JSON_SCHEMAS: Record<string, Schema> = { ...LETTER_SCHEMAS, ...OTHER_SCHEMAS };
