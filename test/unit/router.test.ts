// Unit: the router — views attached and pushed to, bad requests answered, folder switching, safe log lines.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { routerApp } from '../helpers';

const makeApp = routerApp;

test('the first /view attaches the view; later changes are pushed to it as OOB fragments', async () => {
  const { app, pushes, request } = makeApp();
  const first = await request('GET', '/view');
  assert.equal(first.status, 200);
  assert.match(first.html, /id="task-list"/);
  assert.equal(app.hub.size, 1);
  await request('POST', '/tasks', 'name=Buy+milk');
  const task = (await app.service()).tasks()[0];
  assert.match(pushes.join('\n'), new RegExp(`<li id="task-${task.id}"[^>]*hx-swap-oob="beforebegin target:#list-end strip:false"`));
  assert.match(pushes.join('\n'), /id="summary"[^>]*hx-swap-oob="true"/);
  await request('POST', `/tasks/${task.id}/toggle`);
  assert.match(pushes.join('\n'), new RegExp(`<li id="task-${task.id}" class="task is-done"[^>]*hx-swap-oob="true"`));
  await request('POST', `/tasks/${task.id}/delete`);
  assert.match(pushes.join('\n'), new RegExp(`<li id="task-${task.id}" hx-swap-oob="delete">`));
});

test('unknown routes, bad ids and malformed messages get an error answer and change nothing', async () => {
  const { app, logs, request } = makeApp();
  const unknown = await request('POST', '/tasks/1/explode');
  assert.equal(unknown.status, 404);
  assert.match(unknown.html, /role="alert"[\s\S]*asked for something unknown/);
  assert.match(logs.join('\n'), /No route for POST \/tasks\/1\/explode/);

  const badId = await request('POST', '/tasks/abc/toggle');
  assert.match(badId.html, /“abc” is not an id/);
  const missing = await request('POST', '/tasks/999/toggle');
  assert.match(missing.html, /No task #999/);
  assert.match(missing.html, /<li id="task-999" hx-swap-oob="delete">/);

  const badMove = await request('POST', '/tasks/1/move', 'delta=up');
  assert.equal(badMove.status, 400);

  // A message without a request id cannot be answered (nobody waits for it); one with an id gets a 400.
  const junks: [unknown, number | undefined][] = [
    [null, undefined],
    [42, undefined],
    ['x', undefined],
    [[], undefined],
    [{}, undefined],
    [{ type: 'request' }, undefined],
    [{ type: 'request', id: -1, method: 'GET', path: '/view' }, undefined],
    [{ type: 'request', id: 3, method: 'DELETE', path: '/view' }, 3],
    [{ type: 'request', id: 4, method: 'POST', path: 'no-slash' }, 4],
    [{ type: 'request', id: 5, method: 'POST', path: '/tasks', body: 'x'.repeat(70_000) }, 5],
  ];
  for (const [junk, answeredId] of junks) {
    const reply = await app.handle(junk, { post: () => undefined });
    if (answeredId === undefined) {
      assert.equal(reply, undefined, `${JSON.stringify(junk)} got an answer`);
      continue;
    }
    assert.equal(reply?.type, 'response', `${JSON.stringify(junk).slice(0, 80)} got no answer`);
    assert.equal((reply as { id: number }).id, answeredId);
    assert.equal((reply as { status: number }).status, 400);
    assert.match((reply as { html: string }).html, /role="alert"/);
  }
  assert.equal((await app.service()).tasks().length, 0);
  assert.equal((await app.service()).undoLabel(), null);
});

test('switching folders shows the other folder’s list; each folder has its own file', async () => {
  const { app, pushes, request } = makeApp();
  await request('GET', '/view');
  await request('POST', '/tasks', 'name=in+one');
  await request('POST', '/folders/switch', 'folder=two');
  assert.equal(app.activeFolder, 'two');
  assert.doesNotMatch(pushes.at(-1)!, /in one/);
  assert.match(pushes.at(-1)!, /<option value="two" selected>/);
  await request('POST', '/tasks', 'name=in+two');
  assert.deepEqual(
    (await app.service('one')).tasks().map((t) => t.name),
    ['in one'],
  );
  assert.deepEqual(
    (await app.service('two')).tasks().map((t) => t.name),
    ['in two'],
  );
  const gone = await request('POST', '/folders/switch', 'folder=three');
  assert.match(gone.html, /no longer open/);
});

test('what a view writes to the log stays one line that shows what it holds (no forged lines, ANSI or bidi tricks)', async () => {
  const { app, logs } = makeApp();
  const forged = 'oops\n2026-11-29 08:00:00.000 [info] Opened task list /etc\r\u001B[31mred\u001B[0m \u202Egnp.exe\u202C\u2066x\u2069\u200B\u0000';
  assert.equal(await app.handle({ type: 'log', level: 'error', message: forged }, { post: () => undefined }), undefined);
  const line = logs.at(-1)!;
  assert.equal(
    line,
    'error: [webview] oops\\n2026-11-29 08:00:00.000 [info] Opened task list /etc\\r\\u{1B}[31mred\\u{1B}[0m \\u{202E}gnp.exe\\u{202C}\\u{2066}x\\u{2069}\\u{200B}\\u{0}',
  );
  // A malformed message is described the same way, and cut.
  await app.handle({ type: 'nope', text: `a\nb${'x'.repeat(5000)}` }, { post: () => undefined });
  assert.doesNotMatch(logs.at(-1)!, /[\n\r\u001B]/);
  assert.ok(logs.at(-1)!.length < 400);
  // Emoji, accents and right-to-left letters are text, not tricks: they stay.
  await app.handle({ type: 'log', level: 'info', message: 'café 🎯 שלום' }, { post: () => undefined });
  assert.equal(logs.at(-1), 'info: [webview] café 🎯 שלום');
});
