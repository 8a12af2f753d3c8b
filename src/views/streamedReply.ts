// A streaming reply as Markdown block by block: completed blocks rendered once, the open tail as plain text.
import type { Chip } from '../core/chips';
import { callsParagraph, chip, chipMark, dropCommandFences, stripMarks, withChips } from './chips';
import { type Html, escapeHtml, html, raw } from './html';
import { type MarkdownBlock, markdownBlocks } from './markdown';

/**
 * A reply as it streams: every block that is complete (no later text can change how it renders)
 * is Markdown at once and is rendered only once; only the unfinished tail is plain, escaped text.
 * Each step parses just that tail, so its cost follows the open block, not the whole reply, and
 * the finished reply is the blocks already made plus its last one: the same HTML as the whole
 * reply rendered at once (`renderReply`), so the final swap changes nothing anyone sees. That
 * swap sends only the last blocks and the bubble's finished shell (`endOfStream`), never the
 * blocks shown already, so the end of a long reply costs the host no more than any other step.
 *
 * The bubble holds `#msg-N-md` (the completed blocks), `#msg-N-text` (the tail) and
 * `#msg-N-calls` (chips that have no place in the text: native tool calls, structured commands).
 */
export class StreamedReply {
  /** The Markdown source after the completed blocks (chips as marks). */
  private tail = '';
  /** The tail's last, unfinished line (what follows its last line break). */
  private line = '';
  /** The completed blocks' HTML, chip marks still in (chips change state after their block is done). */
  private readonly done: string[] = [];
  /** Chips outside the text, in order. */
  private readonly calls: number[] = [];
  /** While the tail is one unclosed fence: the only kind of line that can end it. */
  private closing: RegExp | undefined;
  /**
   * While the tail is one open paragraph or list: which whole lines leave it open (so the tail
   * need not be parsed again for them). Without it a reply written as one long list, or lines
   * with no blank line between, was parsed whole at every line: 100 kB took 33–67 s of the host.
   */
  private continues: ((line: string, before: string) => boolean) | undefined;
  /** The tail's last whole line (the one before `line`): a lazy line continues a list item only after a line that is not blank. */
  private before = '';

  constructor(
    private readonly messageId: number,
    private readonly chips: readonly (Chip | undefined)[],
  ) {}

  /** Prose arrived (commands already withheld): the push that shows it. */
  text(text: string): Html {
    const clean = stripMarks(text);
    if (!clean) return html``;
    // The lines this text touches: the unfinished one before it and the text (never the whole tail,
    // which stays a rope of pieces until it is parsed: reading it would copy all of it each time).
    const touched = this.line + clean;
    this.tail += clean;
    const br = clean.lastIndexOf('\n');
    this.line = br === -1 ? touched : clean.slice(br + 1);
    const before = this.before;
    if (br !== -1) this.before = touched.slice(touched.lastIndexOf('\n', touched.length - this.line.length - 2) + 1, touched.length - this.line.length - 1);
    // A block ends only at a line break; until one comes the text is appended as it is.
    const completed = br !== -1 ? this.advance(touched, before) : '';
    return completed ? this.replaceTail(completed) : html`<span hx-swap-oob="beforeend:#msg-${this.messageId}-text">${clean}</span>`;
  }

  /** A chip where its command stood (`inline`), or one that belongs to no place in the text. */
  chip(c: Chip, inline: boolean): Html {
    const where = inline ? 'text' : 'calls';
    if (inline) {
      this.tail += ` ${chipMark(c.index)} `;
      this.line += ` ${chipMark(c.index)} `;
    } else this.calls.push(c.index);
    return html`<span hx-swap-oob="beforeend:#msg-${this.messageId}-${where}">${chip(this.messageId, c)}</span>`;
  }

  /** The whole streaming body as it stands (a view that opens mid-reply). */
  body(): Html {
    return html`<div id="msg-${this.messageId}-md" class="md">${raw(this.withChips(this.done))}</div>${this.tailParts()}`;
  }

  /**
   * The reply has ended: the rest of the tail rendered once. `last` is only the blocks that adds
   * (what the final push appends after the blocks the views already show); `whole` is the whole
   * reply's Markdown, the same HTML as `renderReply`, joined only when something asks for it (a
   * later whole-panel render), with the chips as they stand now. `body()` is left as it was, so a
   * view that renders before the final push goes out is brought to the end by that push.
   */
  finish(): { last: () => Html; whole: () => Html } {
    const rest = markdownBlocks(dropCommandFences(this.tail) + callsParagraph(this.calls)).map((block) => block.html());
    const blocks = this.done.concat(rest);
    const chips = this.chips.map((c) => c && { ...c });
    const id = this.messageId;
    return {
      // With the chips as they stand when it is pushed (an Apply may land before the push goes out).
      last: () => raw(this.withChips(rest)),
      whole: () => raw(blocks.map((p) => (p.includes('\uE000') ? withChips(id, p, chips) : p)).join('')),
    };
  }

  /** The body of a reply that has just started. */
  static empty(messageId: number): Html {
    return new StreamedReply(messageId, []).body();
  }

