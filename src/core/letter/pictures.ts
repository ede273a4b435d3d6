/**
 * Pictures a letter names — its letterhead's image, an organization's logo, an image in its
 * text — and the rule for how one is named: a file under the repository, by a relative path
 * with no way out of it. Whether the file is there and really a picture is for the edge that
 * reads it (io/pictures); this is what can be told from the name alone.
 */

/** The file name endings a picture may have; what it is, the file's own bytes decide. */
export const PICTURE_EXTENSIONS = ['.png', '.jpg', '.jpeg', '.svg'] as const;

/** What a letter prints at the head of its first page: an image, lines of text, or both. */
export interface Letterhead {
  /** A picture's path under the repository. */
  image?: string;
  /** What the image shows, for screen readers; absent: the image is decoration beside the lines. */
  alt?: string;
  /** The organization, its address, its web address: one line each. */
  lines: string[];
}

/** Where a picture is used: how large it can be printed follows from it. */
export type PictureUse = 'letterhead' | 'logo' | 'text';

/** A picture a letter names, with the field that names it (a dotted path, for locating a problem). */
export interface PictureRef {
  source: string;
  field: string;
  use: PictureUse;
  /** For an image in a Markdown field: the line of the field it is on (0-based). */
  line?: number;
}

export interface PictureFault {
  message: string;
  hint: string;
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * Why `value` cannot name a picture, or undefined when it can: a relative path inside the
 * repository (no `..`, not absolute, no web address), ending in .png, .jpg, .jpeg or .svg.
 * `label` names the field as the command's user knows it (`logo`, `--logo`, the Logo column).
 */
export function picturePathFault(value: string, label: string): PictureFault | undefined {
  const shown = value.length > 80 ? `${value.slice(0, 77)}…` : value;
  if (SCHEME.test(value) && !/^[a-z]:[\\/]/i.test(value)) {
    return {
      message: `${label} is a web address (${shown}), and letters prints only files in the repository`,
      hint: 'download the picture into the repository (for example images/logo.png) and give that path',
    };
  }
  if (/^[\\/]/.test(value) || /^[a-z]:/i.test(value) || value.startsWith('~')) {
    return {
      message: `${label} is an absolute path (${shown}); a picture must be a file in the repository`,
      hint: 'copy it into the repository and give its path from the repository folder, like images/logo.png',
    };
  }
  if (value.includes('\\')) {
    return { message: `${label} has a backslash (${shown})`, hint: 'write the path with forward slashes, like images/logo.png' };
  }
  if (value.split('/').some((part) => part === '..')) {
    return {
      message: `${label} leads out of its folder with ".." (${shown})`,
      hint: 'give the path from the repository folder, like images/logo.png; pictures outside the repository are not read',
    };
  }
  const lower = value.toLowerCase();
  if (!PICTURE_EXTENSIONS.some((ext) => lower.endsWith(ext)) || value.endsWith('/')) {
    return {
      message: `${label} is not the name of a picture file: ${shown}`,
      hint: `give a PNG, JPEG or SVG file in the repository (${PICTURE_EXTENSIONS.join(', ')}), like images/logo.png`,
    };
  }
  return undefined;
}
