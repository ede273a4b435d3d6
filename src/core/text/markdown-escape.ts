/**
 * What renderers make a live link of in plain text, by the character an escape breaks it at: a
 * domain ("www.example.org", or "example.org" to a linkifier: a period between two letters or
 * digits), "https://" (its colon), an e-mail address or a GitHub @mention (its @), an issue
 * reference "#12" (its #). Escaped, each prints as typed: "Inc." or "Dr. Roe" are left alone.
 */
const AUTOLINKED = /(?<=\w)\.(?=\w)|:(?=\/\/)|@|#(?=\d)/g;

/**
 * Plain text as Markdown that prints exactly that text (CommonMark + GitHub's extensions):
 * every character that could start emphasis, a link, raw HTML, an entity, code, a table or
 * strikethrough is backslash-escaped, and so is whatever would start a block at the start of
 * a line (a heading, a list item, a quote, a setext underline), and whatever would become a
 * live link by GitHub's autolinking (AUTOLINKED). Apostrophes, quotes and parentheses stay as
 * they are: they cannot start markup once [ and < are escaped.
 */
export function escapeMarkdown(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const inline = line.replace(/[\\`*_[\]<>&|~]/g, '\\$&').replace(AUTOLINKED, '\\$&');
      return inline.replace(/^(\s*)(#|[-+=]|\d+(?=[.)]))/, (_, space: string, lead: string) =>
        /\d/.test(lead) ? `${space}${lead}\\` : `${space}\\${lead}`,
      );
    })
    .join('\n');
}
