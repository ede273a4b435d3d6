import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { createFileAtomic, writeFileAtomic } from '../../src/io/files/atomic-write.js';
import { testdir } from '../helpers/testdir.js';

/** A link() as a file system without hard links answers it (vfat says EPERM). */
const noLinks = (code: string) => async (): Promise<void> => {
  throw Object.assign(new Error(`${code}: operation not permitted, link`), { code });
};

describe('createFileAtomic', () => {
  test('creates the file whole, and leaves no temporary file', async () => {
    const dir = testdir();
    const target = path.join(dir, 'a.yaml');
    expect(await createFileAtomic(target, 'title: A\n', { display: 'a.yaml' })).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('title: A\n');
    expect(readdirSync(dir)).toEqual(['a.yaml']);
  });

  test('an existing file is kept and nothing is written', async () => {
    const dir = testdir({ 'a.yaml': 'mine\n' });
    const target = path.join(dir, 'a.yaml');
    expect(await createFileAtomic(target, 'theirs\n', { display: 'a.yaml' })).toBe(false);
    expect(readFileSync(target, 'utf8')).toBe('mine\n');
    expect(readdirSync(dir)).toEqual(['a.yaml']);
  });

  test.each(['EPERM', 'ENOTSUP', 'ENOSYS'])('on a file system without hard links (%s) it still creates the file', async (code) => {
    const dir = testdir();
    const target = path.join(dir, 'a.yaml');
    expect(await createFileAtomic(target, 'title: A\n', { display: 'a.yaml' }, noLinks(code))).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('title: A\n');
    expect(readdirSync(dir)).toEqual(['a.yaml']);
  });

  test('without hard links an existing file is still never replaced', async () => {
    const dir = testdir({ 'a.yaml': 'mine\n' });
    const target = path.join(dir, 'a.yaml');
    expect(await createFileAtomic(target, 'theirs\n', { display: 'a.yaml' }, noLinks('EPERM'))).toBe(false);
    expect(readFileSync(target, 'utf8')).toBe('mine\n');
    expect(readdirSync(dir)).toEqual(['a.yaml']);
  });

  test('another link failure is an error naming the file, and leaves nothing behind', async () => {
    const dir = testdir();
    const target = path.join(dir, 'a.yaml');
    writeFileSync(path.join(dir, 'keep.txt'), 'x');
    await expect(createFileAtomic(target, 'title: A\n', { display: 'a.yaml' }, noLinks('EIO'))).rejects.toThrow(/a\.yaml/);
    expect(readdirSync(dir)).toEqual(['keep.txt']);
  });
});

describe('a temporary name another writer has', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  test('is left alone, and the write goes on under a fresh name', async () => {
    const dir = testdir({ 'a.yaml': 'old\n' });
    const target = path.join(dir, 'a.yaml');
    // The first name drawn (random 0) is taken by another writer's temporary file; the next is free.
    writeFileSync(path.join(dir, 'a.yaml.00000000.tmp'), 'theirs');
    vi.spyOn(Math, 'random').mockReturnValueOnce(0).mockReturnValueOnce(0.5);
    await writeFileAtomic(target, 'new\n', { display: 'a.yaml' });
    expect(readFileSync(target, 'utf8')).toBe('new\n');
    expect(readFileSync(path.join(dir, 'a.yaml.00000000.tmp'), 'utf8')).toBe('theirs');
    expect(readdirSync(dir).sort()).toEqual(['a.yaml', 'a.yaml.00000000.tmp']);
  });

  test("taken every time, the write fails and removes no one else's file", async () => {
    const dir = testdir({ 'a.yaml': 'old\n' });
    const target = path.join(dir, 'a.yaml');
    writeFileSync(path.join(dir, 'a.yaml.00000000.tmp'), 'theirs');
    vi.spyOn(Math, 'random').mockReturnValue(0);
    await expect(writeFileAtomic(target, 'new\n', { display: 'a.yaml' })).rejects.toThrow(/cannot write a\.yaml/);
    expect(readFileSync(target, 'utf8')).toBe('old\n');
    expect(readFileSync(path.join(dir, 'a.yaml.00000000.tmp'), 'utf8')).toBe('theirs');
  });
});
