// The layers the code is laid out in (docs/architecture.md), checked on every `npm run lint`
// so that the house cannot drift back: no import circles; core pure; render below commands
// and io; the errors module at the ground floor; writers see only their contract.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import circle: the modules in it cannot be understood, tested or loaded one without the other.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'errors-imports-nothing',
      severity: 'error',
      comment: 'src/errors.ts is the ground floor: every layer imports it, so it imports nothing of ours.',
      from: { path: '^src/errors\\.ts$' },
      to: { path: '^src/' },
    },
    {
      name: 'core-is-pure',
      severity: 'error',
      comment: 'core/ decides; it never reaches the file system, the terminal, the clock or the renderer.',
      from: { path: '^src/core/' },
      to: { path: ['^src/(render|io|commands|cli)/', '^src/(cli|main)\\.ts$', '^node:'] },
    },
    {
      name: 'render-below-commands-and-io',
      severity: 'error',
      comment: 'render/ is the pipeline from a letter to bytes: it is given fonts and templates, it does not fetch them.',
      from: { path: '^src/render/' },
      to: { path: ['^src/(io|commands|cli)/', '^src/(cli|main)\\.ts$'] },
    },
    {
      name: 'io-below-commands',
      severity: 'error',
      comment: 'io/ holds the edges; the commands use them, never the other way round.',
      from: { path: '^src/io/' },
      to: { path: ['^src/(commands|cli)/', '^src/(cli|main)\\.ts$'] },
    },
    {
      name: 'writers-see-only-their-contract',
      severity: 'error',
      comment: 'A writer imports render/writers/writer.ts, never the table that lists the writers.',
      from: { path: '^src/render/writers/', pathNot: '^src/render/writers/formats\\.ts$' },
      to: { path: '^src/render/writers/formats\\.ts$' },
    },
    {
      name: 'stages-flow-forward',
      severity: 'error',
      comment:
        'The pipeline runs document → inline → pdf → writers: an earlier stage never imports a later one (inline may not import pdf or writers; document may not import inline, pdf or writers).',
      from: { path: '^src/render/(document|inline)/' },
      to: { path: '^src/render/(pdf|writers)/' },
    },
    {
      name: 'document-is-font-free',
      severity: 'error',
      comment: 'The document tree is built without fonts: HTML, Markdown and text never load one.',
      from: { path: '^src/render/document/' },
      to: { path: '^src/render/inline/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    exclude: { path: '\\.d\\.ts$' },
  },
};
