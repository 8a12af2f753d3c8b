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
