// The page-side watch of the hostile tests, installed before any page script: CSP violations, every added element, the whole-document audit.
/**
 * Installed before any script of the page runs (CDP, not subject to the CSP): records CSP
 * violations, watches every added element, and defines the whole-document audit.
 * Plain JavaScript in a string: tsx would add helpers to a function that do not exist in the page.
 */
export const GUARD = String.raw`
(() => {
  window.__violations = [];
  window.__domProblems = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__violations.push(e.violatedDirective + ' blocked=' + e.blockedURI + ' sample=' + (e.sample || '').slice(0, 80));
  });

  const FORBIDDEN = new Set(['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'svg', 'math', 'img', 'image',
    'video', 'audio', 'source', 'track', 'picture', 'style', 'base', 'template', 'noscript', 'marquee', 'portal', 'canvas',
    'xmp', 'plaintext', 'noembed', 'param', 'dialog', 'isindex', 'keygen', 'area', 'map', 'hx-partial', 'hx-oob', 'x',
    'body', 'html', 'head', 'title', 'meta', 'link', 'script', 'fakefake', 'mglyph', 'mtext', 'foreignobject', 'animate', 'set', 'use']);
  const HTML_NS = 'http://www.w3.org/1999/xhtml';
  const URL_ATTRS = /^(src|srcset|srcdoc|formaction|action|poster|background|data|ping|xlink:href|codebase|manifest|dynsrc|lowsrc)$/i;
  const HX_NAMES = new Set(['hx-get', 'hx-post', 'hx-trigger', 'hx-target', 'hx-swap']);
  const short = (el) => el.outerHTML.slice(0, 160);
  const isHx = (name) => name.startsWith('hx-') || name.startsWith('data-hx-');

  /** Checks one element on its own: what no element from anywhere may be or carry. */
  function checkElement(el, out) {
    const tag = el.localName;
    if (el.namespaceURI !== HTML_NS) out.push('foreign-namespace element: ' + short(el));
    const own = el === window.__ownScript || el === document.documentElement || el === document.head || el === document.body || el.parentNode === document.head;
    if (FORBIDDEN.has(tag) && !own) {
      out.push('forbidden element <' + tag + '>: ' + short(el));
    }
    for (const attr of el.attributes) {
      const n = attr.name.toLowerCase();
      if (n.startsWith('on')) out.push('event-handler attribute ' + n + ': ' + short(el));
      if (URL_ATTRS.test(n) && !(el === window.__ownScript && n === 'src')) out.push('URL attribute ' + n + ': ' + short(el));
      if (n === 'href' && !(el.closest && el.closest('head')) && !/^(https?:|mailto:)/i.test(attr.value)) out.push('non-http href: ' + short(el));
      if (n === 'style') out.push('style attribute: ' + short(el));
      // The end of a streamed reply: an empty placeholder where htmx puts back the Markdown already shown.
      const keeps = n === 'hx-preserve' && attr.value === '' && /^msg-\d+-md$/.test(el.id) && el.className === 'md' && !el.firstChild;
      if (isHx(n) && !HX_NAMES.has(n) && !keeps) out.push('unknown htmx attribute ' + n + ': ' + short(el));
      if (n === 'autofocus' && !/^(profile-name|rename-\d+)$/.test(el.id) && !el.matches('#profile-bar > button.danger')) out.push('autofocus from data: ' + short(el));
    }
  }

  // Elements of the page's templates that carry hx- attributes: where they stand and what their
  // values look like. An element from data can only sit inside a text container, so it matches none.
  const N = '(\\d+)';
  const route = (re) => new RegExp('^' + re + '$');
  const RULES = [
    ['body > main#app', { 'hx-get': route('/view\\?part=(tasks|chat|all)'), 'hx-trigger': route('load'), 'hx-swap': route('innerHTML') }],
    ['#tasks > header > form#add-form', { 'hx-post': route('/tasks'), 'hx-target': route('body'), 'hx-swap': route('none') }],
    ['#chat > form#chat-form', { 'hx-post': route('/chat'), 'hx-target': route('body'), 'hx-swap': route('none') }],
    ['#tasks > header > form#profile-bar', { 'hx-post': route('/profiles(/\\d+/rename)?'), 'hx-target': route('this'), 'hx-swap': route('outerHTML') }],
    ['#profile-bar > select#profile-select', { 'hx-post': route('/profiles/switch'), 'hx-trigger': route('change'), 'hx-target': route('body'), 'hx-swap': route('none') }],
    ['#folder-bar > select#folder-select', { 'hx-post': route('/folders/switch'), 'hx-trigger': route('change'), 'hx-target': route('body'), 'hx-swap': route('none') }],
    ['#profile-bar > button', { 'hx-get': route('/profiles/(new|bar|\\d+/rename|\\d+/delete)'), 'hx-post': route('/profiles/\\d+/delete'), 'hx-target': route('#profile-bar|body'), 'hx-swap': route('outerHTML|none') }],
    ['#summary > button#undo', { 'hx-post': route('/undo'), 'hx-target': route('body'), 'hx-swap': route('none') }],
    ['#task-list > li.task > input.check', { 'hx-post': route('/tasks/' + N + '/toggle'), 'hx-target': route('body'), 'hx-swap': route('none') }],
    ['#task-list > li.task > button.name', { 'hx-get': route('/tasks/' + N + '/edit'), 'hx-target': route('#task-' + N), 'hx-swap': route('outerHTML') }],
    ['#task-list > li.task > button.delete', { 'hx-post': route('/tasks/' + N + '/delete'), 'hx-target': route('body'), 'hx-swap': route('none') }],
    ['#task-list > li.task > form.rename', { 'hx-post': route('/tasks/' + N + '/rename'), 'hx-target': route('#task-' + N), 'hx-swap': route('outerHTML') }],
    ['#task-list > li#more > button', { 'hx-get': route('/tasks/page\\?offset=\\d+'), 'hx-target': route('#more'), 'hx-swap': route('outerHTML') }],
    ['#chat-actions > button', { 'hx-post': route('/chat/(stop|clear)'), 'hx-target': route('body'), 'hx-swap': route('none') }],
    ['.msg > .msg-meta > button.link', { 'hx-post': route('/chat/undo/' + N), 'hx-target': route('body'), 'hx-swap': route('none') }],
    ['.chip > button.chip-action', { 'hx-post': route('/chat/(apply|reject|undo)/' + N + '/' + N), 'hx-target': route('body'), 'hx-swap': route('none') }],
  ];

  /** The numbers in an hx- value must be the element's own (its row, its chip, its message). */
  function consistent(el, values) {
    const row = el.closest('li.task');
    if (row) return Object.values(values).every((v) => !/\d/.test(v) || v.includes('/' + row.dataset.id + '/') || v === '#task-' + row.dataset.id);
    const chip = el.closest('.chip');
    if (chip) {
      const m = /^chip-(\d+)-(\d+)$/.exec(chip.id);
      const msg = chip.closest('.msg');
      return !!m && !!msg && msg.id === 'msg-' + m[1] && values['hx-post'].endsWith('/' + m[1] + '/' + m[2]);
    }
    const meta = el.closest('.msg');
    if (el.matches('.msg-meta > button.link')) return !!meta && values['hx-post'] === '/chat/undo/' + meta.id.slice(4);
    return true;
  }

  function checkHx(el, out) {
    const values = {};
    for (const attr of el.attributes) if (isHx(attr.name)) values[attr.name] = attr.value;
    const names = Object.keys(values);
    const powered = el.hasAttribute('data-htmx-powered') || el._htmx !== undefined;
    if (names.length === 0 && !powered) return;
    // htmx also keeps state on the body (the source of pushes), on form parts and on swap targets.
    if (names.length === 0 && (el === document.body || el.id || el.matches('form, input, select, textarea, button'))) return;
    const rule = RULES.find(([sel, allowed]) => el.matches(sel) && names.every((n) => allowed[n] && allowed[n].test(values[n])));
    if (!rule) out.push('htmx attributes on an element that is not a template element: ' + short(el));
    else if (!consistent(el, values)) out.push('htmx attribute pointing elsewhere than its own element: ' + short(el));
  }

  /** Text containers: data goes in them, so they must hold text only. */
  const TEXT_ONLY = '#task-list .name, #profile-select option, #folder-select option, .chip-text, .msg.user .text, #confirm-text, #status span, details.msg pre, #profile-error, p.error[role=alert], label, .chat-status .model';
  const MD_TAGS = new Set(['p', 'a', 'em', 'strong', 'code', 'pre', 'ul', 'ol', 'li', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'del', 's', 'br', 'span']);
  const MD_ATTRS = { a: /^(href|title|rel|class)$/, code: /^class$/, ol: /^start$/, th: /^class$/, td: /^class$/, span: /^class$/ };

  function checkMarkdown(md, out) {
    for (const el of md.querySelectorAll('*')) {
      if (el.closest('.chip')) continue; // chips are template elements (checked by their rules)
      if (el.matches('.chip')) continue;
      if (!MD_TAGS.has(el.localName)) { out.push('element Markdown does not make: ' + short(el)); continue; }
      for (const attr of el.attributes) {
        const ok = MD_ATTRS[el.localName] && MD_ATTRS[el.localName].test(attr.name);
        if (!ok) out.push('attribute Markdown does not make: ' + attr.name + ' in ' + short(el));
        if (attr.name === 'class' && !/^(language-[^\s]*|image-ref|align-(left|center|right))$/.test(attr.value)) out.push('class from data: ' + short(el));
      }
    }
  }

  window.__audit = () => {
    const out = [];
    const scripts = document.querySelectorAll('script');
    if (scripts.length !== 1 || scripts[0] !== window.__ownScript) out.push('scripts: ' + [...scripts].map(short).join(' | '));
    for (const el of document.querySelectorAll('*')) {
      checkElement(el, out);
      checkHx(el, out);
    }
    for (const el of document.querySelectorAll(TEXT_ONLY)) if (el.children.length) out.push('markup inside a text container: ' + short(el));
    for (const el of document.querySelectorAll('.msg-body.streaming .text')) {
      for (const child of el.children) if (!child.matches('.chip')) out.push('markup inside streamed text: ' + short(child));
    }
    for (const md of document.querySelectorAll('.msg-body .md')) checkMarkdown(md, out);
    return out;
  };

  // Every element the moment it is added (after the page's own markup), even if a later swap removes it again.
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      for (const node of r.addedNodes) {
        if (node.nodeType !== 1) continue;
        const out = [];
        for (const el of [node, ...node.querySelectorAll('*')]) checkElement(el, out);
        if (out.length) window.__domProblems.push(...out);
      }
    }
  });
  document.addEventListener('DOMContentLoaded', () => {
    window.__ownScript = document.querySelector('body > script[nonce]');
    observer.observe(document, { childList: true, subtree: true });
  });
})();
`;
