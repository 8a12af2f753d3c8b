// Thousands of seeded random and malformed webview messages to the host router, then targeted attacks: huge bodies, other folders, hidden profiles.
/**
 * The webview is untrusted: thousands of random and malformed messages to the host router
 * (seeded, so a failure replays). Random JSON values, wrong field types, huge bodies and paths,
 * unknown routes, path traversal, wrong verbs, random form bodies, ids of tasks and profiles of
 * the other profile and of the other folder.
 *
 * After every message:
 * - the host did not throw; the answer is undefined (nothing to answer) or a response with the
 *   message's id, a status, and HTML whose tags and attributes are the templates' own (no data
 *   became markup, no hx-/on* attribute from data);
 * - a request that failed says so in an element with role="alert"; no request ends in a 500;
 * - the change to the two databases is one the route may make: GETs, refused and unknown
 *   requests change nothing; a task route changes only that task; nothing ever touches the folder
 *   that is not shown.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FromWebviewSchema, MAX_BODY, type ToWebview } from '../../src/core/protocol';
import { openService } from '../helpers';
import { allowedChange, auditHtml, ROUTES, routeOf, same } from './routerFuzzChecks';
import { ids, randomMessage } from './routerFuzzMessages';
import { app, COUNT, logs, prng, pushes, SEED, snapshot, useFuzzApp, view } from './routerFuzzSetup';

useFuzzApp();

// ---- the run ----------------------------------------------------------------------------------

test(`${COUNT} random and malformed messages (seed ${SEED}): no throw, clear errors, no change a route may not make`, async () => {
  const r = prng(SEED);
  const problems: string[] = [];
  const stats = { total: 0, malformed: 0, unknown: 0, routed: 0, refused: 0, changed: 0, undefinedAnswers: 0, byStatus: {} as Record<number, number> };
  let known = await ids();
  for (let n = 1; n <= COUNT; n++) {
    // Switch folders now and then (as the folder picker does), so both are the shown one in turn.
    if (n % 500 === 0) await app.switchFolder(app.activeFolder === 'one' ? 'two' : 'one');
    if (n % 50 === 0) known = await ids();
    const message = randomMessage(r, known, n);
    const label = `#${n} ${JSON.stringify(message)?.slice(0, 200)}`;
    const before = await snapshot();
    const pushedBefore = pushes.length;
    let reply: ToWebview | undefined;
    try {
      reply = await app.handle(message, view);
    } catch (err) {
      problems.push(`${label}: threw ${String(err)}`);
      continue;
    }
    const after = await snapshot();
    stats.total++;

    const parsed = FromWebviewSchema.safeParse(message);
    const m = message as { type?: unknown; id?: unknown; method?: unknown; path?: unknown; body?: unknown };
    if (!parsed.success) {
      stats.malformed++;
      if (typeof m?.body === 'string' && m.body.length > MAX_BODY && reply) assert.equal(reply.type === 'response' && reply.status, 400);
    }
    if (reply === undefined) {
      stats.undefinedAnswers++;
      const answerable = parsed.success ? parsed.data.type === 'request' : typeof m?.id === 'number' && Number.isInteger(m.id) && m.id >= 0;
      if (answerable) problems.push(`${label}: no answer to a request with an id`);
    } else {
      if (reply.type !== 'response') problems.push(`${label}: answered with ${reply.type}`);
      else {
        stats.byStatus[reply.status] = (stats.byStatus[reply.status] ?? 0) + 1;
        if (reply.id !== m.id) problems.push(`${label}: answered id ${reply.id}`);
        if (reply.status >= 500)
          problems.push(
            `${label}: status ${reply.status}: ${reply.html
              .replace(/<[^>]+>/g, '')
              .trim()
              .slice(0, 200)}`,
          );
        const failed = reply.status !== 200 || /role="alert"/.test(reply.html);
        if (reply.status !== 200 && !/role="alert"/.test(reply.html)) problems.push(`${label}: status ${reply.status} without role="alert"`);
        if (failed) stats.refused++;
        for (const p of auditHtml(reply.html)) problems.push(`${label}: answer: ${p}`);
      }
    }
    for (const html of pushes.slice(pushedBefore)) for (const p of auditHtml(html)) problems.push(`${label}: push: ${p}`);

    // What changed, against what the route may change.
    const route = parsed.success && parsed.data.type === 'request' ? routeOf(parsed.data.method, parsed.data.path) : undefined;
    if (parsed.success && parsed.data.type === 'request') {
      if (route) stats.routed++;
      else {
        stats.unknown++;
        if (reply?.type === 'response' && !(reply.status === 404 || reply.status === 400)) problems.push(`${label}: unknown route answered ${reply.status}`);
      }
    }
    const shown = before.activeFolder;
    for (const key of Object.keys(before.folders)) {
      const { active: shownBefore, ...b } = before.folders[key];
      const { active: shownAfter, ...a } = after.folders[key];
      if (same(b, a)) {
        if (shownBefore !== shownAfter) problems.push(`${label}: the shown profile changed from #${shownBefore} to #${shownAfter}, and nothing else did`);
        continue;
      }
      stats.changed++;
      if (key !== shown) problems.push(`${label}: changed folder ${key}, which was not shown`);
      else if (!parsed.success || parsed.data.type !== 'request') problems.push(`${label}: a malformed message changed the list`);
      else {
        const wrong = allowedChange(route?.route, route?.id ?? NaN, before.folders[key], after.folders[key]);
        if (wrong) problems.push(`${label}: ${wrong}`);
      }
    }
    if (after.activeFolder !== before.activeFolder && route?.route !== 'POST /folders/switch') problems.push(`${label}: the shown folder changed`);
    if (!app.folders.some((f) => f.key === after.activeFolder)) problems.push(`${label}: shown folder is ${after.activeFolder}`);
    if (process.env.FUZZ_DEBUG && problems.length) {
      console.log(logs.slice(-40).join('\n'));
      break;
    }
    if (problems.length > 30) break;
  }
  await app.chat.stop();
  await app.chat.idle();
  console.log(`fuzz: ${JSON.stringify(stats)}`);
  assert.deepEqual(problems, []);
  assert.equal(stats.total, COUNT);
  // The mix really exercised each kind.
  assert.ok(stats.malformed > COUNT * 0.1 && stats.unknown > COUNT * 0.05 && stats.routed > COUNT * 0.4, JSON.stringify(stats));
  assert.ok(stats.changed > COUNT * 0.05, `only ${stats.changed} requests changed anything`);
  // (The fuzz's own log messages come back as "[webview] …" lines; the host's own errors must not.)
  const errors = logs.filter((l) => l.startsWith('error') && !l.startsWith('error: [webview]'));
  assert.deepEqual(errors, []);
});

test('bodies over the 64 KB limit are refused whole, on every route, and change nothing', async () => {
  const before = await snapshot();
  let n = 100_000;
  for (const [method, pattern] of ROUTES) {
    const reply = await app.handle(
      { type: 'request', id: ++n, method, path: pattern.replace(':id', '1').replace(':index', '0'), body: `name=${'x'.repeat(MAX_BODY)}` },
      view,
    );
    assert.ok(reply?.type === 'response' && reply.status === 400 && /role="alert"/.test(reply.html), `${method} ${pattern}`);
  }
  assert.deepEqual(await snapshot(), before);
});

test('ids of the other folder never reach it; an unknown folder key is refused and the shown folder stays', async () => {
  const shown = app.activeFolder;
  const other = app.folders.find((f) => f.key !== shown)!.key;
  const before = await snapshot();
  let n = 200_000;
  const send = (method: string, p: string, body = '') => app.handle({ type: 'request', id: ++n, method, path: p, body }, view);
  for (const key of ['three', `../${other}`, other.toUpperCase(), ` ${other}`, `${shown}/../${other}`, '', '__proto__', 'constructor', 'toString']) {
    const reply = await send('POST', '/folders/switch', `folder=${encodeURIComponent(key)}`);
    assert.ok(reply?.type === 'response' && /role="alert"/.test(reply.html), key);
    assert.equal(app.activeFolder, shown, key);
  }
  for (const t of before.folders[other].tasks) {
    for (const action of ['toggle', 'delete', 'rename', 'move']) await send('POST', `/tasks/${t.id}/${action}`, 'name=renamed&delta=1');
  }
  assert.deepEqual((await snapshot()).folders[other], before.folders[other]);
});

test('a task of a profile that is not shown cannot be toggled, renamed, moved, deleted or opened by id', async () => {
  const s = await app.service();
  const hidden = s.profiles().find((p) => p.id !== s.activeProfile().id)!;
  const task = await s.addTask('in another profile', { profileId: hidden.id });
  await s.addTask('its neighbour', { profileId: hidden.id });
  const before = await snapshot();
  let n = 300_000;
  for (const [method, action, body] of [
    ['POST', 'toggle', ''],
    ['POST', 'rename', 'name=renamed'],
    ['POST', 'move', 'delta=1'],
    ['POST', 'delete', ''],
    ['GET', 'edit', ''],
    ['GET', 'row', ''],
  ]) {
    const reply = await app.handle({ type: 'request', id: ++n, method, path: `/tasks/${task.id}/${action}`, body }, view);
    assert.ok(reply?.type === 'response' && /role="alert"/.test(reply.html), `${action}: ${JSON.stringify(reply)}`);
    assert.ok(reply?.type === 'response' && !reply.html.includes('in another profile'), `${action} showed the hidden task`);
  }
  assert.deepEqual(await snapshot(), before);
});

test('a message that cannot be turned into text (a cycle, a BigInt, no toString) gets no answer and no throw', async () => {
  const cyclic: Record<string, unknown> = { toString: 1, valueOf: 1 };
  cyclic.self = cyclic;
  for (const message of [cyclic, { type: 'x', n: 10n, toString: 1 }, undefined, Object.create(null)]) {
    assert.equal(await app.handle(message, view), undefined);
  }
});

test('a path that is no URL relative to the panel ("//[", "//a b/view", "//evil.example/view") gets an error answer, no throw', async () => {
  const before = await snapshot();
  for (const p of ['//[', '//a b/view', '//%/view', '//x:99999/view', '//evil.example/view', '/\\evil.example/view']) {
    const reply = await app.handle({ type: 'request', id: 400_001, method: 'GET', path: p, body: '' }, view).catch((err: unknown) => err);
    const answer = reply as ToWebview | Error;
    assert.ok(
      !(answer instanceof Error) && answer.type === 'response' && answer.status === 400 && answer.html.includes('role="alert"'),
      `${p}: ${String(reply)}`,
    );
  }
  assert.deepEqual(await snapshot(), before);
});

test('once the shown profile is deleted, creating another profile does not change the shown one', async () => {
  const { service: s } = await openService();
  const work = await s.createProfile('Work'); // shown: Work
  await s.deleteProfile(work.id); // shown: Default, the only one left
  assert.equal(s.activeProfile().name, 'Default');
  const archive = await s.createProfile('Archive', false); // created, not switched to; sorts before Default
  assert.equal(s.activeProfile().name, 'Default', 'creating a profile without switching changed the shown one');
  await s.renameProfile(archive.id, 'AAA');
  assert.equal(s.activeProfile().name, 'Default', 'renaming another profile changed the shown one');
});
