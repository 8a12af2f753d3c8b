// Markdown for replies, made safe (no raw HTML, only http(s)/mailto links, images as links), and its blocks.
import MarkdownIt from 'markdown-it';
import { type Html, raw } from './html';

/**
 * Markdown for finished replies. The model's text is untrusted: raw HTML is off (markdown-it then
 * escapes it), markdown-it's own link check refuses `javascript:`, `vbscript:`, `file:` and most
 * `data:` URLs, only http(s) and mailto links stay links, and images become plain links so a
 * reply can never make the webview load anything.
 */
const md = new MarkdownIt({ html: false, linkify: true, breaks: false });
// Only addresses with a scheme (https://…) and e-mail addresses become links: with fuzzy links
// on, file names such as main.py or README.md became links to http://main.py (.py and .md are
// country domains). It also halves the time to render a long reply.
md.linkify.set({ fuzzyLink: false });
// Reference definitions (`[x]: https://…` anywhere) change how earlier text renders, so a block
// shown while the reply streams could change when a later one arrives. Replies use inline links;
// without the rule such a line stays text, the same while streaming and after.
md.disable('reference');

const SAFE_LINK = /^(https?:|mailto:)/i;

const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx];
  const href = token.attrGet('href') ?? '';
  if (!SAFE_LINK.test(href)) {
    token.attrs = []; // keep the text, drop the link
    token.tag = 'span';
    tokens[findClose(tokens, idx)].tag = 'span';
  } else {
    token.attrSet('title', href);
    token.attrSet('rel', 'noopener noreferrer');
  }
  return defaultLinkOpen(tokens, idx, options, env, self);
};

md.renderer.rules.image = (tokens, idx) => {
  const token = tokens[idx];
  const src = token.attrGet('src') ?? '';
  const alt = md.utils.escapeHtml(token.content || 'image');
  if (!SAFE_LINK.test(src)) return `<span class="image-ref">[${alt}]</span>`;
  const href = md.utils.escapeHtml(src);
  return `<a class="image-ref" href="${href}" title="${href}" rel="noopener noreferrer">[image: ${alt}]</a>`;
};

// Table alignment comes out as style="text-align:…", which the strict CSP (no inline styles)
// blocks: use a class instead.
for (const rule of ['th_open', 'td_open'] as const) {
  md.renderer.rules[rule] = (tokens, idx, options, _env, self) => {
    const token = tokens[idx];
    const align = /text-align:\s*(left|center|right)/.exec(token.attrGet('style') ?? '')?.[1];
    token.attrs = (token.attrs ?? []).filter(([name]) => name !== 'style');
    if (align) token.attrSet('class', `align-${align}`);
    return self.renderToken(tokens, idx, options);
  };
}

function findClose(tokens: { type: string }[], open: number): number {
  for (let i = open + 1; i < tokens.length; i++) if (tokens[i].type === 'link_close') return i;
  return open;
}

let renders = 0;
let parsed = 0;

/** How many characters `markdownBlocks` has parsed so far: lets tests check that streaming parses only the open tail. */
export function markdownParsed(): number {
  return parsed;
}

/** How many texts were rendered so far: lets tests check that unchanged replies are not rendered again. */
export function markdownRenders(): number {
  return renders;
}

export function renderMarkdown(text: string): Html {
  renders++;
  // markdown-it escapes every piece of text and attribute it emits, and html is off: its output
  // is the one place a string from outside becomes markup, hence raw().
  return raw(md.render(text));
}

/** One top-level block of a Markdown text: its lines `[start, end)` and its HTML, rendered on demand. */
export interface MarkdownBlock {
  /** markdown-it's token type of the block: `paragraph_open`, `fence`, `bullet_list_open`, … */
  type: string;
  start: number;
  end: number;
  /** The fence's marker (```` ``` ````, `~~~`) for a fenced code block. */
  markup: string;
  html(): string;
}

/**
 * The top-level blocks of a text, in order. Each block's HTML is exactly its part of
 * `renderMarkdown(text)`: markdown-it renders top-level blocks independently (references are off).
 */
export function markdownBlocks(text: string): MarkdownBlock[] {
  parsed += text.length;
  const env = {};
  const tokens = md.parse(text, env);
  const blocks: MarkdownBlock[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const first = tokens[i];
    let last = i;
    if (first.nesting === 1) while (last < tokens.length - 1 && !(tokens[last].level === 0 && tokens[last].nesting === -1)) last++;
    const from = i;
    const to = last;
    const [start, end] = first.map ?? [0, 0];
    blocks.push({ type: first.type, start, end, markup: first.markup, html: () => md.renderer.render(tokens.slice(from, to + 1), md.options, env) });
    i = last;
  }
  return blocks;
}
