import Handlebars from 'handlebars';
import { LettersError } from '../errors.js';
import type { LetterView } from './view.js';

/** A template as read from disk: its name, where it came from (for messages) and its text. */
export interface TemplateSource {
  name: string;
  file: string;
  text: string;
}

const hbs = Handlebars.create();

/** `{{period title}}`: the text followed by a period, unless it already ends a sentence. */
hbs.registerHelper('period', (text: unknown) => {
  const s = String(text ?? '');
  return /[.!?…:;]["'”’»)]*$/u.test(s) ? s : `${s}.`;
});

/**
 * How deep `{{#block}}`s and `(sub expressions)` may nest. Handlebars parses deep nesting in
 * quadratic time (8,000 nested `{{#if}}` take 40 s) and overflows the stack a little further;
 * a template needs a handful of levels.
 */
export const MAX_TEMPLATE_NESTING = 100;

/** Comments and raw blocks, whose text Handlebars does not parse; `\{{` is a literal brace. */
const UNPARSED = /\{\{!--[\s\S]*?--~?\}\}|\{\{~?![\s\S]*?\}\}|\{\{\{\{([^\s}]+)[\s\S]*?\}\}\}\}[\s\S]*?\{\{\{\{\/\1\}\}\}\}|\\\{\{/g;
const MUSTACHE = /\{\{~?\s*([#^/]?)([^}]*)\}\}/g;

/**
 * The line where blocks or sub-expressions first nest deeper than the limit, found by a
 * linear scan before Handlebars parses anything; undefined when the template stays within it.
 * It counts what Handlebars would: `{{#x}}`/`{{^x}}` open a block, `{{/x}}` closes one,
 * `{{^}}` and `{{else}}` do neither.
 */
export function tooDeepLine(text: string): number | undefined {
  const blanked = text.replace(UNPARSED, (m) => m.replace(/[^\n]/g, ' '));
  let depth = 0;
  for (const m of blanked.matchAll(MUSTACHE)) {
    const [, sigil, body] = m as unknown as [string, string, string];
    if (sigil === '#' || (sigil === '^' && body.trim() !== '' && body.trim() !== '~')) depth++;
    else if (sigil === '/') depth--;
    let parens = 0;
    for (const ch of body) {
      if (ch === '(') parens++;
      else if (ch === ')') parens--;
      if (parens > MAX_TEMPLATE_NESTING) break;
    }
    if (depth > MAX_TEMPLATE_NESTING || parens > MAX_TEMPLATE_NESTING) {
      return blanked.slice(0, m.index).split('\n').length;
    }
  }
  return undefined;
}

const compiledTemplates = new Map<string, HandlebarsTemplateDelegate<LetterView>>();

/** Fill a template with a letter's view. User text is escaped; only Markdown HTML is not. */
export function applyTemplate(template: TemplateSource, view: LetterView): string {
  const deep = tooDeepLine(template.text);
  if (deep !== undefined) {
    throw new LettersError(
      'template',
      `template "${template.name}" nests blocks more than ${MAX_TEMPLATE_NESTING} deep`,
      `fix ${template.file} near line ${deep}`,
    );
  }
  try {
    // Compiled once per template text: a mail merge fills the same template hundreds of times.
    let compiled = compiledTemplates.get(template.text);
    if (compiled === undefined) {
      compiled = hbs.compile<LetterView>(template.text, { strict: false, noEscape: false, knownHelpersOnly: false });
      compiledTemplates.set(template.text, compiled);
    }
    return compiled(view);
  } catch (err) {
    if (err instanceof RangeError) {
      // The stack ran out: a partial that includes itself, or nesting the scan above did not see.
      throw new LettersError(
        'template',
        `template "${template.name}" cannot be used: it calls itself or nests too deeply (${err.message})`,
        `fix ${template.file}; look for a partial that includes itself`,
      );
    }
    // Handlebars: "Parse error on line 3:\n<code>\n---^\nExpecting …": keep the first and last lines.
    const lines = (err instanceof Error ? err.message : String(err)).split('\n').filter((l) => l.trim() !== '');
    const message = lines.length > 1 ? `${lines[0]} ${lines[lines.length - 1]}` : (lines[0] ?? 'unknown error');
    const line = /line (\d+)/.exec(err instanceof Error ? err.message : '')?.[1];
    throw new LettersError(
      'template',
      `template "${template.name}" cannot be used: ${message}`,
      `fix ${template.file}${line ? ` near line ${line}` : ''}`,
    );
  }
}
