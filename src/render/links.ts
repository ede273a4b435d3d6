//! The one rule for links, read by every writer: only http, https and mailto addresses are
//! links; anything else (javascript:, data:, file:, a relative path) is shown as text.

const ALLOWED = /^(?:https?:\/\/|mailto:)/i;

/** The address when it may be a link, otherwise undefined. */
export function safeHref(href: string | undefined): string | undefined {
  if (href === undefined) return undefined;
  // Browsers ignore tabs, newlines and leading control characters in a scheme ("java\tscript:").
  const trimmed = href.trim();
  return ALLOWED.test(trimmed) && !/[\u0000-\u001f\u007f\s]/.test(trimmed) ? trimmed : undefined;
}

/** The text a reader sees for a link's address: "mailto:" dropped. */
export function visibleAddress(href: string): string {
  return href.replace(/^mailto:/i, '');
}
