//! The one rule for links, read by every writer: only http, https and mailto addresses are
//! links; anything else (javascript:, data:, file:, a relative path) is shown as text.

const ALLOWED = /^(?:https?:\/\/|mailto:)/i;

/**
 * The longest address made a link: what servers and browsers reliably take. A longer one is
 * shown as text: the PDF repeats a link's address on every line the link spans, so a 200 KB
 * address written out as its own text would make a file of gigabytes.
 */
export const MAX_LINK_LENGTH = 2048;

/** The address when it may be a link, otherwise undefined. */
export function safeHref(href: string | undefined): string | undefined {
  if (href === undefined || href.length > MAX_LINK_LENGTH + 64) return undefined;
  // Browsers ignore tabs, newlines and leading control characters in a scheme ("java\tscript:").
  const trimmed = href.trim();
  return ALLOWED.test(trimmed) && trimmed.length <= MAX_LINK_LENGTH && !/[\u0000-\u001f\u007f\s]/.test(trimmed) ? trimmed : undefined;
}

/** The text a reader sees for a link's address: "mailto:" dropped. */
export function visibleAddress(href: string): string {
  return href.replace(/^mailto:/i, '');
}

/**
 * Consecutive runs that share one (safe) address, as index ranges [start, end): each range is
 * one link, or plain text where `href` is undefined. HTML and Markdown wrap each range once.
 */
export function linkSpans(runs: readonly { href?: string }[]): { href: string | undefined; start: number; end: number }[] {
  const spans: { href: string | undefined; start: number; end: number }[] = [];
  for (let start = 0; start < runs.length; ) {
    const href = safeHref(runs[start]!.href);
    let end = start + 1;
    while (end < runs.length && safeHref(runs[end]!.href) === href) end++;
    spans.push({ href, start, end });
    start = end;
  }
  return spans;
}
