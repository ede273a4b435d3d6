// The part of linebreak's API (UAX #14) that letters uses; the package ships no declarations.
declare module 'linebreak' {
  export default class LineBreaker {
    constructor(text: string);
    nextBreak(): { position: number; required: boolean } | null;
  }
}
