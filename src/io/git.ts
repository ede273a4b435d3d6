//! The git edge: a letter file's history, read with the git command, for `letters diff`, and
//! git's own three-way merge of a file, for the merge driver's real conflicts.
import { execFile } from 'node:child_process';
import path from 'node:path';

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run git; a missing git is code 127, as a shell reports it. Never throws. */
export function git(args: string[], cwd: string, maxBuffer = 256 * 1024 * 1024): Promise<GitResult> {
  return new Promise((resolve) => {
    execFile('git', args, { cwd, maxBuffer, encoding: 'utf8' }, (err, stdout, stderr) => {
      const e = err as (NodeJS.ErrnoException & { code?: number | string }) | null;
      const code = e === null ? 0 : e.code === 'ENOENT' ? 127 : typeof e.code === 'number' ? e.code : 1;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

export interface FileVersion {
  commit: string;
  /** ISO date of the commit. */
  date: string;
  /** The file's path at that commit, relative to the repository root (renames followed). */
  path: string;
}

/**
 * Committed versions of a file, newest first, following renames; undefined when the file is
 * not in a git repository (or git is missing), [] when it has never been committed.
 */
export async function fileHistory(file: string): Promise<FileVersion[] | undefined> {
  const dir = path.dirname(file);
  const root = await git(['rev-parse', '--show-toplevel'], dir);
  if (root.code !== 0) return undefined;
  const log = await git(['log', '--follow', '--format=%x00%H %cI', '--name-only', '--', path.basename(file)], dir);
  if (log.code !== 0) return [];
  return log.stdout
    .split('\0')
    .filter((chunk) => chunk.trim() !== '')
    .map((chunk) => {
      const [head = '', ...names] = chunk.trim().split('\n');
      const [commit = '', date = ''] = head.split(' ');
      return { commit, date, path: names.find((n) => n.trim() !== '')?.trim() ?? '' };
    });
}

/**
 * A file's text at a commit, or undefined when it cannot be read, or is larger than `limit`
 * bytes (a letter file's limit holds for its history too).
 */
export async function fileAt(version: FileVersion, cwdInRepo: string, limit: number): Promise<string | undefined> {
  const r = await git(['show', `${version.commit}:${version.path}`], cwdInRepo, limit + 1);
  return r.code === 0 ? r.stdout : undefined;
}

/** True when the repository holding `dir` is a shallow clone: its history stops short of the first commit. */
export async function isShallow(dir: string): Promise<boolean> {
  const r = await git(['rev-parse', '--is-shallow-repository'], dir);
  return r.code === 0 && r.stdout.trim() === 'true';
}

/** git merge-file: git's own merge of three texts, with conflict markers; `conflicts` > 0 when it could not. */
export async function gitMergeFile(
  files: { ours: string; base: string; theirs: string },
  labels: [string, string, string],
  cwd: string,
): Promise<{ text: string; conflicts: number } | undefined> {
  const r = await git(['merge-file', '-p', '-L', labels[0], '-L', labels[1], '-L', labels[2], files.ours, files.base, files.theirs], cwd);
  if (r.code < 0 || r.code === 127 || r.code > 127) return undefined;
  return { text: r.stdout, conflicts: r.code };
}
