// Unit: the views' HTML — escaping, task rows, the panel's counts and profiles, the shell's CSP, view parts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHAT_EXAMPLES } from '../../src/core/examples';
import { escapeHtml, html, raw } from '../../src/views/html';
import { chatLog } from '../../src/views/chat';
import { panel, type PanelState, taskEditor, taskRow } from '../../src/views/fragments';
import { shell } from '../../src/views/shell';

const evil = `"><script>alert(1)</script><img src=x onerror=alert(1) hx-get="/x">'\``;

test('html escapes every interpolation unless it is Html', () => {
  assert.equal(html`<p title="${evil}">${evil}</p>`.text.includes('<script>'), false);
  assert.equal(html`${raw('<b>x</b>')}`.text, '<b>x</b>');
  assert.equal(html`${['<a>', html`<b></b>`]}`.text, '&lt;a&gt;<b></b>');
  assert.equal(html`${null}${undefined}${false}${0}`.text, '0');
  assert.equal(escapeHtml(`&<>"'\``), '&amp;&lt;&gt;&quot;&#39;&#96;');
});

test('a task row carries the name only as escaped text and attribute values', () => {
  const row = taskRow({ id: 7, profile_id: 1, name: evil, done: true, priority: 0 }).text;
  assert.ok(!row.includes('<script>') && !row.includes('<img'));
  assert.ok(!/\shx-get="\/x"/.test(row), 'no htmx attribute from data');
  assert.match(row, /class="task is-done"/);
  assert.match(row, /id="check-7"[^>]*checked/);
  const editor = taskEditor({ id: 7, profile_id: 1, name: evil, done: false, priority: 0 }, evil, `bad ${evil}`).text;
  assert.ok(!editor.includes('<script>'));
  assert.match(editor, /role="alert"/);
});

test('the panel renders counts, the undo label and the profile list', () => {
  const text = panel({
    folders: [
      { key: 'a', name: 'a' },
      { key: 'b', name: '<b>' },
    ],
    activeFolder: 'b',
    profiles: [
      { id: 1, name: 'Default' },
      { id: 2, name: evil },
    ],
    active: { id: 2, name: evil },
    tasks: [],
    counts: { open: 3, done: 2 },
    undoLabel: 'delete task #4',
    chat: { messages: [], model: 'gemma2:2b', status: { text: 'ready', level: 'info' }, examples: CHAT_EXAMPLES },
  }).text;
  assert.match(text, /3 open · 2 done/);
  assert.match(text, /title="Undo delete task #4 \(Ctrl\+Z\)"/);
  assert.match(text, /<option value="b" selected>&lt;b&gt;<\/option>/);
  assert.match(text, /<option value="2" selected>&quot;&gt;&lt;script&gt;/);
  assert.ok(!text.includes('<script>'));
});

test('the page shell: strict CSP, nonce on the one script, no inline handlers', () => {
  const page = shell({ cspSource: 'https://x.vscode-cdn.net', nonce: 'abc123', scriptUri: 'https://x/webview.js', styleUris: ['https://x/a.css'] });
  const csp = /content="(default-src[^"]*)"/.exec(page)![1].replaceAll('&#39;', "'"); // as the browser decodes it
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'nonce-abc123'/);
  assert.ok(!csp.includes('unsafe-eval') && !csp.includes('unsafe-inline'));
  assert.equal((page.match(/<script/g) ?? []).length, 1);
  assert.match(page, /<script nonce="abc123" src="https:\/\/x\/webview.js">/);
  assert.ok(!/\son[a-z]+=/.test(page));
});

test("each view asks for its part: the sidebar's Tasks view has no chat, its Chat view no list, the editor tab both", () => {
  const state: PanelState = {
    folders: [{ key: 'a', name: 'a' }],
    activeFolder: 'a',
    profiles: [{ id: 1, name: 'Default' }],
    active: { id: 1, name: 'Default' },
    tasks: [{ id: 3, profile_id: 1, name: 'Buy milk', done: false, priority: 0 }],
    counts: { open: 1, done: 0 },
    undoLabel: null,
    chat: { messages: [], model: 'gemma2:2b', status: { text: 'ready', level: 'info' }, examples: CHAT_EXAMPLES },
  };
  const tasks = panel(state, 'tasks').text;
  const chat = panel(state, 'chat').text;
  const all = panel(state).text;
  assert.match(tasks, /id="task-list"/);
  assert.match(tasks, /<header class="part-header">[\s\S]*id="new-task"[\s\S]*<\/header><div class="part-scroll" id="tasks-scroll"><ul id="task-list"/);
  assert.doesNotMatch(tasks, /id="chat/);
  assert.match(chat, /id="chat-log"/);
  assert.doesNotMatch(chat, /id="task-list"|id="new-task"/);
  assert.match(all, /<div class="wide"><section id="tasks"[\s\S]*<section id="chat"/);
  for (const part of ['tasks', 'chat', 'all'] as const) {
    const page = shell({ cspSource: 'c', nonce: 'n', scriptUri: 's', styleUris: [], part });
    assert.match(page, new RegExp(`<body class="part-${part}">\\s*<main id="app" hx-get="/view\\?part=${part}"`));
  }
});

test('an empty conversation offers the example requests as buttons that carry them (escaped), and says what the model can do', () => {
  const examples = { intro: `The model can ${evil}`, requests: ['add buy milk', evil, 'what is left to do?'] };
  const empty = chatLog({ messages: [], examples }).text;
  assert.ok(!empty.includes('<script>') && !empty.includes('<img'), 'a request is escaped in the text and the attribute');
  assert.ok(!/\shx-get="\/x"/.test(empty), 'no htmx attribute from data');
  const buttons = [...empty.matchAll(/<button type="button" class="secondary chat-example" data-example="([^"]*)">/g)].map((m) => m[1]);
  assert.deepEqual(buttons, ['add buy milk', escapeHtml(evil), 'what is left to do?']);
  assert.match(empty, /<p class="chat-empty-intro">The model can &quot;&gt;&lt;script&gt;/);
  // The default requests are the three the issue names, in one place.
  const defaults = chatLog({ messages: [], examples: CHAT_EXAMPLES }).text;
  assert.deepEqual(
    [...defaults.matchAll(/data-example="([^"]*)"/g)].map((m) => m[1]),
    ['add call the plumber', 'I watered the plants', escapeHtml("what's the first thing on my list")],
  );
  // Once the conversation has a message, the log shows it and no examples.
  const talked = chatLog({ messages: [{ id: 1, profileId: 1, role: 'user', content: 'hi', status: 'complete' }], examples }).text;
  assert.match(talked, /id="msg-1"/);
  assert.doesNotMatch(talked, /chat-empty|chat-example/);
});
