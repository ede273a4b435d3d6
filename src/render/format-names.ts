// The names of the output formats, below the pipeline's stages: templates declare them
// (document/template-info.ts) and the writers' table (writers/formats.ts) is keyed by them.

export const FORMAT_NAMES = ['pdf', 'html', 'md', 'txt', 'png'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

/** How people call each format in messages. */
export const FORMAT_LABELS: Record<FormatName, string> = {
  pdf: 'PDF',
  html: 'HTML page',
  md: 'Markdown',
  txt: 'plain text',
  png: 'PNG preview',
};

/** True when `name` is one of the format names. */
export function isFormatName(name: string): name is FormatName {
  return (FORMAT_NAMES as readonly string[]).includes(name);
}
