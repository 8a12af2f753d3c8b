/**
 * Finds JSON objects in a model's reply while it streams. Each chunk is scanned once, character
 * by character, tracking strings, escapes, comments and brace depth: O(n) over the whole reply,
 * never re-reading or indexing the growing transcript. Text outside objects comes out as prose
 * at once; an object is held back until its closing brace, then handed over whole (the caller
 * decides whether it is a command). The output is the same whatever the chunk boundaries.
 */
import { isSpace, JsonLexer } from './lexer';

export type Segment =
  /**
   * Prose to show. `released`: a `{` that turned out to start no object, with what followed it
   * (inside an array, the punctuation held before it belongs to the prose too).
   */
  | { type: 'text'; text: string; released?: boolean }
  /** A balanced `{…}` (strings and comments respected), possibly a command. */
  | { type: 'object'; raw: string }
  /**
   * Array punctuation around objects (`[`, commas, `]` and the spaces between): the caller hides
   * it when its objects are commands and shows it when they are data. `opens`: an array's `[`.
   */
  | { type: 'punct'; text: string; opens?: boolean }
  /** The reply ended inside an object. */
  | { type: 'cut'; raw: string }
  /** Text inside `<think>…</think>` (or after a `<think>` never closed): the model's thinking, never a command. */
  | { type: 'thinking'; text: string };

/** An object longer than this is not a command: give it back as prose rather than hold it. */
export const MAX_OBJECT = 16_384;

type Mode = 'prose' | 'bracket' | 'object' | 'gap' | 'think' | 'tag';

/**
 * Tags small models write in their text: `<think>` opens inline thinking (what follows is thinking
 * up to `</think>`, or to the end when it never closes); `<tool_call>` and `</tool_call>` wrap a
 * native tool call written as text, and vanish (the call inside is an object like any other).
 */
const PROSE_TAGS = ['<think>', '<tool_call>', '</tool_call>'];
const THINK_TAGS = ['</think>'];
/**
 * Where the object's top level is: before a key, in an unquoted key, after a key (a `:` must come),
 * or in a value. A `{` whose next characters cannot be a key is prose (`{ and`, `{{name}}`,
 * `f() { return`), given back at once rather than held to the end of the reply.
 */
type KeyState = 'expect' | 'bare' | 'after' | 'value';
/** What one character did to the object: nothing decided yet, closed it, or showed it is none. */
const OPEN = 0;
const CLOSED = 1;
const NOT_OBJECT = 2;
export class CommandScanner {
  private mode: Mode = 'prose';
  /** Text held while deciding what `[` starts (an array of commands, or just a bracket). */
  private held = '';
  /** The object being read, in pieces (joined once, when it closes). */
  private parts: string[] = [];
  private size = 0;
  private depth = 0;
  /** Strings, escapes and comments inside the object (the same lexer the normalizer uses). */
  private readonly lex = new JsonLexer();
  /** Inside `[ {…}, {…} ]`: the brackets, commas and spaces around objects come out as `punct`. */
  private inArray = false;
  private key: KeyState = 'expect';
  /** `[` open in the current top-level value (its commas separate items, not keys). */
  private brackets = 0;
  /** A `<` and what followed it while it may still be one of the tags (at most a tag's length). */
  private tag = '';
  /** Where the tag being read started: in prose or in thinking (where it goes back to if it is none). */
  private tagFrom: 'prose' | 'think' = 'prose';

