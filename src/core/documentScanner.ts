/**
 * Reads ONE JSON document while it streams: the structured protocol's reply,
 * `{"commands": [ … ], "reply": "…"}` (in any key order), or the guided protocol's,
 * `{"actions": [ {"op": "answer", "text": "…"}, … ]}` (DocumentShape says which). Each chunk is scanned once, character by
 * character, against JSON's whole grammar (a stack of open objects and arrays, strings with their
 * escapes, numbers, literals): O(n), nothing re-read. What it hands on, as soon as it can:
 * - `text`: the `reply` string (guided: the `text` of an element whose `op` came first and is
 *   `answer`), decoded (escapes, `\uXXXX`, surrogate pairs), as it arrives;
 * - `element`: one element of `commands` (`actions`), whole, the moment it closes (JSON already
 *   checked), and whether its text already came out as `text`;
 * - `broken`: once, at the first character that is not JSON (a server that ignores `format`, a
 *   model that wrote prose), with the reason; that element's text and all later text come out
 *   raw, as `text`;
 * - `cut`: from end(), when the stream stopped before the document closed, with the element that
 *   was being written (never handed on as an element: a half-written command never runs).
 * The output is the same whatever the chunk boundaries.
 */

export type DocSegment =
  | { type: 'text'; text: string }
  | { type: 'element'; raw: string; streamed: boolean }
  | { type: 'broken'; reason: string; text: string }
  | { type: 'cut'; reason: string; raw: string };

/** Which document: where its elements are, and which string streams out as text. */
export interface DocumentShape {
  /** The top-level key of the array whose elements are handed on. */
  list: string;
  /** A top-level string member that streams (structured: `reply`). */
  reply?: string;
  /** An element's string member that streams when the element's first member is `op: <value>` (guided: `text` of `answer`). */
  elementText?: { key: string; op: string };
}

export const STRUCTURED_SHAPE: DocumentShape = { list: 'commands', reply: 'reply' };
export const GUIDED_SHAPE: DocumentShape = { list: 'actions', elementText: { key: 'text', op: 'answer' } };

/** What may come next, outside strings, numbers and literals. */
type Expect = 'doc' | 'keyOrEnd' | 'key' | 'colon' | 'value' | 'valueOrEnd' | 'commaOrEnd' | 'after';

const EXPECTED: Record<Expect, string> = {
  doc: '`{` (the reply must be one JSON object)',
  keyOrEnd: 'a key or `}`',
  key: 'a key',
  colon: '`:`',
  value: 'a value',
  valueOrEnd: 'a value or `]`',
  commaOrEnd: '`,` or the end of the object or array',
  after: 'nothing after the closing `}`',
};

const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

export class DocumentScanner {
  private expect: Expect = 'doc';
  /** Open containers, outermost first: `{` or `[`. */
  private readonly stack: ('{' | '[')[] = [];
  /** Inside a string: what it is (a top-level key, an element's key, the op, a deeper key, the streamed text, any other value). */
  private str: 'key' | 'elementKey' | 'op' | 'subkey' | 'reply' | 'other' | null = null;
  /** 0: no escape; 1: after `\`; 2–5: reading the hex digits of `\u`. */
  private esc = 0;
  private hex = 0;
  /** A number being read (checked whole when it ends), or the rest of `true`/`false`/`null`. */
  private num: string | null = null;
  private lit = '';
  /** The top-level key just read, and the member whose value is being read. */
  private key = '';
  private member: 'reply' | 'commands' | 'other' = 'other';
  /** The raw text of the `commands` element being read, in pieces; null when none is. */
  private parts: string[] | null = null;
  /** In the element being read: its key just read, its `op` so far (when `op` came first), whether its text streamed. */
  private elementKey = '';
  private op: string | null = null;
  private streamed = false;
  /** A high surrogate at the end of the decoded text, held until its low half arrives. */
  private high = '';
  private pos = 0;
  private broken = false;

  constructor(private readonly shape: DocumentShape = STRUCTURED_SHAPE) {}

  /** True once the document closed (only whitespace may follow). */
  get complete(): boolean {
    return this.expect === 'after' && !this.broken;
  }

