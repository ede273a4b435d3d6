//! `letters init-git`: register the letters merge driver in this repository, so that two
//! branches that add different signatories merge without a conflict.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { LettersError } from '../../errors.js';
import { git } from '../../io/git.js';
import { writeFileAtomic } from '../../io/files/atomic-write.js';
import type { Context, JsonOption } from '../context.js';

export const DRIVER_COMMAND = 'letters merge-driver %O %A %B %P';

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
  for (const [key, value] of [
    ['merge.letters.name', 'letters: merge signatories of letter files'],
    ['merge.letters.driver', DRIVER_COMMAND],
  ] as const) {
    const set = await git(['config', key, value], top);
    if (set.code !== 0)
      throw new LettersError('io', `git config ${key} failed: ${set.stderr.trim()}`, 'check that .git/config is writable');
  }
  if (options.json) ctx.outJson({ repository: top, gitattributes: pattern, added: !has, driver: DRIVER_COMMAND });
  ctx.out(has ? `.gitattributes already has: ${pattern}` : `Added to .gitattributes: ${pattern}`);
  ctx.out(`Set in .git/config: merge.letters.driver = ${DRIVER_COMMAND}`);
  ctx.out('Commit .gitattributes; everyone who clones runs `letters init-git` once (git does not copy .git/config).');
}