  push(chunk: string): Segment[] {
    const out: Segment[] = [];
    let textStart = 0;
    let objStart = 0;
    const flushText = (end: number) => {
      if (end > textStart) emitText(out, chunk.slice(textStart, end));
    };
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      switch (this.mode) {
        case 'think':
          if (c === '<') {
            emitThinking(out, chunk.slice(textStart, i));
            this.startTag('think');
          }
          break;
        case 'tag': {
          const read = this.tag + c;
          const tags = this.tagFrom === 'think' ? THINK_TAGS : PROSE_TAGS;
          const lower = read.toLowerCase();
          if (tags.some((t) => t.startsWith(lower))) {
            this.tag = read;
            if (tags.includes(lower)) {
              // A whole tag: thinking begins or ends; tool-call tags vanish.
              this.mode = lower === '<think>' ? 'think' : 'prose';
              this.tag = '';
              textStart = i + 1;
            }
          } else {
            // No tag after all: what was held is text again, and this character is read again.
            if (this.tagFrom === 'think') emitThinking(out, this.tag);
            else emitText(out, this.tag);
            this.tag = '';
            this.mode = this.tagFrom;
            textStart = i;
            i--;
          }
          break;
        }
        case 'prose':
          if (c === '<') {
            flushText(i);
            this.startTag('prose');
          } else if (c === '{') {
            flushText(i);
            this.open();
            objStart = i;
          } else if (c === '[') {
            flushText(i);
            this.mode = 'bracket';
            this.held = '[';
          }
          break;
        case 'bracket':
          if (c === '{') {
            out.push({ type: 'punct', text: this.held, opens: true });
            this.held = '';
            this.inArray = true;
            this.open();
            objStart = i;
          } else if (isSpace(c)) {
            this.held += c;
          } else {
            emitText(out, this.held);
            this.held = '';
            this.mode = 'prose';
            textStart = i;
            i--; // look at this character again as prose
          }
          break;
        case 'gap':
          if (c === '{') {
            emitPunct(out, chunk.slice(textStart, i));
            this.open();
            objStart = i;
          } else if (c === ']') {
            emitPunct(out, chunk.slice(textStart, i + 1));
            this.inArray = false;
            this.mode = 'prose';
            textStart = i + 1;
          } else if (!isSpace(c) && c !== ',') {
            emitPunct(out, chunk.slice(textStart, i));
            this.inArray = false;
            this.mode = 'prose';
            textStart = i;
            i--;
          }
          break;
        case 'object': {
          const stepped = this.step(c);
          if (stepped === NOT_OBJECT) {
            // Not an object after all: what was held is prose, and this character is read again as prose.
            this.parts.push(chunk.slice(objStart, i));
            const text = this.parts.join('');
            if (text) out.push({ type: 'text', text, released: true });
            this.parts = [];
            this.inArray = false;
            this.mode = 'prose';
            textStart = i;
            i--;
          } else if (stepped === CLOSED) {
            this.parts.push(chunk.slice(objStart, i + 1));
            out.push({ type: 'object', raw: this.parts.join('') });
            this.parts = [];
            this.mode = this.inArray ? 'gap' : 'prose';
            textStart = i + 1;
          } else if (++this.size > MAX_OBJECT) {
            // Not a command (too long): give it back as prose and carry on from here.
            this.parts.push(chunk.slice(objStart, i + 1));
            emitText(out, this.parts.join(''));
            this.parts = [];
            this.inArray = false;
            this.mode = 'prose';
            textStart = i + 1;
          }
          break;
        }
      }
    }
    if (this.mode === 'prose') flushText(chunk.length);
    else if (this.mode === 'think') emitThinking(out, chunk.slice(textStart));
    else if (this.mode === 'gap') emitPunct(out, chunk.slice(textStart));
    else if (this.mode === 'object') this.parts.push(chunk.slice(objStart));
    return out;
  }

  /** Call when the reply ends: releases held text and reports an object left open. */
  end(): Segment[] {
    const out: Segment[] = [];
    if (this.mode === 'bracket') emitText(out, this.held);
    if (this.mode === 'object') out.push({ type: 'cut', raw: this.parts.join('') });
    // A tag begun at the very end is what it was read in; an unclosed think block stays thinking.
    if (this.mode === 'tag') (this.tagFrom === 'think' ? emitThinking : emitText)(out, this.tag);
    this.mode = 'prose';
    this.tag = '';
    this.held = '';
    this.parts = [];
    this.inArray = false;
    return out;
  }

  private startTag(from: 'prose' | 'think'): void {
    this.mode = 'tag';
    this.tagFrom = from;
    this.tag = '<';
  }

  private open(): void {
    this.mode = 'object';
    this.depth = 1;
    this.size = 1;
    this.lex.reset('{');
    this.key = 'expect';
    this.brackets = 0;
  }

  /** Advances the object state by one character: still open, just closed, or not an object. */
  private step(c: string): number {
    const lex = this.lex;
    const consumed = lex.skip(c);
    // A string just ended: at the top level, before a key, it was the key.
    if (lex.ended && this.depth === 1 && this.key === 'expect') this.key = 'after';
    if (consumed) return OPEN;
    if (this.depth === 1 && !this.keyAllows(c, lex.before)) return NOT_OBJECT;
    if (lex.code(c)) return OPEN; // a string or a comment starts
    if (c === '{') this.depth++;
    else if (c === '}') return --this.depth === 0 ? CLOSED : OPEN;
    return OPEN;
  }

  /**
   * Can `c`, outside strings at the top level, still belong to an object's keys and values? Tracks
   * just enough of the grammar to tell `{"name": …}`, `{name: …}` and `{'name': …}` (what small
   * models write) from braces in prose, code and templates.
   */
  private keyAllows(c: string, prev: string): boolean {
    switch (this.key) {
      case 'expect':
        if (isSpace(c) || c === ',' || c === '}' || c === '"' || c === "'" || c === '“' || c === '‘' || c === '/' || c === '#' || (c === '*' && prev === '/'))
          return true;
        if (/[A-Za-z_$]/.test(c)) {
          this.key = 'bare';
          return true;
        }
        return false;
      case 'bare':
        if (/[\w$-]/.test(c)) return true;
        if (c === ':') this.key = 'value';
        else if (isSpace(c)) this.key = 'after';
        else return false;
        return true;
      case 'after':
        if (c === ':') this.key = 'value';
        else if (!isSpace(c) && c !== '/' && c !== '#' && !(c === '*' && prev === '/')) return false;
        return true;
      case 'value':
        if (c === '[') this.brackets++;
        else if (c === ']') this.brackets = Math.max(0, this.brackets - 1);
        else if (c === ',' && this.brackets === 0) this.key = 'expect';
        return true;
    }
  }
}

/** Adjacent text merges into one segment, so callers see fewer, larger pieces. */
function emitText(out: Segment[], text: string): void {
  if (!text) return;
  const last = out[out.length - 1];
  if (last?.type === 'text') last.text += text;
  else out.push({ type: 'text', text });
}

function emitThinking(out: Segment[], text: string): void {
  if (!text) return;
  const last = out[out.length - 1];
  if (last?.type === 'thinking') last.text += text;
  else out.push({ type: 'thinking', text });
}

function emitPunct(out: Segment[], text: string): void {
  if (text) out.push({ type: 'punct', text });
}

/** Does an unfinished object look like the start of a command (for "cut off inside a command")? */
export function looksLikeCommand(raw: string): boolean {
  return /["'“]?(operation|action)["'”]?\s*:/i.test(raw);
}
