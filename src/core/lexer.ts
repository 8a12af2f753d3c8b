/**
 * The one lexer of loose JSON as small models write it: strings ("…", “…”, '…', ‘…’), escapes,
 * comments (//, /* *\/, #) and the last significant character. The streaming scanner reads objects
 * with it, and the normalizer prepares an object for jsonrepair with it, so both agree on where a
 * string or a comment starts and ends. It reads one character at a time and keeps no text.
 */

export type Quote = '"' | "'" | '”' | '’';

export class JsonLexer {
  /** The closing quote of the string being read, or null outside strings. */
  quote: Quote | null = null;
  comment: 'line' | 'block' | null = null;
  /** The character before the current one (for `//`, `/*`, `*\/`, `#`). */
  prev = '';
  /** The last character outside strings and comments, not a space (a `'` after a letter is an apostrophe). */
  sig = '';
  /** True after `skip` when a string ended at (or just before) this character. */
  ended = false;
  private escaped = false;
  /** Just read what may close a single-quoted string: the next character says (`'Don't'`). */
  private closing = false;

  /** Starts again, as if `start` had just been read outside any string (`{` for an object). */
  reset(start: string): void {
    this.quote = null;
    this.comment = null;
    this.escaped = false;
    this.closing = false;
    this.prev = start;
    this.sig = start;
    this.ended = false;
  }

  /** Whether a single quote just read is waiting for the next character to say if it closed the string. */
  get pendingClose(): boolean {
    return this.closing;
  }

  /**
   * First half of reading `c`: inside a comment or a string it is consumed (true). Outside both
   * it is not (false), and the caller handles it, then calls `code(c)`. `ended` says whether a
   * string ended here: on its closing quote (consumed), or, for a single-quoted string, on the
   * character after the quote and its spaces (not consumed: it is read outside the string).
   * `before` is the character before `c`.
   */
  skip(c: string): boolean {
    this.before = this.prev;
    this.prev = c;
    this.ended = false;
    if (this.comment === 'line') {
      if (c === '\n') this.comment = null;
      return true;
    }
    if (this.comment === 'block') {
      if (this.before === '*' && c === '/') this.comment = null;
      return true;
    }
    if (this.quote && this.closing) {
      if (c === ' ' || c === '\t') return true;
      this.closing = false;
      if (endsSingleQuoted(c)) this.endString(); // it was the closing quote: read c outside the string
    }
    if (this.quote) {
      if (this.escaped) this.escaped = false;
      else if (c === '\\') this.escaped = true;
      else if (c === '\n' && this.quote !== '"') this.endString();
      else if (c === this.quote) {
        if (this.quote === "'" || this.quote === '’') this.closing = true;
        else this.endString();
      }
      return true;
    }
    return false;
  }

  /** The character before the one `skip` just read. */
  before = '';

  /**
   * Second half, for a character outside strings and comments: notes it as significant and
   * starts a string or a comment where it does. Returns true when `c` started one.
   */
  code(c: string): boolean {
    const sig = this.sig;
    if (!isSpace(c) && c !== '/' && c !== '*' && c !== '#') this.sig = c;
    switch (c) {
      case '"':
        this.quote = c;
        return true;
      case "'":
        if (!startsValue(sig)) return false;
        this.quote = c;
        return true;
      case '“':
        this.quote = '”';
        return true;
      case '‘':
        if (!startsValue(sig)) return false;
        this.quote = '’';
        return true;
      case '/':
        if (this.before !== '/') return false;
        this.comment = 'line';
        return true;
      case '*':
        if (this.before !== '/') return false;
        this.comment = 'block';
        return true;
      case '#':
        if (!(this.before === '' || isSpace(this.before) || this.before === ',' || this.before === '{')) return false;
        this.comment = 'line';
        return true;
      default:
        return false;
    }
  }

  private endString(): void {
    this.quote = null;
    this.ended = true;
  }
}

/**
 * Prepares an object for jsonrepair: removes `# comments` outside strings (jsonrepair handles //
 * and /* *\/ itself) and rewrites single-quoted strings ('…', ‘…’) as JSON strings, where a quote
 * not followed by , : } ] is an apostrophe ('Don't panic'; jsonrepair would turn it into `"`).
 * Strings and comments are read by the scanner's own lexer (JsonLexer), so the two cannot disagree.
 */
export function prepareForRepair(raw: string): string {
  const lex = new JsonLexer();
  lex.reset('');
  let out = '';
  /** The JSON string being written for a single-quoted one, or null. */
  let single: string | null = null;
  /** Inside `single`: a backslash waiting for the character it escapes. */
  let escaping = false;
  /** A quote that may close `single` and the spaces after it, until the next character says. */
  let held = '';
  /** Inside a `#` comment (dropped, up to its newline). */
  let hash = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    const consumed = lex.skip(c);
    if (single !== null) {
      if (lex.ended) {
        // Closed by the held quote (its spaces stay outside), or by a newline.
        out += `${single}"${held.slice(1)}`;
        single = null;
        held = '';
        if (consumed) {
          out += c;
          continue;
        }
      } else {
        if (lex.pendingClose) {
          // A quote (or a space after one). A second quote shows the first was an apostrophe.
          if (held && c !== ' ' && c !== '\t') {
            single += held;
            held = '';
          }
          held += c;
          continue;
        }
        single += held; // the held quote was an apostrophe
        held = '';
        if (escaping) {
          single += c === "'" ? "'" : `\\${c}`; // \' needs no escape in JSON; other escapes stay as written
          escaping = false;
        } else if (c === '\\') escaping = true;
        else single += c === '"' ? '\\"' : c;
        continue;
      }
    }
    if (consumed) {
      if (hash && c === '\n') hash = false; // the comment is dropped, its newline kept
      if (!hash) out += c;
      continue;
    }
    if (lex.code(c)) {
      if (lex.quote === "'" || lex.quote === '’') {
        single = '"';
        continue;
      }
      if (c === '#') {
        hash = true;
        continue;
      }
    }
    out += c;
  }
  if (single !== null) out += held ? `${single}"${held.slice(1)}` : `${single}${escaping ? '\\' : ''}"`;
  return out;
}

/** Single quotes open a string only where a key or value can start (not in "friend's"). */
export function startsValue(sig: string): boolean {
  return sig === '{' || sig === '[' || sig === ',' || sig === ':' || sig === '';
}

/**
 * After a single quote inside a single-quoted string: does this character (the next one that is
 * not a space) show that the quote closed the string? Otherwise the quote was an apostrophe.
 */
export function endsSingleQuoted(c: string | undefined): boolean {
  return c === undefined || c === ',' || c === ':' || c === '}' || c === ']' || c === '\n' || c === '\r' || c === '/' || c === '#';
}

export function isSpace(c: string): boolean {
  return c === ' ' || c === '\n' || c === '\t' || c === '\r';
}
