//! The GitHub issue-form intake: sign-ups filed as issues ("[SIGN] …") from an issue form,
//! exported with `gh issue list --json number,title,body,author,createdAt` (or one issue with
//! `gh issue view N --json …`). Each issue is a row; its body's `### Question` sections are the
//! questions, `createdAt` the date; the issue number and its author are where it came from.
import type { Node } from 'jsonc-parser/lib/esm/main.js';
import { issueFormSections } from '../../core/sheets/form-text.js';
import { plural } from '../../core/text/plural.js';
import { answersTable, type IntakeTable, offsetLocator } from './intake.js';
import { jsonItems, jsonTree } from './json-intake.js';

const property = (object: Node, key: string): Node | undefined =>
  object.children?.find((p) => p.children?.[0]?.value === key)?.children?.[1];

/** True when JSON objects are GitHub issues: a number and a body of text each. */
export function looksLikeIssues(items: readonly Node[]): boolean {
  return items.every((i) => property(i, 'number')?.type === 'number' && property(i, 'body')?.type === 'string');
}

/** The issues of a `gh … --json` export, read when they are issues; undefined when they are not. */
export function issueFormIntake(text: string, file: string, name: string): IntakeTable | undefined {
  const at = offsetLocator(text, file);
  const { items } = jsonItems(jsonTree(text, file, at), file, at);
  if (!looksLikeIssues(items)) return undefined;
  const rows = items.map((issue, i) => {
    const number = property(issue, 'number')!.value as number;
    const body = property(issue, 'body')!;
    const author = property(issue, 'author');
    const login = author === undefined ? undefined : property(author, 'login')?.value;
    const created = property(issue, 'createdAt');
    const place = at(body.offset);
    const sections = issueFormSections(body.value as string);
    const answers = sections.map((s) => ({ question: s.question, answer: s.answer, at: place }));
    if (created?.type === 'string') answers.push({ question: 'Date', answer: created.value as string, at: at(created.offset) });
    return {
      answers,
      at: at(issue.offset),
      label: `issue #${number}`,
      number: i + 1,
      source: `${name} issue #${number}${typeof login === 'string' ? ` by @${login}` : ''}`,
      ...(sections.length === 0
        ? {
            unreadable: {
              message: `issue #${number} has no issue-form sections ("### Question" headings)`,
              hint: 'export only the sign-up issues (gh issue list --label …), or add --skip-invalid',
            },
          }
        : {}),
    };
  });
  return answersTable({ file, kind: 'issues', summary: `GitHub issue forms, ${plural(items.length, 'issue')}`, encoding: 'utf-8' }, rows);
}
