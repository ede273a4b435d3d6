// Templates: Handlebars with letters' helpers and limits, filled with the letter's view into the HTML subset.
import Handlebars from 'handlebars';
import { LettersError } from '../../errors.js';
import { PRECOMPILED_TEMPLATES } from './templates.generated.js';
import type { LetterView } from './view.js';

/** A template as read from disk: its name, where it came from (for messages) and its text. */
export interface TemplateSource {
  name: string;
  file: string;
  text: string;
  /** A project's template that takes the place of the one letters ships under its name. */
  replacesShipped?: boolean;
}

const hbs = Handlebars.create();

/**
 * What one filling of a template may cost. Nested loops multiply (12 nested
 * `{{#each @root.signatories}}` never end), and a loop's body may print a long text each time,
 * so the loops count their rounds and the text they make, and stop the template past these:
 * far above what a letter of 10,000 signatories needs.
 */
export const MAX_TEMPLATE_ROUNDS = 2_000_000;
export const MAX_TEMPLATE_OUTPUT = 64 * 1024 * 1024;
let budget = { rounds: 0, chars: 0, escaped: 0, name: '', file: '' };

/**
 * The error for a template past the budget: found by its loops (too many rounds, or too much
 * text made by them), or too much text anywhere.
 */
function tooMuchText(byLoops = false): LettersError {
  return byLoops || budget.rounds > MAX_TEMPLATE_ROUNDS
    ? new LettersError(
        'template',
        `template "${budget.name}" makes too much text: its loops ran ${budget.rounds.toLocaleString('en-US')} times`,
        `fix ${budget.file}; a loop inside a loop over the same list multiplies`,
      )
    : new LettersError(
        'template',
        `template "${budget.name}" makes more than ${MAX_TEMPLATE_OUTPUT / (1024 * 1024)} MiB of text for this letter`,
        `fix ${budget.file}; a loop inside a loop, or a long field printed many times, multiplies the text`,
      );
}

// Every {{value}} passes through escapeExpression, inside a loop or not: what it makes is
// counted, so that a template printing a long field thousands of times is stopped while it
// writes, before the copies fill the memory. (Handlebars reads it from its utilities when a
// template first runs; only letters uses Handlebars in this process.)
const utilities = hbs.Utils as unknown as { escapeExpression: (value: unknown) => string };
const escapeExpression = utilities.escapeExpression;
utilities.escapeExpression = (value: unknown): string => {
  const out = escapeExpression(value);
  budget.escaped += typeof out === 'string' ? out.length : 0;
  if (budget.escaped > MAX_TEMPLATE_OUTPUT) throw tooMuchText();
  return out;
};

// Every loop goes through `each`: `{{#each list}}`, and `{{#list}}` on a list, which
// Handlebars hands to `each` too.
const builtinEach = hbs.helpers['each'] as Handlebars.HelperDelegate;
hbs.registerHelper('each', function (this: unknown, context: unknown, options: Handlebars.HelperOptions) {
  const fn = options.fn;
  const counted = Object.assign((ctx: unknown, opts?: Handlebars.RuntimeOptions) => {
    const out = fn(ctx, opts);
    budget.rounds++;
    budget.chars += out.length;
    if (budget.rounds > MAX_TEMPLATE_ROUNDS || budget.chars > MAX_TEMPLATE_OUTPUT) throw tooMuchText(true);
    return out;
  }, fn);
  return builtinEach.call(this, context, { ...options, fn: counted });
});

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

/**
 * How deep loops may nest: each level may multiply the output by the length of a list (a
 * letter's signatories, say). The shipped templates need four (sections → groups →
 * signatories → a signatory's lines, each a part of the one before); the loop budget above
 * stops a template whose loops really multiply.
 */
export const MAX_LOOP_NESTING = 5;

/** Blocks that never repeat their body; any other `{{#x}}` may loop (over a list `x`). */
const ONCE_BLOCKS = new Set(['if', 'unless', 'with']);

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
  return deepest(text)?.line;
}