  /** Moves the blocks the tail completed into `done`; returns their HTML (chips as they stand now). */
  private advance(touched: string, before: string): string {
    if (this.closing) {
      // Only a fence line can end an open fence: look at the lines the new text touched, nothing more.
      this.closing.lastIndex = 0;
      if (!this.closing.test(touched)) return '';
      this.closing = undefined;
    }
    if (this.continues && lineList(touched).every((line, i, lines) => this.continues!(line, i ? lines[i - 1] : before))) return '';
    this.tail = dropCommandFences(this.tail);
    const br = this.tail.lastIndexOf('\n');
    this.line = this.tail.slice(br + 1);
    this.before = br === -1 ? '' : this.tail.slice(this.tail.lastIndexOf('\n', br - 1) + 1, br);
    const lines = lineStarts(this.tail);
    const blocks = markdownBlocks(this.tail);
    let complete = blocks.length - 1;
    const last = blocks.at(-1);
    if (last && completeAlone(last, this.tail, lines)) complete++;
    if (last && complete < blocks.length && last.type === 'fence' && last.end >= lines.length) this.closing = closingFence(last.markup);
    this.continues = last && complete === blocks.length - 1 ? continuing(last) : undefined;
    if (complete <= 0) return '';
    const made = blocks.slice(0, complete).map((b) => b.html());
    this.done.push(...made);
    const cut = complete < blocks.length ? blocks[complete].start : blocks[complete - 1].end;
    this.tail = this.tail.slice(cut < lines.length ? lines[cut] : this.tail.length);
    return this.withChips(made);
  }

  private replaceTail(completed: string): Html {
    const id = this.messageId;
    return html`<div hx-swap-oob="beforeend:#msg-${id}-md">${raw(completed)}</div><span id="msg-${id}-text" class="text" hx-swap-oob="true">${raw(this.tailHtml())}</span>`;
  }

  private tailParts(): Html {
    const id = this.messageId;
    return html`<span id="msg-${id}-text" class="text">${raw(this.tailHtml())}</span><span id="msg-${id}-calls" class="calls">${raw(this.withChips(this.calls.map(chipMark)))}</span>`;
  }

  /** The tail as plain text: escaped, with its chips. */
  private tailHtml(): string {
    return withChips(this.messageId, escapeHtml(this.tail), this.chips);
  }

  private withChips(parts: readonly string[]): string {
    return parts.map((p) => (p.includes('\uE000') ? withChips(this.messageId, p, this.chips) : p)).join('');
  }
}

/**
 * The lines of `touched` (the unfinished line before new text, and the text): the whole ones,
 * and the line still being written when it has begun (a parse sees it as the start of the next
 * block, so it may end the open one).
 */
function lineList(touched: string): string[] {
  const lines = touched.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** Where each line of `text` starts. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/**
 * Whether the last block is done even though no block follows it yet. Lists and indented code
 * go on after blank lines, so they wait for the next block; a paragraph, a table or a quote ends
 * at a blank line; a heading or a rule at its line break; a fence at its closing line.
 */
function completeAlone(block: MarkdownBlock, text: string, lines: number[]): boolean {
  // `lines.length - 1` is the line still being written: only lines before it are whole.
  const whole = lines.length - 1;
  const lineText = (n: number) => text.slice(lines[n], n + 1 < lines.length ? lines[n + 1] - 1 : text.length);
  switch (block.type) {
    case 'heading_open':
    case 'hr':
      return block.end <= whole;
    case 'fence':
      return block.end - 1 > block.start && block.end <= whole && closingFence(block.markup).test(lineText(block.end - 1));
    case 'paragraph_open':
    case 'table_open':
    case 'blockquote_open':
      return block.end < whole && lineText(block.end).trim() === '';
    default:
      return false;
  }
}

/** A thematic break (`***`, `- - -`): it ends a list even when it starts like an item. */
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;

/**
 * For an open paragraph or list (the last block, nothing after it), a test of the whole lines
 * that surely leave it open, so the tail need not be parsed again for them; any other line
 * (blank, or one that may start, interrupt or turn it into another block) parses the tail as
 * before. A line wrongly taken as continuing would only keep the block plain until the next
 * parse, never render it wrongly; the tests list the lines each kind keeps.
 */
function continuing(block: MarkdownBlock): ((line: string, before: string) => boolean) | undefined {
  if (block.type === 'paragraph_open') return plain;
  if (block.type === 'bullet_list_open' || block.type === 'ordered_list_open') {
    // Another item with the same marker, an indented line (inside an item), a blank line, or a
    // plain line right after one that is not blank (it goes on the item's last paragraph).
    const marker = block.type === 'bullet_list_open' ? `\\${block.markup}` : `\\d{1,9}\\${block.markup}`;
    const item = new RegExp(`^ {0,3}${marker}(?:[ \\t]|$)`);
    return (line, before) => line.trim() === '' || /^(?: {2,}|\t)/.test(line) || (item.test(line) && !RULE.test(line)) || (before.trim() !== '' && plain(line));
  }
  return undefined;
}

/**
 * A line that goes on a paragraph: not blank, no table cell, not indented past 3, and no
 * heading, quote, fence, rule, list item, setext underline or HTML at its start.
 */
function plain(line: string): boolean {
  return !line.includes('|') && /^ {0,3}[^\s#>`~*+\-=_<]/.test(line) && !/^ {0,3}\d{1,9}[.)]/.test(line);
}

/** A line that closes a fence opened with `markup`: the same character, at least as many, nothing after. */
function closingFence(markup: string): RegExp {
  const char = markup[0] === '~' ? '~' : '`';
  return new RegExp(`^ {0,3}${char}{${markup.length},}[ \\t]*$`, 'm');
}
