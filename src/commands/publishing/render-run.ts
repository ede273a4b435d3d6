// One render run's outputs: fonts, templates and the writer loaded once, each letter written whole or not at all.
import path from 'node:path';
import type { Letter } from '../../core/letter/letter.js';
import type { ParsedLetter } from '../../core/read/parse-letter.js';
import { loadFonts } from '../../io/fonts.js';
import { FolderFlush, writeFileAtomic } from '../../io/files/atomic-write.js';
import { displayPath } from '../../io/files/letter-files.js';
import { pageFile, refuseForeign } from '../../io/files/output-files.js';
import { packageVersion } from '../../io/package-root.js';
import { loadTemplate, templateDirs } from '../../io/templates.js';
import type { LetterDocument } from '../../render/document/document.js';
import type { Output, Writer } from '../../render/writers/writer.js';
import type { Fonts } from '../../render/inline/fonts.js';
import { prepareDocument } from '../../render/prepare.js';
import type { TemplateSource } from '../../render/document/template.js';
import { checkTemplateFormat, templateInfo } from '../../render/document/template-info.js';
import { projectRoot } from '../../io/pictures/project-root.js';
import { holdYoungGeneration } from '../../io/v8-flags.js';
import { markdownRenderer, readLetterPictures, type PictureCache } from './letter-pictures.js';
import type { Context } from '../context.js';
import { detail, warn } from '../warnings.js';
import type { RenderSettings } from './render-settings.js';

/** From this many signatories a letter's document and pages are big enough to grow V8's young generation past need (see holdYoungGeneration): held here, unless render's read of the letter held it from the parse on (io/files/letter-cache.ts). */
const BIG_LETTER = 2000;

/**
 * One render run, over one letter or many: fonts, templates and the writer are loaded once
 * and shared by every letter it renders (`--all`, a mail merge).
 */
export class RenderRun {
  private fonts: Fonts | undefined;
  private writer: Writer | undefined;
  private readonly templates = new Map<string, Promise<TemplateSource>>();
  /** Templates whose replacing of a shipped one was said this run. */
  private readonly warned = new Set<string>();
  private readonly pictures: PictureCache = new Map();
  /** Set for a run of many files: their folders are flushed once, by flushFolders. */
  private folders: FolderFlush | undefined;
  readonly creator = `letters ${packageVersion()}`;

  constructor(
    private readonly ctx: Context,
    readonly settings: RenderSettings,
  ) {}

  /** The template a letter uses, checked to serve this run's format. */
  async template(letter: Letter): Promise<TemplateSource> {
    const name = this.settings.template ?? letter.template;
    let loading = this.templates.get(name);
    if (loading === undefined) {
      loading = loadTemplate(name, templateDirs(this.ctx.dir), this.ctx.cwd);
      this.templates.set(name, loading);
    }
    const template = await loading;
    checkTemplateFormat(template, this.settings.format.name);
    if (template.replacesShipped && !this.warned.has(template.name)) {
      // Said once a run: a letter asking for "formal" gets the project's file, not letters' own.
      this.warned.add(template.name);
      warn(this.ctx, {
        message: `this project's template "${template.name}" is used in place of the one letters ships under that name`,
        hint: `to use both, rename ${template.file} and set template: to the new name where it is wanted`,
        location: { file: template.file, line: 1, col: 1 },
      });
    }
    return template;
  }

  /**
   * The document, checked for what this format needs (every character in the fonts, for PDF
   * and PNG), with the pictures it prints read from the repository (a translation's like its
   * letter's: the letterhead, logos and its own Markdown's images).
   */
  async document(parsed: ParsedLetter, template: TemplateSource, options?: Parameters<typeof prepareDocument>[4]): Promise<LetterDocument> {
    if (parsed.letter.signatories.length >= BIG_LETTER) {
      await this.loadModules();
      holdYoungGeneration();
    }
    const layout = parsed.letter.signatoryLayout ?? templateInfo(template).layout ?? 'blocks';
    const pictures = await readLetterPictures(this.ctx.dir, parsed, layout, this.ctx.settings?.letterhead, this.pictures);
    return prepareDocument(parsed, template, this.settings.format.needsFonts ? this.loadFonts() : undefined, pictures, options);
  }

