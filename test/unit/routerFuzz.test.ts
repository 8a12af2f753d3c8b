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
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { FromWebviewSchema, MAX_BODY, type ToWebview } from '../../src/core/protocol';
import type { Profile, Task } from '../../src/core/model';
import { TasksApp } from '../../src/host/tasksApp';
import { queryAll } from '../../src/store/tx';
import { HOSTILE } from '../corpus/hostile';
import { type FakeOllama, startFakeOllama } from '../fixtures/fakeOllama';
import { mulberry32 } from '../fixtures/prng';
import { openService, tempDir } from '../helpers';

const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed);
const COUNT = Number(process.env.FUZZ_COUNT ?? 4000);

/** mulberry32: small, fast, good enough to pick test inputs. */
function prng(seed: number) {
  const next = mulberry32(seed);
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}

let ollama: FakeOllama;
let app: TasksApp;
const logs: string[] = [];
const pushes: string[] = [];
const view = { post: (m: ToWebview) => pushes.push(m.html) };

interface FolderState {
  profiles: Profile[];
  /** The profile shown (what activeProfile() says). */
  active: number;
  /** What the file stores as the shown profile. */
  stored: string | undefined;
  tasks: Task[];
}
interface Snapshot {
  activeFolder: string;
  folders: Record<string, FolderState>;
}

async function snapshot(): Promise<Snapshot> {
  const folders: Record<string, FolderState> = {};
  for (const f of app.folders) {
    const s = await app.service(f.key);
    const profiles = s.profiles();
    const stored = s.db.read((db) => queryAll<{ value: string }>(db, "SELECT value FROM meta WHERE key = 'active_profile'")[0]?.value);
    folders[f.key] = { profiles, active: s.activeProfile().id, stored, tasks: profiles.flatMap((p) => s.tasks(p.id)).sort((a, b) => a.id - b.id) };
  }
  return { activeFolder: app.activeFolder, folders };
}

before(async () => {
  ollama = await startFakeOllama();
  const dir = tempDir('ot-fuzz-');
  app = new TasksApp({
    folders: ['one', 'two'].map((key) => ({ key, name: key, dbPath: path.join(dir, key, '.vscode', 'tasks.sqlite') })),
    log: (level, message) => logs.push(`${level}: ${message}`),
    notify: () => undefined,
    llmConfig: async () => ({ host: ollama.url, model: 'gemma2:2b', contextLength: 4096 }),
  });
  // Folder two gets more profiles and tasks than folder one, so its ids exist nowhere in one.
  for (const [key, profiles, perProfile] of [
    ['two', ['Home', 'Work', 'Side'], 6],
    ['one', ['Default2', 'Other'], 4],
  ] as const) {
    const s = await app.service(key);
    const home = s.activeProfile();
    for (const name of profiles) await s.createProfile(name, false);
    for (const p of s.profiles()) for (let i = 0; i < perProfile; i++) await s.addTask(`${key} ${p.name} ${i}`, { profileId: p.id });
    await s.switchProfile(home.id);
  }
  await app.handle({ type: 'request', id: 0, method: 'GET', path: '/view', body: '' }, view); // attach: pushes are audited too
});
after(async () => {
  await app.chat.stop();
  await app.chat.idle();
  app.dispose();
  await ollama.stop();
});

// ---- what the answer may contain ---------------------------------------------------------------

