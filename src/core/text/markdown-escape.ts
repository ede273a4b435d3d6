/**
 * Plain text as Markdown that prints exactly that text (CommonMark + GitHub's extensions):
 * every character that could start emphasis, a link, raw HTML, an entity, code, a table or
 * strikethrough is backslash-escaped, and so is whatever would start a block at the start of
 * a line (a heading, a list item, a quote, a setext underline). Apostrophes, quotes and
 * parentheses stay as they are: they cannot start markup once [ and < are escaped.
 */
export function escapeMarkdown(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const inline = line.replace(/[\\`*_[\]<>&|~]/g, '\\$&');
      return inline.replace(/^(\s*)(#|[-+=]|\d+(?=[.)]))/, (_, space: string, lead: string) =>
        /\d/.test(lead) ? `${space}${lead}\\` : `${space}\\${lead}`,
      );
    })
    .join('\n');
}
