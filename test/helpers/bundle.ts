// What a file of the built bundle (dist/) loads before it runs: its static imports, followed.
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The bundle files `entry` loads before any of its code runs (its static import closure), each with its text. */
export function staticClosure(entry: string): Map<string, string> {
  const files = new Map<string, string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    const text = readFileSync(file, 'utf8');
    files.set(file, text);
    for (const m of text.matchAll(/^import\s[^;]*?from\s+"(\.\/[^"]+)";/gms)) visit(path.join(path.dirname(file), m[1]!));
  };
  visit(entry);
  return files;
}