const HX_ATTRS: Record<string, RegExp> = {
  'hx-get': /^\/(view|profiles\/(new|bar|\d+\/(rename|delete))|tasks\/\d+\/(edit|row)|tasks\/page\?offset=\d+)$/,
  'hx-post':
    /^\/(tasks(\/order|\/\d+\/(toggle|delete|rename|move))?|chat(\/(stop|clear|apply\/\d+\/\d+|reject\/\d+\/\d+|undo\/\d+(\/\d+)?))?|undo|profiles(\/switch|\/\d+\/(rename|delete))?|folders\/switch)$/,
  'hx-trigger': /^(load|change)$/,
  'hx-target': /^(body|this|#profile-bar|#task-\d+|#more)$/,
  'hx-swap': /^(none|innerHTML|outerHTML)$/,
  'hx-swap-oob': /^(true|delete|innerHTML|beforeend:#[\w-]+|(beforeend|beforebegin) target:#[\w-]+ strip:false)$/,
};
const TAGS = new Set([
  'section',
  'header',
  'div',
  'p',
  'span',
  'i',
  'label',
  'select',
  'option',
  'button',
  'form',
  'input',
  'textarea',
  'ul',
  'li',
  'h2',
  'details',
  'summary',
  'pre',
  'code',
  'a',
  'em',
  'strong',
  'ol',
  'blockquote',
  'hr',
  'br',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'del',
  's',
  'h1',
  'h3',
  'h4',
  'h5',
  'h6',
]);

/**
 * Reads the tags of an answer. The templates escape `<`, `>` and `"` in data, so every `<…>` is a
 * real tag and every `"…"` a whole attribute value: anything from data that became markup shows
 * up as a tag or attribute the templates do not make.
 */
function auditHtml(html: string): string[] {
  const problems: string[] = [];
  for (const [tag] of html.matchAll(/<[^>]*>/g)) {
    if (tag.startsWith('</')) continue;
    const m = /^<([a-zA-Z][\w-]*)((?:\s+[^\s=>"']+(?:="[^"]*")?)*)\s*\/?>$/.exec(tag);
    if (!m) {
      problems.push(`malformed tag ${tag.slice(0, 120)}`);
      continue;
    }
    const name = m[1].toLowerCase();
    if (!TAGS.has(name)) problems.push(`tag <${name}>: ${tag.slice(0, 120)}`);
    for (const [, attr, value = ''] of m[2].matchAll(/\s+([^\s=>"']+)(?:="([^"]*)")?/g)) {
      const a = attr.toLowerCase();
      if (a.startsWith('on')) problems.push(`handler ${a}: ${tag.slice(0, 120)}`);
      if (/^(src|srcset|srcdoc|style|formaction|action|xlink:href)$/.test(a) && !(a === 'style' && /^text-align:(left|right|center)$/.test(value))) {
        problems.push(`attribute ${a}: ${tag.slice(0, 120)}`);
      }
      if (a === 'href' && !/^(https?:|mailto:)/i.test(value)) problems.push(`href ${value.slice(0, 60)}`);
      if (a.startsWith('hx-') || a.startsWith('data-hx-')) {
        if (!HX_ATTRS[a]) problems.push(`htmx attribute ${a}: ${tag.slice(0, 120)}`);
        else if (!HX_ATTRS[a].test(value)) problems.push(`${a}="${value.slice(0, 80)}" is not one of the panel's own`);
      }
    }
  }
  return problems;
}

// ---- what a request may change ---------------------------------------------------------------

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The change a request made to the folder it was sent to, against what its route allows.
 * `route` is "METHOD /pattern" of the route the request matched (or undefined).
 */
function allowedChange(route: string | undefined, id: number, before: FolderState, after: FolderState): string | undefined {
  const tasksBefore = new Map(before.tasks.map((t) => [t.id, t]));
  const tasksAfter = new Map(after.tasks.map((t) => [t.id, t]));
  const changedTasks = [...new Set([...tasksBefore.keys(), ...tasksAfter.keys()])].filter((k) => !same(tasksBefore.get(k), tasksAfter.get(k)));
  const profilesSame = same(before.profiles, after.profiles);
  // The stored choice; the shown profile must follow it (checked by the caller).
  const activeSame = before.stored === after.stored;
  const nothing = changedTasks.length === 0 && profilesSame && activeSame;
  if (nothing) return undefined;
  const describe = () =>
    `changed tasks ${changedTasks.join(',')}; profiles ${profilesSame ? 'same' : 'changed'}; shown ${before.active}→${after.active}; stored ${before.stored}→${after.stored}`;
  const onlyTasks = profilesSame && activeSame;
  switch (route) {
    case 'POST /undo':
      return undefined; // reverts the newest change of this folder, whatever it was
    case 'POST /tasks': {
      const added = changedTasks.filter((k) => !tasksBefore.has(k));
      const ok = onlyTasks && added.length === 1 && changedTasks.length === 1 && tasksAfter.get(added[0])!.profile_id === before.active;
      return ok ? undefined : `add: ${describe()}`;
    }
    case 'POST /tasks/order': {
      const ok =
        onlyTasks &&
        changedTasks.every((k) => {
          const [b, a] = [tasksBefore.get(k), tasksAfter.get(k)];
          return b && a && b.profile_id === before.active && same({ ...b, priority: 0 }, { ...a, priority: 0 });
        });
      return ok ? undefined : `order: ${describe()}`;
    }
    case 'POST /tasks/:id/toggle':
    case 'POST /tasks/:id/rename':
    case 'POST /tasks/:id/delete': {
      const field = route.endsWith('toggle') ? 'done' : route.endsWith('rename') ? 'name' : undefined;
      const b = tasksBefore.get(id);
      const a = tasksAfter.get(id);
      // Only a task of the shown profile: the view cannot see the others.
      const ok =
        onlyTasks &&
        changedTasks.length === 1 &&
        changedTasks[0] === id &&
        !!b &&
        b.profile_id === before.active &&
        (field ? !!a && same({ ...b, [field]: null }, { ...a, [field]: null }) : !a);
      return ok ? undefined : `${route} #${id}: ${describe()}`;
    }
    case 'POST /tasks/:id/move': {
      const profile = tasksBefore.get(id)?.profile_id;
      const ok =
        onlyTasks &&
        profile === before.active &&
        changedTasks.every((k) => {
          const [b, a] = [tasksBefore.get(k), tasksAfter.get(k)];
          return b && a && b.profile_id === profile && same({ ...b, priority: 0 }, { ...a, priority: 0 });
        });
      return ok ? undefined : `move #${id}: ${describe()}`;
    }
    case 'POST /profiles': {
      const added = after.profiles.filter((p) => !before.profiles.some((q) => q.id === p.id));
      const ok =
        changedTasks.length === 0 &&
        added.length === 1 &&
        after.profiles.length === before.profiles.length + 1 &&
        (activeSame || after.stored === String(added[0].id));
      return ok ? undefined : `create profile: ${describe()}`;
    }
    case 'POST /profiles/switch':
      return changedTasks.length === 0 && profilesSame ? undefined : `switch: ${describe()}`;
    case 'POST /profiles/:id/rename': {
      const byId = (list: Profile[]) => [...list].sort((a, b) => a.id - b.id);
      const [b, a] = [byId(before.profiles), byId(after.profiles)];
      const ok =
        changedTasks.length === 0 &&
        activeSame &&
        same(
          b.map((p) => p.id),
          a.map((p) => p.id),
        ) &&
        b.every((p, i) => p.id === id || same(p, a[i]));
      return ok ? undefined : `rename profile #${id}: ${describe()}`;
    }
    case 'POST /profiles/:id/delete': {
      const ok =
        after.profiles.length === before.profiles.length - 1 &&
        !after.profiles.some((p) => p.id === id) &&
        changedTasks.every((k) => tasksBefore.get(k)?.profile_id === id && !tasksAfter.has(k));
      return ok ? undefined : `delete profile #${id}: ${describe()}`;
    }
    default:
      return `${route ?? 'no route'} changed the list: ${describe()}`;
  }
}

/** The routes, as the router spells them, for the test's own bookkeeping. */
const ROUTES: [method: string, pattern: string][] = [
  ['GET', '/view'],
  ['POST', '/tasks'],
  ['POST', '/tasks/order'],
  ['GET', '/tasks/page'],
  ['POST', '/tasks/:id/toggle'],
  ['POST', '/tasks/:id/delete'],
  ['POST', '/tasks/:id/move'],
  ['GET', '/tasks/:id/edit'],
  ['GET', '/tasks/:id/row'],
  ['POST', '/tasks/:id/rename'],
  ['POST', '/chat'],
  ['POST', '/chat/stop'],
  ['POST', '/chat/clear'],
  ['POST', '/chat/apply/:id/:index'],
  ['POST', '/chat/reject/:id/:index'],
  ['POST', '/chat/undo/:id/:index'],
  ['POST', '/chat/undo/:id'],
  ['POST', '/undo'],
  ['GET', '/profiles/bar'],
  ['GET', '/profiles/new'],
  ['POST', '/profiles'],
  ['POST', '/profiles/switch'],
  ['GET', '/profiles/:id/rename'],
  ['POST', '/profiles/:id/rename'],
  ['GET', '/profiles/:id/delete'],
  ['POST', '/profiles/:id/delete'],
  ['POST', '/folders/switch'],
];

function routeOf(method: string, rawPath: string): { route: string; id: number; idText?: string } | undefined {
  let pathname: string;
  try {
    pathname = new URL(rawPath, 'http://panel').pathname;
  } catch {
    return undefined;
  }
  for (const [m, pattern] of ROUTES) {
    if (m !== method) continue;
    const re = new RegExp(`^${pattern.replace(':id', '([^/]+)').replace(':index', '(\\d{1,6})')}$`);
    const match = re.exec(pathname);
    // The router reads ids with z.coerce.number(): "+1", "01", " 1", "1e0" and "0x1" are all #1.
    if (match) return { route: `${m} ${pattern}`, id: match[1] === undefined || match[1].trim() === '' ? NaN : Number(match[1]), idText: match[1] };
  }
  return undefined;
}

// ---- the messages -----------------------------------------------------------------------------

type Rng = ReturnType<typeof prng>;

function randomString(r: Rng, max = 40): string {
  const pools = ['abcdefghijklmnopqrstuvwxyz0123456789', '<>"\'&`=/\\;:%#?[]{}()!*+,.| \t\r\n', 'éßøπ中文日本語한국어👍🏽👨‍👩‍👧\u202E\u200B\uFEFF\u0000\u0007\u001b'];
  let out = '';
  const n = r.int(max + 1);
  for (let i = 0; i < n; i++) {
    const pool = Array.from(r.pick(pools));
    out += pool[r.int(pool.length)];
  }
  return out;
}

function randomJson(r: Rng, depth = 0): unknown {
  switch (r.int(depth > 3 ? 6 : 9)) {
    case 0:
      return null;
    case 1:
      return r.pick([0, -1, 1.5, 1e308, -0, Number.MAX_SAFE_INTEGER + 2, 42]);
    case 2:
      return r.chance(0.5);
    case 3:
      return randomString(r);
    case 4:
      return r.pick(HOSTILE);
    case 5:
      return r.pick(['request', 'log', 'response', 'push', 'GET', 'POST', '/view', '']);
    case 6:
      return Array.from({ length: r.int(5) }, () => randomJson(r, depth + 1));
    case 7:
    case 8: {
      const o: Record<string, unknown> = {};
      for (let i = r.int(6); i > 0; i--) {
        // An own property, as JSON.parse makes it (even for "__proto__").
        const key = r.pick([
          'type',
          'id',
          'method',
          'path',
          'body',
          'level',
          'message',
          'html',
          'status',
          'toString',
          'valueOf',
          '__proto__',
          'constructor',
          randomString(r, 8),
        ]);
        Object.defineProperty(o, key, { value: randomJson(r, depth + 1), enumerable: true, writable: true, configurable: true });
      }
      return o;
    }
  }
  return undefined;
}

interface Ids {
  /** Tasks and profiles of the shown folder's shown profile, of its other profiles, and of the other folder. */
  ownTasks: number[];
  otherProfileTasks: number[];
  otherFolderTasks: number[];
  ownProfiles: number[];
  otherFolderProfiles: number[];
}

async function ids(): Promise<Ids> {
  const shown = await snapshot();
  const here = shown.folders[shown.activeFolder];
  const there = Object.entries(shown.folders).find(([k]) => k !== shown.activeFolder)![1];
  const hereIds = new Set(here.tasks.map((t) => t.id));
  return {
    ownTasks: here.tasks.filter((t) => t.profile_id === here.active).map((t) => t.id),
    otherProfileTasks: here.tasks.filter((t) => t.profile_id !== here.active).map((t) => t.id),
    otherFolderTasks: there.tasks.map((t) => t.id).filter((id) => !hereIds.has(id)),
    ownProfiles: here.profiles.map((p) => p.id),
    otherFolderProfiles: there.profiles.map((p) => p.id).filter((id) => !here.profiles.some((p) => p.id === id)),
  };
}

function randomId(r: Rng, known: Ids): string {
  const pool = [...known.ownTasks, ...known.otherProfileTasks, ...known.otherFolderTasks, ...known.ownProfiles, ...known.otherFolderProfiles];
  return r.pick([
    () => String(r.pick(pool.length ? pool : [1])),
    () => String(r.pick(known.otherFolderTasks.length ? known.otherFolderTasks : [999])),
    () => String(r.pick(known.otherProfileTasks.length ? known.otherProfileTasks : [999])),
    () =>
      r.pick([
        '0',
        '-1',
        '1.5',
        '1e3',
        '0x10',
        '+1',
        ' 1',
        '01',
        '9007199254740993',
        '99999999999999999999999',
        'NaN',
        'Infinity',
        '',
        '..',
        '%2e%2e',
        '1%2F2',
      ]),
    () => encodeURIComponent(randomString(r, 10)),
  ])();
}

function randomPath(r: Rng, known: Ids): string {
  const segs = [
    'tasks',
    'profiles',
    'chat',
    'apply',
    'reject',
    'undo',
    'view',
    'order',
    'toggle',
    'delete',
    'move',
    'rename',
    'edit',
    'row',
    'switch',
    'folders',
    'page',
    'bar',
    'new',
    'stop',
    'clear',
    '..',
    '.',
    '%2e%2e',
    '%2F',
    '',
    'TASKS',
    'etc',
    'passwd',
  ];
  const kind = r.int(6);
  if (kind === 0) {
    // A real route's shape with a random id.
    const [, pattern] = r.pick(ROUTES);
    return pattern.replace(':id', randomId(r, known)).replace(':index', r.pick(['0', '1', '999999', '1000000', '-1', 'x']));
  }
  if (kind === 1)
    return r.pick([
      '/../../etc/passwd',
      '/tasks/../profiles/new',
      '/tasks/%2e%2e/%2e%2e/view',
      '//evil.example/view',
      '/\\evil',
      '/view#frag',
      '/view?x=<script>',
      '/tasks/1/toggle/',
      '/tasks//toggle',
      '/ view',
      '/view%00',
      '/tasks/page?offset=-1',
      '/tasks/page?offset=1e308',
      '/tasks/page?offset=99999999999999999999',
      '/tasks/page?offset=abc',
      '/tasks/page',
      '//[',
      '//a b/view',
      '//x:99999/view',
    ]);
  if (kind === 2) return `/${'a/'.repeat(r.int(1200))}`; // up to and beyond 2048 characters
  const n = 1 + r.int(5);
  let p = '';
  for (let i = 0; i < n; i++) p += `/${r.chance(0.3) ? randomId(r, known) : r.pick(segs)}`;
  if (r.chance(0.2)) p += `?${encodeURIComponent(randomString(r, 8))}=${encodeURIComponent(randomString(r, 8))}`;
  return p;
}

function randomBody(r: Rng, known: Ids, route?: string): string {
  const form = new URLSearchParams();
  const value = () =>
    r.pick([
      () => r.pick(HOSTILE),
      () => randomString(r, 60),
      () => randomId(r, known),
      () => 'x'.repeat(r.pick([499, 500, 501, 2000])),
      () => '',
      () => ' \t\n ',
    ])();
  const fields = route?.includes('/order')
    ? ['ids']
    : route?.includes('/move')
      ? ['delta']
      : route?.includes('/switch')
        ? [r.pick(['profileId', 'folder'])]
        : ['name', 'text', 'ids', 'delta', 'profileId', 'folder', randomString(r, 6)];
  for (let i = 1 + r.int(3); i > 0; i--) {
    const field = r.pick(fields);
    if (field === 'ids') {
      const pool = [...known.ownTasks, ...known.otherProfileTasks, ...known.otherFolderTasks];
      form.append('ids', Array.from({ length: r.int(8) }, () => (r.chance(0.9) ? String(r.pick(pool.length ? pool : [1])) : randomId(r, known))).join(','));
    } else if (field === 'delta') form.append('delta', r.pick(['1', '-1', '0', '1000', '-1001', '1.5', 'up', '1e3', '']));
    else if (field === 'profileId') form.append('profileId', String(r.pick([...known.ownProfiles, ...known.otherFolderProfiles, 0, -1, 999])));
    else if (field === 'folder') form.append('folder', r.pick(['one', 'two', 'three', '../two', 'TWO', ' two', '', 'one/../two']));
    else form.append(field, value());
  }
  let body = form.toString();
  if (r.chance(0.1)) body += r.pick(['&%FF%FE', '&name=%', '&&&', '&name', '%E0%A4%A']);
  return body;
}

/** A request as the panel would send it, with a real id and the field its route reads. */
function plausibleRequest(r: Rng, known: Ids, id: number): Record<string, unknown> {
  const [method, pattern] = r.pick(ROUTES);
  const task = () => String(r.pick(r.chance(0.8) && known.ownTasks.length ? known.ownTasks : [...known.otherProfileTasks, ...known.otherFolderTasks, 1]));
  const profile = () => String(r.pick(r.chance(0.8) ? known.ownProfiles : [...known.otherFolderProfiles, 999]));
  const target = pattern.startsWith('/profiles/:id') ? profile() : task();
  const p = pattern.replace(':id', target).replace(':index', r.pick(['0', '1']));
  const name = () => (r.chance(0.5) ? r.pick(HOSTILE) : randomString(r, 30));
  const body =
    pattern === '/tasks' || pattern.endsWith('/rename') || pattern === '/profiles'
      ? new URLSearchParams({ name: name() }).toString()
      : pattern === '/tasks/order'
        ? `ids=${[...known.ownTasks]
            .sort(() => r.next() - 0.5)
            .slice(0, 1 + r.int(6))
            .join(',')}`
        : pattern.endsWith('/move')
          ? `delta=${r.pick(['1', '-1', '3', '-1000'])}`
          : pattern === '/profiles/switch'
            ? `profileId=${profile()}`
            : pattern === '/folders/switch'
              ? `folder=${r.pick(['one', 'two'])}`
              : pattern === '/chat'
                ? new URLSearchParams({ text: name() }).toString()
                : '';
  return { type: 'request', id, method, path: p, body };
}

/** One random message: mostly requests of the real shape, some broken in one field, some junk. */
function randomMessage(r: Rng, known: Ids, id: number): unknown {
  if (r.chance(0.35)) return plausibleRequest(r, known, id);
  const kind = r.int(20);
  if (kind === 0) return randomJson(r);
  if (kind === 1) return { type: 'log', level: r.pick(['info', 'warn', 'error', 'debug', 1]), message: r.chance(0.2) ? 'x'.repeat(5000) : randomString(r) };
  const method = r.chance(0.9) ? r.pick(['GET', 'POST']) : r.pick(['get', 'post', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', '', 1]);
  const p = r.chance(0.6)
    ? (() => {
        const [m, pattern] = r.pick(ROUTES);
        return { m, path: pattern.replace(':id', randomId(r, known)).replace(':index', r.pick(['0', '1', '2'])) };
      })()
    : { m: method, path: randomPath(r, known) };
  const msg: Record<string, unknown> = {
    type: 'request',
    id,
    method: r.chance(0.85) ? p.m : method,
    path: p.path,
    body: randomBody(r, known, p.path),
  };
  if (kind === 2) msg.body = r.pick(['x'.repeat(MAX_BODY + 1), `name=${'a'.repeat(MAX_BODY)}`, 'y'.repeat(1_000_000)]);
  if (kind === 3) msg.id = r.pick([-1, 1.5, '7', null, undefined, 2 ** 53, Number.NaN]);
  if (kind === 4) msg.path = r.pick([42, null, '', 'view', 'tasks/1/toggle', `/${'x'.repeat(2048)}`, ['/', 'view']]);
  if (kind === 5) msg.body = r.pick([42, null, { name: 'x' }, ['name=x'], true]);
  if (kind === 6) msg.type = r.pick(['Request', 'response', 'push', '', null]);
  if (kind === 7) delete msg[r.pick(['type', 'id', 'method', 'path'])];
  if (kind === 8) msg.extra = randomJson(r);
  return msg;
}

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
