//! The send journal on disk, beside the letter (`letters/<slug>.send-journal.json`): read back,
//! and written whole and fsynced (atomic-write.ts) before and after each message is handed over,
//! under a lock of its own so that two runs never send from one letter at once.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { journalFromJson, type Journal } from '../../core/delivery/journal.js';
import { LettersError } from '../../errors.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { isCode } from '../files/fs-errors.js';
import { displayPath, type LockSettings } from '../files/letter-files.js';
import { lockFile, type HeldLock } from '../files/lock.js';

/** The journal of a letter file. */
export function journalPath(letterFile: string): string {
  return path.join(path.dirname(letterFile), `${path.basename(letterFile).replace(/\.ya?ml$/i, '')}.send-journal.json`);
}

/** A journal file held for one run: read, written whole, removed when nothing is left to say. */
export class JournalFile {
  private constructor(
    readonly file: string,
    readonly display: string,
    private readonly lock: HeldLock,
  ) {}

  /** Take the journal's lock (another run of this letter waits, then fails as busy). */
  static async open(letterFile: string, cwd: string, settings: LockSettings): Promise<JournalFile> {
    const file = journalPath(letterFile);
    const display = displayPath(file, cwd);
    const lock = await lockFile(file, { ...settings, display, show: (p) => displayPath(p, cwd) });
    return new JournalFile(file, display, lock);
  }

  /** The journal an earlier run left, or undefined. */
  async read(): Promise<Journal | undefined> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (err) {
      if (isCode(err, 'ENOENT')) return undefined;
      throw new LettersError('io', `cannot read ${this.display}: ${(err as Error).message}`, 'check its permissions; nothing was sent');
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = undefined;
    }
    const journal = journalFromJson(value);
    if (journal === undefined)
      throw new LettersError(
        'io',
        `${this.display} is not a send journal letters can read`,
        'it records what an earlier send did: look at it, then move it away; nothing was sent',
      );
    return journal;
  }

  /** Write the journal whole: on disk (fsynced) before this returns. */
  async write(journal: Journal): Promise<void> {
    await writeFileAtomic(this.file, `${JSON.stringify(journal, null, 1)}\n`, {
      display: this.display,
      beforeCommit: () => this.lock.verify(),
    });
  }

  async remove(): Promise<void> {
    await fs.unlink(this.file).catch((err: unknown) => {
      if (!isCode(err, 'ENOENT')) throw err;
    });
  }

  async release(): Promise<void> {
    await this.lock.release();
  }
}