/** Where nesting first goes past a limit, and which limit: blocks, or loops. */
function deepest(text: string): { line: number; loops: boolean } | undefined {
  const blanked = text.replace(UNPARSED, (m) => m.replace(/[^\n]/g, ' '));
  let depth = 0;
  // For each open block, whether it may loop.
  const loops: boolean[] = [];
  let looping = 0;
  for (const m of blanked.matchAll(MUSTACHE)) {
    const [, sigil, body] = m as unknown as [string, string, string];
    const at = (): number => blanked.slice(0, m.index).split('\n').length;
    if (sigil === '#' || (sigil === '^' && body.trim() !== '' && body.trim() !== '~')) {
      depth++;
      const name = /^[\s~]*([^\s~}()]+)/.exec(body)?.[1] ?? '';
      const loop = sigil === '#' && !ONCE_BLOCKS.has(name) && !name.startsWith('>') && !name.startsWith('*');
      loops.push(loop);
      if (loop && ++looping > MAX_LOOP_NESTING) return { line: at(), loops: true };
    } else if (sigil === '/') {
      depth--;
      if (loops.pop()) looping--;
    }
    let parens = 0;
    for (const ch of body) {
      if (ch === '(') parens++;
      else if (ch === ')') parens--;
      if (parens > MAX_TEMPLATE_NESTING) break;
    }
    if (depth > MAX_TEMPLATE_NESTING || parens > MAX_TEMPLATE_NESTING) return { line: at(), loops: false };
  }
  return undefined;
}

const compiledTemplates = new Map<string, HandlebarsTemplateDelegate<LetterView>>();

/** The options every template is compiled with (scripts/precompile-templates.mjs precompiles with the same). */
export const TEMPLATE_OPTIONS: CompileOptions = { strict: false, noEscape: false, knownHelpersOnly: false };

/**
 * A template ready to fill: the shipped templates' precompiled forms (templates.generated.ts) for
 * their exact texts, so a render with them does not parse and compile them; any other text is
 * compiled here. Either way once per text: a mail merge fills the same template hundreds of times.
 */
export function compiledTemplate(text: string, precompiled = true): HandlebarsTemplateDelegate<LetterView> {
  // precompiled false: compiled from the text whatever it is, and not kept (the tests compare the two).
  if (!precompiled) return hbs.compile<LetterView>(text, { ...TEMPLATE_OPTIONS });
  let compiled = compiledTemplates.get(text);
  if (compiled === undefined) {
    const shipped = PRECOMPILED_TEMPLATES.find((t) => t.text === text);
    compiled =
      shipped === undefined
        ? hbs.compile<LetterView>(text, { ...TEMPLATE_OPTIONS })
        : hbs.template<LetterView>(shipped.spec as TemplateSpecification);
    compiledTemplates.set(text, compiled);
  }
  return compiled;
}

/** Fill a template with a letter's view. User text is escaped; only Markdown HTML is not. */
export function applyTemplate(template: TemplateSource, view: LetterView): string {
  const deep = deepest(template.text);
  if (deep?.loops) {
    throw new LettersError(
      'template',
      `template "${template.name}" nests loops ({{#each}}) more than ${MAX_LOOP_NESTING} deep`,
      `fix ${template.file} near line ${deep.line}; each loop inside a loop multiplies the text`,
    );
  }
  if (deep !== undefined) {
    throw new LettersError(
      'template',
      `template "${template.name}" nests blocks more than ${MAX_TEMPLATE_NESTING} deep`,
      `fix ${template.file} near line ${deep.line}`,
    );
  }
  try {
    const compiled = compiledTemplate(template.text);
    budget = { rounds: 0, chars: 0, escaped: 0, name: template.name, file: template.file };
    // The whole text, loops or not: the rest (a triple-stash {{{intro}}} printed many times)
    // is joined without copying, so its length is known before anything reads it.
    const html = compiled(view);
    if (html.length > MAX_TEMPLATE_OUTPUT) throw tooMuchText();
    return html;
  } catch (err) {
    if (err instanceof LettersError) throw err;
    // Past the longest string V8 can make: too much text, whatever made it.
    if (err instanceof RangeError && /string length/i.test(err.message)) throw tooMuchText();
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