  push(chunk: string): DocSegment[] {
    const out: DocSegment[] = [];
    if (this.broken) {
      if (chunk) out.push({ type: 'text', text: chunk });
      return out;
    }
    let text = '';
    /** Where the element being captured starts in this chunk (0 when it began before). */
    let capStart = 0;
    const flushText = () => {
      const all = this.high + text;
      text = '';
      const last = all.charCodeAt(all.length - 1);
      const hold = last >= 0xd800 && last <= 0xdbff;
      this.high = hold ? all.slice(-1) : '';
      const shown = hold ? all.slice(0, -1) : all;
      if (shown) out.push({ type: 'text', text: shown });
    };
    /** A value ended just before `end` (exclusive): a whole `commands` element is handed on. */
    const ended = (end: number) => {
      this.expect = this.stack.length === 0 ? 'after' : 'commaOrEnd';
      if (this.parts && this.stack.length === 2) {
        this.parts.push(chunk.slice(capStart, end));
        out.push({ type: 'element', raw: this.parts.join(''), streamed: this.streamed });
        this.parts = null;
      }
    };
    const fail = (i: number, reason: string) => {
      flushText();
      this.flushHigh(out);
      const held = this.parts ? this.parts.join('') + chunk.slice(capStart, i) : '';
      this.broken = true;
      this.parts = null;
      out.push({ type: 'broken', reason: `${reason} at character ${this.pos + i + 1}`, text: held + chunk.slice(i) });
    };
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (this.str !== null) {
        if (this.esc === 0) {
          if (c === '"') {
            const kind = this.str;
            this.str = null;
            if (kind === 'key' || kind === 'subkey' || kind === 'elementKey') this.expect = 'colon';
            else {
              if (kind === 'reply') {
                flushText();
                this.flushHigh(out);
              }
              ended(i + 1);
            }
          } else if (c === '\\') this.esc = 1;
          else if (c < ' ') return this.failed(out, fail, i, 'a control character inside a string');
          else if (this.str === 'reply') text += c;
          else this.addChar(c, () => undefined);
        } else if (this.esc === 1) {
          if (c === 'u') {
            this.esc = 2;
            this.hex = 0;
          } else if (SIMPLE_ESCAPES[c] !== undefined) {
            this.esc = 0;
            this.addChar(SIMPLE_ESCAPES[c], (s) => (text += s));
          } else return this.failed(out, fail, i, `an unknown escape \\${c}`);
        } else {
          const d = parseInt(c, 16);
          if (Number.isNaN(d)) return this.failed(out, fail, i, 'a \\u escape without four hex digits');
          this.hex = this.hex * 16 + d;
          if (++this.esc === 6) {
            this.esc = 0;
            this.addChar(String.fromCharCode(this.hex), (s) => (text += s));
          }
        }
        continue;
      }
      if (this.num !== null) {
        if ((c >= '0' && c <= '9') || c === '.' || c === 'e' || c === 'E' || c === '+' || c === '-') {
          this.num += c;
          continue;
        }
        const valid = NUMBER.test(this.num);
        this.num = null;
        if (!valid) return this.failed(out, fail, i, 'a malformed number');
        ended(i); // the character that ended the number is read again below
      }
      if (this.lit) {
        if (c !== this.lit[0]) return this.failed(out, fail, i, 'a misspelt true, false or null');
        this.lit = this.lit.slice(1);
        if (!this.lit) ended(i + 1);
        continue;
      }
      if (c === ' ' || c === '\n' || c === '\r' || c === '\t') continue;
      const top = this.stack[this.stack.length - 1];
      switch (this.expect) {
        case 'keyOrEnd':
        case 'key':
          if (c === '"') {
            this.str = this.stack.length === 1 ? 'key' : this.inElement() ? 'elementKey' : 'subkey';
            if (this.stack.length === 1) this.key = '';
            if (this.str === 'elementKey') this.elementKey = '';
          } else if (c === '}' && this.expect === 'keyOrEnd') this.close(ended, i);
          else return this.failed(out, fail, i, `${EXPECTED[this.expect]} expected, found ${JSON.stringify(c)}`);
          break;
        case 'colon':
          if (c !== ':') return this.failed(out, fail, i, `\`:\` expected, found ${JSON.stringify(c)}`);
          this.expect = 'value';
          break;
        case 'commaOrEnd':
          if (c === ',') this.expect = top === '{' ? 'key' : 'value';
          else if ((c === '}' && top === '{') || (c === ']' && top === '[')) this.close(ended, i);
          else return this.failed(out, fail, i, `${EXPECTED.commaOrEnd} expected, found ${JSON.stringify(c)}`);
          break;
        case 'valueOrEnd':
        case 'value':
        case 'doc':
          if (c === ']' && this.expect === 'valueOrEnd') {
            this.close(ended, i);
            break;
          }
          if (this.expect === 'doc' && c !== '{') return this.failed(out, fail, i, `${EXPECTED.doc} expected, found ${JSON.stringify(c)}`);
          if (this.stack.length === 1) this.member = this.key === this.shape.reply ? 'reply' : this.key === this.shape.list ? 'commands' : 'other';
          if (this.stack.length === 2 && top === '[' && this.member === 'commands') {
            this.parts = [];
            capStart = i;
            this.op = null;
            this.streamed = false;
          }
          if (c === '{' || c === '[') {
            this.stack.push(c);
            this.expect = c === '{' ? 'keyOrEnd' : 'valueOrEnd';
          } else if (c === '"') this.str = this.stack.length === 1 && this.member === 'reply' ? 'reply' : this.elementString();
          else if (c === '-' || (c >= '0' && c <= '9')) this.num = c;
          else if (c === 't') this.lit = 'rue';
          else if (c === 'f') this.lit = 'alse';
          else if (c === 'n') this.lit = 'ull';
          else return this.failed(out, fail, i, `${EXPECTED.value} expected, found ${JSON.stringify(c)}`);
          break;
        case 'after':
          return this.failed(out, fail, i, `${EXPECTED.after}, found ${JSON.stringify(c)}`);
      }
    }
    if (this.parts) this.parts.push(chunk.slice(capStart));
    flushText();
    this.pos += chunk.length;
    return out;
  }

  /** The stream ended: a document that did not close is `cut` (its unfinished element with it). */
  end(): DocSegment[] {
    const out: DocSegment[] = [];
    if (this.broken) return out;
    this.flushHigh(out);
    if (this.expect !== 'after') {
      const raw = this.parts?.join('') ?? '';
      this.parts = null;
      out.push({ type: 'cut', reason: 'the reply ended before its JSON document closed', raw });
    }
    return out;
  }

  private close(ended: (end: number) => void, i: number): void {
    this.stack.pop();
    ended(i + 1);
  }

  /** Appends one decoded character of a string (only the streamed text, the top-level keys, an element's keys and its op are kept). */
  private addChar(ch: string, toText: (s: string) => void): void {
    if (this.str === 'reply') toText(ch);
    else if (this.str === 'key') this.key += ch;
    else if (this.str === 'elementKey') this.elementKey += ch;
    else if (this.str === 'op') this.op += ch;
  }

  /** Directly inside an element of the list (an object in the array). */
  private inElement(): boolean {
    return this.parts !== null && this.stack.length === 3 && this.stack[2] === '{';
  }

  /**
   * What a string value starting here is: an element's `op` (kept, only while it is the element's
   * first member: the schema puts it first, and text that streams must know its op before it
   * comes); its streamed text when the op said so; anything else.
   */
  private elementString(): 'op' | 'reply' | 'other' {
    const wanted = this.shape.elementText;
    if (!wanted || !this.inElement()) return 'other';
    if (this.elementKey === 'op' && this.op === null && !this.streamed) {
      this.op = '';
      return 'op';
    }
    if (this.elementKey === wanted.key && this.op === wanted.op && !this.streamed) {
      this.streamed = true;
      return 'reply';
    }
    return 'other';
  }

  private flushHigh(out: DocSegment[]): void {
    // A high surrogate whose low half never came: handed on alone, as JSON.parse would keep it.
    if (this.high) out.push({ type: 'text', text: this.high });
    this.high = '';
  }

  private failed(out: DocSegment[], fail: (i: number, reason: string) => void, i: number, reason: string): DocSegment[] {
    fail(i, reason);
    return out;
  }
}
