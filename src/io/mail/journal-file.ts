//! The send journal on disk, beside the letter (`letters/<slug>.send-journal.jsonl`), held under a
//! lock of its own so that two runs never send from one letter at once. It is a log of JSON lines:
//! its first line says what the run is, each later line is one message's state as it changes.
//! A run starts it whole (atomic-write.ts); each change is then appended, and the change written
//! before a message is handed over is flushed to the disk first. A line cut short by a crash is the
//! last one, and is read as not written: a message is never taken for accepted when its line did
//! not reach the disk, only for in doubt. Appending keeps each write small: rewriting the whole
//! journal at every change made a 535-message run write it 1,070 times, growing.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { journalFromJson, type Journal, type JournalEntry } from '../../core/delivery/journal.js';
import { LettersError } from '../../errors.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { isCode, reason } from '../files/fs-errors.js';
import { displayPath, type LockSettings } from '../files/letter-files.js';
import { lockFile, type HeldLock } from '../files/lock.js';

/** The journal of a letter file. */
export function journalPath(letterFile: string): string {
  return path.join(path.dirname(letterFile), `${path.basename(letterFile).replace(/\.ya?ml$/i, '')}.send-journal.jsonl`);
}

/** A journal file held for one run. */
export class JournalFile {
  private handle: fs.FileHandle | undefined;

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
      throw new LettersError('io', `cannot read ${this.display}: ${reason(err)}`, 'check its permissions; nothing was sent');
    }
    const corrupt = (): LettersError =>
      new LettersError(
        'io',
        `${this.display} is not a send journal letters can read`,
        'it records what an earlier send did: look at it, then move it away; nothing was sent',
      );
    const lines = text.split('\n');
    const entries = new Map<string, JournalEntry>();
    let header: unknown;
    for (const [i, line] of lines.entries()) {
      if (line.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        // Only the last line can be cut short (a crash while appending): it was never written.
        if (lines.slice(i + 1).every((l) => l.trim() === '')) break;
        throw corrupt();
      }
      if (header === undefined) header = value;
      else {
        const entry = value as JournalEntry;
        if (typeof entry?.key !== 'string') throw corrupt();
        entries.set(entry.key, entry);
      }
    }
    if (header === undefined) throw corrupt();
    const journal = journalFromJson({ ...(header as object), entries: [...entries.values()] });
    if (journal === undefined) throw corrupt();
    return journal;
  }

  /** Write the journal whole (a new run, or the end of one), then keep it open to append to. */
  async start(journal: Journal): Promise<void> {
    await this.close();
    const { entries, ...header } = journal;
    const text = [JSON.stringify(header), ...entries.map((e) => JSON.stringify(e))].join('\n');
    await writeFileAtomic(this.file, `${text}\n`, { display: this.display, beforeCommit: () => this.lock.verify() });
    this.handle = await fs.open(this.file, 'a');
  }

  /**
   * Append one message's new state. `durable`: flushed to the disk before this returns (the
   * state written before a message is handed over); otherwise the next durable append flushes it.
   */
  async append(entry: JournalEntry, durable: boolean): Promise<void> {
    if (this.handle === undefined) throw new Error('the journal is not started');
    try {
      await this.handle.appendFile(`${JSON.stringify(entry)}\n`);
      if (durable) await this.handle.datasync();
    } catch (err) {
      throw new LettersError(
        'io',
        `cannot write ${this.display}: ${reason(err)}`,
        'free some space or fix the cause; the messages sent so far are in the journal, and running the same command again goes on from there',
      );
    }
  }

  private async close(): Promise<void> {
    const h = this.handle;
    this.handle = undefined;
    if (h !== undefined) {
      await h.datasync().catch(() => undefined);
      await h.close().catch(() => undefined);
    }
  }

  /** The run is over: the journal written whole once more, as it now stands. */
  async finish(journal: Journal): Promise<void> {
    await this.close();
    const { entries, ...header } = journal;
    const text = [JSON.stringify(header), ...entries.map((e) => JSON.stringify(e))].join('\n');
    await writeFileAtomic(this.file, `${text}\n`, { display: this.display, beforeCommit: () => this.lock.verify() });
  }

  async remove(): Promise<void> {
    await this.close();
    await fs.unlink(this.file).catch((err: unknown) => {
      if (!isCode(err, 'ENOENT')) throw err;
    });
  }

  async release(): Promise<void> {
    await this.close();
    await this.lock.release();
  }
}
