//! `letters init-git`: register the letters merge driver in this repository, so that two
//! branches that add different signatories merge without a conflict.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { LettersError } from '../../errors.js';
import { shellWord } from '../../core/text/shell-word.js';
import { git } from '../../io/git.js';
import { PACKAGE_ROOT } from '../../io/package-root.js';
import { writeFileAtomic } from '../../io/files/atomic-write.js';
import type { Context, JsonOption } from '../context.js';

/**
 * The merge driver as git runs it (through sh), for this copy of letters: node and the script
 * by their full paths, so that it works however letters was started (installed, `npx`, `node
 * bin/letters.js`) and whatever git's PATH is. Should it not start at all (node moved, letters
 * removed: sh says 126 or 127, a crash more), git's own merge of the file, with its conflict
 * markers, is left for a person, never our side alone with the other branch's signatures gone.
 */
export function driverCommand(node: string, script: string): string {
  const fallback = 'git merge-file -L ours -L base -L theirs %A %O %B';
  return `${shellWord(node)} ${shellWord(script)} merge-driver %O %A %B %P || { s=$?; [ $s -lt 126 ] || ${fallback}; exit $s; }`;
}

/** `letters init-git`: a .gitattributes line for the letters folder, and the driver in .git/config. */
export async function initGit(ctx: Context, options: JsonOption = {}): Promise<void> {
  const root = await git(['rev-parse', '--show-toplevel'], ctx.cwd);
  if (root.code !== 0) {
    throw new LettersError(
      'not-found',
      root.code === 127 ? 'git is not installed' : 'this folder is not in a git repository',
      root.code === 127 ? 'install git, then run letters init-git again' : 'run `git init` first, then letters init-git',
    );
  }
  const top = root.stdout.trim();
  const folder = path.relative(top, ctx.dir).split(path.sep).join('/');
  if (folder.startsWith('..')) {
    throw new LettersError(
      'usage',
      `the letters folder ${ctx.dir} is outside the repository ${top}`,
      'run letters init-git inside the repository that holds the letters',
    );
  }
  const pattern = `${folder === '' ? '' : `${folder}/`}*.yaml merge=letters`;
  const attributes = path.join(top, '.gitattributes');
  const existing = await fs.readFile(attributes, 'utf8').catch(() => '');
  const has = existing.split(/\r?\n/).some((line) => line.trim() === pattern);
  if (!has) {
    const sep = existing === '' || existing.endsWith('\n') ? '' : '\n';
    await writeFileAtomic(attributes, `${existing}${sep}${pattern}\n`, { display: '.gitattributes' });
  }
  const driver = driverCommand(process.execPath, path.join(PACKAGE_ROOT, 'bin', 'letters.js'));
  for (const [key, value] of [
    ['merge.letters.name', 'letters: merge signatories of letter files'],
    ['merge.letters.driver', driver],
  ] as const) {
    const set = await git(['config', key, value], top);
    if (set.code !== 0)
      throw new LettersError('io', `git config ${key} failed: ${set.stderr.trim()}`, 'check that .git/config is writable');
  }
  if (options.json) ctx.outJson({ repository: top, gitattributes: pattern, added: !has, driver });
  ctx.out(has ? `.gitattributes already has: ${pattern}` : `Added to .gitattributes: ${pattern}`);
  ctx.out(`Set in .git/config: merge.letters.driver = ${driver}`);
  ctx.out('Commit .gitattributes; everyone who clones runs `letters init-git` once (git does not copy .git/config).');
}
