// The fuzz's oracle: which tags and attributes an answer may hold, which change each route may make, and the route table it checks against.
import type { Profile } from '../../src/core/model';
import type { FolderState } from './routerFuzzSetup';

// ---- what the answer may contain ---------------------------------------------------------------

const HX_ATTRS: Record<string, RegExp> = {
  'hx-get': /^\/(view|profiles\/(new|bar|\d+\/(rename|delete))|tasks\/\d+\/(edit|row)|tasks\/page\?offset=\d+)$/,
  'hx-post':
    /^\/(tasks(\/order|\/\d+\/(toggle|delete|rename|move))?|chat(\/(stop|clear|apply\/\d+\/\d+|reject\/\d+\/\d+|undo\/\d+(\/\d+)?))?|undo|profiles(\/switch|\/\d+\/(rename|delete))?|folders\/switch)$/,
  'hx-trigger': /^(load|change)$/,
  'hx-target': /^(body|this|#profile-bar|#task-\d+|#more)$/,
  'hx-swap': /^(none|innerHTML|outerHTML)$/,
  'hx-swap-oob': /^(true|delete|innerHTML|beforeend:#[\w-]+|(beforeend|beforebegin) target:#[\w-]+ strip:false)$/,
  // The end of a streamed reply keeps the Markdown shown in place (endOfStream, bubbleState).
  'hx-preserve': /^$/,
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
export function auditHtml(html: string): string[] {
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
        else if (a === 'hx-preserve' && !/^<div id="msg-\d+-md" class="md" hx-preserve>$/.test(tag))
          problems.push(`hx-preserve on another element: ${tag.slice(0, 120)}`);
      }
    }
  }
  return problems;
}

// ---- what a request may change ---------------------------------------------------------------

export const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The change a request made to the folder it was sent to, against what its route allows.
 * `route` is "METHOD /pattern" of the route the request matched (or undefined).
 */
export function allowedChange(route: string | undefined, id: number, before: FolderState, after: FolderState): string | undefined {
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
export const ROUTES: [method: string, pattern: string][] = [
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

export function routeOf(method: string, rawPath: string): { route: string; id: number; idText?: string } | undefined {
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
