// The fuzz's generators: random strings, JSON, ids, paths, form bodies and whole messages, seeded, mixing plausible requests and malformed ones.
import { MAX_BODY } from '../../src/core/protocol';
import { HOSTILE } from '../corpus/hostile';
import { ROUTES } from './routerFuzzChecks';
import { type prng, snapshot } from './routerFuzzSetup';

// ---- the messages -----------------------------------------------------------------------------

export type Rng = ReturnType<typeof prng>;

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

export interface Ids {
  /** Tasks and profiles of the shown folder's shown profile, of its other profiles, and of the other folder. */
  ownTasks: number[];
  otherProfileTasks: number[];
  otherFolderTasks: number[];
  ownProfiles: number[];
  otherFolderProfiles: number[];
}

export async function ids(): Promise<Ids> {
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
export function randomMessage(r: Rng, known: Ids, id: number): unknown {
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
