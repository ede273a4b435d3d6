import { describe, expect, test } from 'vitest';
import { buildTree, tidy, type Block } from '../../src/render/document/tree.js';
import { markdownToHtml } from '../../src/render/document/markdown.js';

const text = (blocks: Block[]): string[] =>
  blocks.map((b) => (b.kind === 'paragraph' || b.kind === 'heading' ? b.runs.map((r) => r.text).join('') : b.kind));

describe('buildTree', () => {
  test('paragraphs with inline styles and links', () => {
    const [p] = buildTree('<p>a <strong>b</strong> <em>c <a href="https://x.org">d</a></em></p>', 't');
    expect(p).toEqual({
      kind: 'paragraph',
      role: undefined,
      runs: [
        { text: 'a ', bold: false, italic: false },
        { text: 'b', bold: true, italic: false },
        { text: ' ', bold: false, italic: false },
        { text: 'c ', bold: false, italic: true },
        { text: 'd', bold: false, italic: true, href: 'https://x.org' },
      ],
    });
  });

  test('whitespace collapses; <br> is a line break; entities decode', () => {
    const [p] = buildTree('<address>\n  Jane   Doe\n  <br>  A &amp; B &#x27;x&#x27;\n</address>', 't');
    expect(p).toMatchObject({ kind: 'paragraph', role: 'address', runs: [{ text: "Jane Doe\nA & B 'x'" }] });
  });

  test('a list item runs its bold lead-in into its first paragraph', () => {
    const [list] = buildTree(`<ul class="issues"><li><strong>Torture.</strong> ${markdownToHtml('Body one.\n\nBody two.')}</li></ul>`, 't');
    expect(list).toMatchObject({ kind: 'list', role: 'issues', ordered: false });
    const item = (list as Extract<Block, { kind: 'list' }>).items[0]!;
    expect(text(item)).toEqual(['Torture. Body one.', 'Body two.']);
    expect((item[0] as Extract<Block, { kind: 'paragraph' }>).runs[0]).toMatchObject({ text: 'Torture.', bold: true });
  });

  test('signature blocks', () => {
    const [sig] = buildTree('<div class="signatories" data-columns="3"><div>A<br>B</div><div>C</div><div> </div></div>', 't');
    expect(sig).toEqual({
      kind: 'signatures',
      columns: 3,
      signatures: [[{ text: 'A\nB', bold: false, italic: false }], [{ text: 'C', bold: false, italic: false }]],
    });
  });

  test('links only to web and mail addresses', () => {
    const [p] = buildTree('<p><a href="javascript:alert(1)">x</a> <a href="mailto:a@b.org">m</a></p>', 't');
    const runs = (p as Extract<Block, { kind: 'paragraph' }>).runs;
    expect(runs[0]!.href).toBeUndefined();
    expect(runs[1]!.href).toBe('mailto:a@b.org');
  });

  test("an element's lang marks its text's language, down to the runs inside it", () => {
    const [p, q] = buildTree('<p>Dear <span lang="ja">山田<b>花子</b></span>, <i>hi</i></p><div lang="zh-HK"><p>陳大文</p></div>', 't');
    expect((p as Extract<Block, { kind: 'paragraph' }>).runs).toEqual([
      { text: 'Dear ', bold: false, italic: false },
      { text: '山田', bold: false, italic: false, lang: 'ja' },
      { text: '花子', bold: true, italic: false, lang: 'ja' },
      { text: ', ', bold: false, italic: false },
      { text: 'hi', bold: false, italic: true },
    ]);
    expect((q as Extract<Block, { kind: 'paragraph' }>).runs).toEqual([{ text: '陳大文', bold: false, italic: false, lang: 'zh-HK' }]);
  });

  test('an element letters cannot lay out is a template error', () => {
    expect(() => buildTree('<table><tr><td>x</td></tr></table>', 'fancy')).toThrow(
      /template "fancy" uses <tr>|template "fancy" uses <table>/,
    );
  });
});

describe('markdown', () => {
  test('raw HTML is shown as text, quotes become typographic', () => {
    const [p] = buildTree(markdownToHtml('<script>alert("x")</script> "quoted" -- it\'s'), 't');
    expect(text([p!])).toEqual(['<script>alert(“x”)</script> “quoted” – it’s']);
  });

  test('ordered lists keep their start', () => {
    const [list] = buildTree(markdownToHtml('3. three\n4. four'), 't');
    expect(list).toMatchObject({ kind: 'list', ordered: true, start: 3 });
  });
});

test('tidy trims and merges', () => {
  const r = (t: string, bold = false) => ({ text: t, bold, italic: false });
  expect(tidy([r(' a '), r(' b'), r('\n'), r(' c '), r('\n')])).toEqual([r('a b\nc')]);
});
