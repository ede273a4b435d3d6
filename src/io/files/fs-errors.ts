//! The edge between Node's errno errors and the one-line messages people read.
import { LettersError } from '../../errors.js';

/** The errno code of a Node error (`ENOSPC`), or '' when it has none. */
export function errnoCode(err: unknown): string {
  return typeof err === 'object' && err !== null ? String((err as { code?: unknown }).code ?? '') : '';
}

export function isCode(err: unknown, ...codes: string[]): boolean {
  return codes.includes(errnoCode(err));
}

/** An error that means no more bytes fit where they were going. */
export function isFull(err: unknown): boolean {
  return isCode(err, 'ENOSPC', 'EDQUOT', 'ESHORTWRITE');
}

/** Why a file operation failed, in plain words. */
export function reason(err: unknown): string {
  switch (errnoCode(err)) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOSPC':
    case 'ESHORTWRITE':
      return 'the disk is full';
    case 'EDQUOT':
      return 'the disk quota is used up';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENAMETOOLONG':
      return 'the file name is too long';
    case 'EIO':
      return 'the disk reported an input/output error';
    case 'ENOENT':
      return 'it does not exist';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'EISDIR':
      return 'it is a folder';
    default:
      return err instanceof Error ? err.message.replace(/\s*\n\s*/g, ' ') : String(err);
  }
}

/** `cannot read|write <file>: <reason>` for an error that is not about full disks. */
export function ioError(err: unknown, display: string, doing: 'read' | 'write' | 'lock'): LettersError {
  const hint =
    doing === 'read'
      ? 'check that the file exists and that you may read it'
      : isCode(err, 'EACCES', 'EPERM', 'EROFS')
        ? 'check the permissions of the file and its folder; nothing was changed'
        : 'nothing was changed; fix the cause and try again';
  return new LettersError('io', `cannot ${doing} ${display}: ${reason(err)}`, hint, { cause: err });
}

/** Kilobytes, rounded up, for messages about space. */
export function kilobytes(bytes: number): string {
  return `${Math.ceil(bytes / 1024).toLocaleString('en-US')} KB`;
}
