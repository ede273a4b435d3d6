//! What a template says about itself in its leading comment: a one-line description and,
//! optionally, the formats it is made for (`formats: html` or `formats: pdf, png`) and the
//! signatory layout its letters get when they set none (`default signatory_layout: names`), and
//! whether the letterhead runs, smaller, at the head of later pages (`running letterhead: yes`).
//! A template without a `formats:` line serves every format.

import { SIGNATORY_LAYOUTS, type SignatoryLayout } from '../../core/letter/letter.js';
import { literalOf } from '../../core/letter/values.js';
import { LettersError } from '../../errors.js';
import { FORMAT_LABELS, FORMAT_NAMES, isFormatName, type FormatName } from '../format-names.js';
import type { TemplateSource } from './template.js';

export interface TemplateInfo {
  description: string;
  formats: FormatName[];
  /** The layout of signatories in a letter that sets no `signatory_layout`; absent: blocks. */
  layout?: SignatoryLayout;
  /** The letterhead, smaller, at the head of every page after the first (PDF and PNG). */
  runningHead: boolean;
}

const LEADING_COMMENT = /^\s*\{\{!--([\s\S]*?)--\}\}/;

/** The description and formats declared in a template's leading `{{!-- … --}}` comment. */
export function templateInfo(template: TemplateSource): TemplateInfo {
  const comment = LEADING_COMMENT.exec(template.text)?.[1] ?? '';
  const lines = comment.split('\n').map((l) => l.trim());
  const description = lines.find((l) => l !== '') ?? '';
  const layoutLine = lines.map((l) => /^default signatory_layout:\s*([a-z]+)$/.exec(l)?.[1]).find((l) => l !== undefined);
  // The literal, not the string captured from the template: see literalOf.
  const defaultLayout = literalOf(SIGNATORY_LAYOUTS, layoutLine);
  const layout = {
    ...(defaultLayout !== undefined ? { layout: defaultLayout } : {}),
    runningHead: lines.some((l) => /^running letterhead:\s*yes$/i.test(l)),
  };
  const declared = lines.findIndex((l) => /^formats\s*:/i.test(l));
  if (declared < 0) return { description, formats: [...FORMAT_NAMES], ...layout };
  const names = lines[declared]!.replace(/^formats\s*:/i, '')
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((n) => n.toLowerCase());
  const unknown = names.filter((n) => !isFormatName(n));
  if (unknown.length > 0 || names.length === 0) {
    // The comment opens on the template's first line; line numbers count from there.
    const line = template.text.slice(0, template.text.indexOf('{{!--')).split('\n').length + declared;
    throw new LettersError(
      'template',
      `template "${template.name}" declares ${unknown.length > 0 ? `an unknown format "${unknown[0]}"` : 'no formats'}`,
      `write formats: followed by some of ${FORMAT_NAMES.join(', ')}`,
      { location: { file: template.file, line, col: 1 } },
    );
  }
  // A PNG preview is drawn from the PDF, so a template for one serves the other.
  const formats = new Set(names as FormatName[]);
  if (formats.has('pdf')) formats.add('png');
  if (formats.has('png')) formats.add('pdf');
  return { description, formats: FORMAT_NAMES.filter((f) => formats.has(f)), ...layout };
}

/** Refuse a template for a format it is not made for. */
export function checkTemplateFormat(template: TemplateSource, format: FormatName): void {
  const { formats } = templateInfo(template);
  if (!formats.includes(format)) {
    throw new LettersError(
      'template',
      `template "${template.name}" is made for ${formats.join(', ')}, not ${FORMAT_LABELS[format]}`,
      `use --format ${formats[0]}, or another template (\`letters templates\` lists them)`,
    );
  }
}