  /**
   * The bytes of one letter in this run's format (several for PNG pages); the writer is loaded
   * on first use. `target` is the file they go to (absent: standard output, read from here):
   * Markdown links to its pictures from there.
   */
  async outputs(document: LetterDocument, target?: string): Promise<Output[]> {
    const writer = await this.loadWriter();
    return writer({
      document,
      ...(this.settings.format.needsFonts ? { fonts: this.loadFonts() } : {}),
      creator: this.creator,
      now: this.ctx.now(),
      pages: this.settings.pages,
      dpi: this.settings.dpi,
      pdfa: this.settings.pdfa === true,
      picturePath: (source) => {
        const from = target === undefined ? this.ctx.cwd : path.dirname(path.resolve(this.ctx.cwd, target));
        return path
          .relative(from, path.join(projectRoot(this.ctx.dir), source))
          .split(path.sep)
          .join('/');
      },
    });
  }

  /**
   * Load every module a render loads after reading its letter: the hold on the young generation
   * (for a big letter, from its parse) is a V8 flag, and code compiled under it would be compiled
   * again by the next render of a small letter (io/v8-flags.ts).
   */
  async loadModules(): Promise<void> {
    await Promise.all([this.loadWriter(), markdownRenderer()]);
  }

  /** This run's writer, loaded on first use. */
  async loadWriter(): Promise<Writer> {
    this.writer ??= await this.settings.format.writer();
    return this.writer;
  }

  /** The font stack, loaded on first use and shared by every letter of the run. */
  loadFonts(): Fonts {
    this.fonts ??= loadFonts();
    return this.fonts;
  }

  /** Whether outputs of this run go one file per page (`--pages all` or a range). */
  get perPage(): boolean {
    const { pages, format } = this.settings;
    return format.name === 'png' && (pages.kind === 'all' || pages.to > pages.from);
  }

  /** Where each output goes when the run's target for the letter is `file`. */
  files(file: string, outputs: Output[]): { file: string; output: Output }[] {
    return outputs.map((output) => ({ file: this.perPage && output.page !== undefined ? pageFile(file, output.page) : file, output }));
  }

  /**
   * Write outputs: every target is checked first (render replaces only its own earlier
   * outputs), then each file is written atomically. Returns the names written.
   */
  async write(file: string, outputs: Output[]): Promise<string[]> {
    const placed = this.files(file, outputs);
    for (const p of placed) await refuseForeign(p.file, this.settings.format, p.output.bytes, this.ctx.cwd, this.settings.force);
    const written: string[] = [];
    for (const p of placed) {
      const display = displayPath(p.file, this.ctx.cwd);
      await writeFileAtomic(p.file, p.output.bytes, { display, ...(this.folders ? { folders: this.folders } : {}) });
      detail(this.ctx, `wrote ${display} (${p.output.bytes.length} bytes)`);
      written.push(display);
    }
    return written;
  }

  /**
   * From now on, the folders written into are flushed to the disk once, by flushFolders, not
   * after each file: a run of many files (each still whole or absent) awaits flushFolders before
   * it says they are written.
   */
  deferFolderFlush(): void {
    this.folders ??= new FolderFlush();
  }

  /** Flush the folders written into since deferFolderFlush (or the last flush). */
  async flushFolders(): Promise<void> {
    await this.folders?.flush();
  }

  /** `<name><extension>`, the file a letter gets in a folder. */
  fileName(name: string): string {
    return `${name}${this.settings.format.extension}`;
  }

  /** A short list of written files for the summary line. */
  static describe(files: string[]): string {
    return files.length <= 3 ? files.join(', ') : `${files[0]} … ${files[files.length - 1]} (${files.length} files)`;
  }

  /** A letter's name from its file: `letters/water-rights.yaml` → `water-rights`. */
  static slugOf(file: string): string {
    return path.basename(file).replace(/\.ya?ml$/i, '');
  }
}
