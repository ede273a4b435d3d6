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

const compiledTemplates = new Map<string, HandlebarsTemplateDelegate<LetterView>>();

/** Fill a template with a letter's view. User text is escaped; only Markdown HTML is not. */
export function applyTemplate(template: TemplateSource, view: LetterView): string {
  try {
    // Compiled once per template text: a mail merge fills the same template hundreds of times.
    let compiled = compiledTemplates.get(template.text);
    if (compiled === undefined) {
      compiled = hbs.compile<LetterView>(template.text, { strict: false, noEscape: false, knownHelpersOnly: false });
      compiledTemplates.set(template.text, compiled);
    }
    return compiled(view);
  } catch (err) {
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
