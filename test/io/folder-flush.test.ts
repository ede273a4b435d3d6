// Many files into one folder (a mail merge, render --all): each whole, the folder flushed once for all, when the run says so.
import { promises as fs, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { FolderFlush, writeFileAtomic } from '../../src/io/files/atomic-write.js';
import { testdir } from '../helpers/testdir.js';

/** The folders opened to be flushed (opened read-only by their own path). */
function folderOpens(): string[] {
  const opened: string[] = [];
  const open = fs.open.bind(fs);
  vi.spyOn(fs, 'open').mockImplementation(((file: string, flags?: string, mode?: number) => {
    if (flags === 'r') opened.push(String(file));
    return open(file, flags, mode);
  }) as typeof fs.open);
  return opened;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('FolderFlush', () => {
  test('alone, each file flushes its folder; with a FolderFlush, the folder is flushed once, at flush()', async () => {
    const dir = testdir();
    const opened = folderOpens();
    for (const name of ['a.pdf', 'b.pdf']) await writeFileAtomic(path.join(dir, name), name, { display: name });
    expect(opened).toEqual([dir, dir]);
    opened.length = 0;
    const folders = new FolderFlush();
    for (const name of ['c.pdf', 'd.pdf', 'e.pdf']) await writeFileAtomic(path.join(dir, name), name, { display: name, folders });
    expect(opened).toEqual([]);
    await folders.flush();
    expect(opened).toEqual([dir]);
    await folders.flush();
    expect(opened).toEqual([dir]);
    expect(readdirSync(dir).sort()).toEqual(['a.pdf', 'b.pdf', 'c.pdf', 'd.pdf', 'e.pdf']);
    expect(readFileSync(path.join(dir, 'e.pdf'), 'utf8')).toBe('e.pdf');
  });

  test('a folder that cannot be flushed is an error naming a file written into it', async () => {
    const dir = path.join(testdir(), 'out');
    await fs.mkdir(dir);
    const folders = new FolderFlush();
    await writeFileAtomic(path.join(dir, 'a.pdf'), 'a', { display: 'out/a.pdf', folders });
    rmSync(dir, { recursive: true });
    await expect(folders.flush()).rejects.toThrow('out/a.pdf was written, but flushing its folder to disk failed');
  });
});
