// The routes a view may call (htmx over postMessage): each request validated, run, answered with fragments.
import { z } from '../core/z';
import { messageOf, UserError } from '../core/errors';
import { FromWebviewSchema, type ToWebview } from '../core/protocol';
import type { TaskService } from '../store/taskService';
import {
  deletedStatus,
  listPage,
  newTaskInput,
  PAGE_SIZE,
  panel,
  type PanelState,
  panelPart,
  profileBar,
  profileDeleteConfirm,
  profileForm,
  taskEditor,
  taskRow,
  unavailablePanel,
} from '../views/fragments';
import { type Html, html } from '../views/html';
import type { ChatSession } from './chatSession';
import { statusOob, type ViewSink } from './viewHub';

/**
 * What the router needs of the app (TasksApp implements it): the shown folder's service and
 * state, the chat's actions, the folder switch and the log. Narrow on purpose, so this file reads
 * alone and a test can route against a stand-in.
 */
export interface RouterApp {
  readonly folders: readonly { readonly key: string }[];
  readonly chat: Pick<ChatSession, 'send' | 'stop' | 'clear' | 'confirm' | 'undo'>;
  service(): Promise<TaskService>;
  state(service: TaskService): PanelState;
  folderState(): Pick<PanelState, 'folders' | 'activeFolder' | 'storageNote'>;
  switchFolder(key: string): Promise<void>;
  attachView(view: ViewSink): void;
  log(level: 'info' | 'warn' | 'error', message: string): void;
}

/** What a handler gets: the service of the shown folder, path parameters and the form body. */
interface RouteContext {
  app: RouterApp;
  service: TaskService;
  id: number;
  /** A second number in the path (`/chat/apply/:id/:index`). */
  index: number;
  form: URLSearchParams;
}

type Handler = (ctx: RouteContext) => Promise<Html>;

const Id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** The routes a view may call. `:id` is a positive integer; anything else is a 404. */
const ROUTES: [method: 'GET' | 'POST', pattern: string, handler: Handler][] = [
  ['GET', '/view', async ({ app, service, form }) => panel(app.state(service), panelPart(form.get('part')))],

  ['POST', '/tasks', async ({ service, form }) => {
    await service.addTask(form.get('name'));
    return html`${statusOob()}${newTaskInput('true', form.get('name') ?? '')}`;
  }],
  ['POST', '/tasks/order', async ({ service, form }) => {
    const ids = (form.get('ids') ?? '').split(',').filter(Boolean).map((s) => Id.parse(s));
    await service.reorder(ids);
    return statusOob();
  }],
  ['POST', '/tasks/:id/toggle', async ({ service, id }) => (await service.toggleTask(id), statusOob())],
  ['POST', '/tasks/:id/delete', async ({ service, id }) => deletedStatus((await service.deleteTask(id)).name)],
  ['POST', '/tasks/:id/move', async ({ service, id, form }) => {
    const delta = z.coerce.number().int().min(-1000).max(1000).parse(form.get('delta'));
    await service.moveTask(id, delta);
    return statusOob();
  }],
  ['GET', '/tasks/page', async ({ service, form }) => {
    const offset = z.coerce.number().int().min(0).parse(form.get('offset'));
    const profileId = service.activeProfile().id;
    const { open, done } = service.counts(profileId);
    return listPage(service.tasks(profileId, PAGE_SIZE, offset), offset, open + done);
  }],
  ['GET', '/tasks/:id/edit', async ({ service, id }) => taskEditor(service.requireTask(id))],
  ['GET', '/tasks/:id/row', async ({ service, id }) => taskRow(service.requireTask(id))],
  ['POST', '/tasks/:id/rename', async ({ service, id, form }) => {
    const task = service.requireTask(id);
    const name = form.get('name') ?? '';
    try {
      return html`${taskRow(await service.renameTask(id, name))}${statusOob()}`;
    } catch (err) {
      if (!(err instanceof UserError) || err.code !== 'invalid') throw err;
      return taskEditor(task, name, err.message);
    }
  }],

  ['POST', '/chat', async ({ app, form }) => (await app.chat.send(form.get('text')), statusOob())],
  ['POST', '/chat/stop', async ({ app }) => (await app.chat.stop(), statusOob())],
  ['POST', '/chat/clear', async ({ app }) => (await app.chat.clear(), statusOob())],

  ['POST', '/chat/apply/:id/:index', async ({ app, id, index }) => (await app.chat.confirm(id, index, true), statusOob())],
  ['POST', '/chat/reject/:id/:index', async ({ app, id, index }) => (await app.chat.confirm(id, index, false), statusOob())],
  ['POST', '/chat/undo/:id/:index', async ({ app, id, index }) => {
    const labels = await app.chat.undo(id, index);
    return statusOob(`Undid: ${labels.join(', ')}`);
  }],
  ['POST', '/chat/undo/:id', async ({ app, id }) => {
    const labels = await app.chat.undo(id);
    return statusOob(`Undid ${labels.length} change${labels.length === 1 ? '' : 's'} from that reply.`);
  }],

  ['POST', '/undo', async ({ service }) => {
    const label = await service.undo();
    return statusOob(label ? `Undid: ${label}` : 'Nothing to undo.');
  }],

  ['GET', '/profiles/bar', async ({ service }) => profileBar(service.profiles(), service.activeProfile())],
  ['GET', '/profiles/new', async () => profileForm({ create: true })],
  ['POST', '/profiles', async ({ service, form }) => {
    const name = form.get('name') ?? '';
    try {
      await service.createProfile(name);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      return profileForm({ create: true }, name, err.message);
    }
    // The change was pushed to every view, this one included: the bar is already back.
    return statusOob();
  }],
  ['POST', '/profiles/switch', async ({ service, form }) => {
    await service.switchProfile(Id.parse(form.get('profileId')));
    return statusOob();
  }],
  ['GET', '/profiles/:id/rename', async ({ service, id }) => profileForm({ rename: service.requireProfile(id) }, service.requireProfile(id).name)],
  ['POST', '/profiles/:id/rename', async ({ service, id, form }) => {
    const profile = service.requireProfile(id);
    const name = form.get('name') ?? '';
    try {
      await service.renameProfile(id, name);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      return profileForm({ rename: profile }, name, err.message);
    }
    return statusOob();
  }],
  ['GET', '/profiles/:id/delete', async ({ service, id }) =>
    profileDeleteConfirm(service.requireProfile(id), service.tasks(id).length)],
  ['POST', '/profiles/:id/delete', async ({ service, id }) => {
    const profile = await service.deleteProfile(id).catch((err: unknown) => {
      if (err instanceof UserError) return err;
      throw err;
    });
    if (profile instanceof UserError) {
      return html`${profileBar(service.profiles(), service.activeProfile(), 'true')}${statusOob(profile.message, 'error')}`;
    }
    return statusOob(`Deleted profile “${profile.name}”. Undo brings it back with its tasks.`);
  }],

];

type ListFreeHandler = (ctx: Pick<RouteContext, 'app' | 'form'>) => Promise<Html>;

/** Routes that run without opening the shown folder's list. */
const WITHOUT_LIST: [method: 'POST', pattern: string, handler: ListFreeHandler][] = [
  ['POST', '/folders/switch', async ({ app, form }) => {
    const key = form.get('folder') ?? '';
    if (!app.folders.some((f) => f.key === key)) throw new UserError('That folder is no longer open. Pick one from the list.', 'not-found');
    await app.switchFolder(key);
    return statusOob();
  }],
];

const compile = (pattern: string) => new RegExp(`^${pattern.replace(':id', '([^/]+)').replace(':index', '(\\d{1,6})')}$`);
type Compiled = { method: string; regex: RegExp } & ({ handler: Handler; withoutList?: undefined } | { handler?: undefined; withoutList: ListFreeHandler });
const COMPILED: Compiled[] = [
  ...ROUTES.map(([method, pattern, handler]) => ({ method, regex: compile(pattern), handler })),
  ...WITHOUT_LIST.map(([method, pattern, withoutList]) => ({ method, regex: compile(pattern), withoutList })),
];

/** Parses, routes and answers one message from a view. Never throws: every failure is an answer. */
export async function handleMessage(app: RouterApp, message: unknown, view: ViewSink): Promise<ToWebview | undefined> {
  const parsed = FromWebviewSchema.safeParse(message);
  if (!parsed.success) {
    app.log('warn', `Ignored a malformed message from a view: ${preview(message)}`);
    // Answer when we can tell which request it was, so the view does not wait forever.
    const id = (message as { id?: unknown } | null)?.id;
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0) return undefined;
    return answer(id, 400, statusOob('The panel sent a request the extension could not read. Reload the panel.', 'error'));
  }
  const msg = parsed.data;
  if (msg.type === 'log') {
    app.log(msg.level === 'warn' ? 'warn' : msg.level, `[webview] ${msg.message}`);
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(msg.path, 'http://panel');
    if (url.origin !== 'http://panel') throw new Error('not a path of the panel');
  } catch {
    app.log('warn', `Ignored a request for an unreadable path: ${preview(msg.path)}`);
    return answer(msg.id, 400, statusOob('The panel asked for a path the extension could not read. Reload the panel.', 'error'));
  }
  const route = COMPILED.find((r) => r.method === msg.method && r.regex.test(url.pathname));
  if (!route) {
    app.log('warn', `No route for ${msg.method} ${url.pathname}`);
    return answer(msg.id, 404, statusOob(`The panel asked for something unknown (${msg.method} ${url.pathname}). Reload the panel.`, 'error'));
  }
  const rawId = route.regex.exec(url.pathname)?.[1];
  // Only a task route's `:id` is a task id (others are message or profile ids).
  const taskId = url.pathname.startsWith('/tasks/') ? rawId : undefined;
  try {
    const id = rawId === undefined ? 0 : parseId(rawId);
    // A new view is attached before its first render, so pushes sent meanwhile (the model
    // loading, say) are never older than what the render shows.
    if (url.pathname === '/view') app.attachView(view);
    const form = new URLSearchParams(msg.method === 'GET' ? url.search : msg.body);
    // Switching folders needs no list: a shown folder whose list cannot open must not keep you there.
    if (route.withoutList) return answer(msg.id, 200, await route.withoutList({ app, form }));
    const service = await app.service().catch((err: unknown) => {
      // The first render of a folder that cannot open still shows the folder picker and why.
      if (url.pathname === '/view' && err instanceof UserError) return err;
      throw err;
    });
    if (service instanceof UserError) return answer(msg.id, 200, unavailablePanel(app.folderState(), service.message, panelPart(form.get('part'))));
    // A view may only touch tasks of the profile it shows (the webview is untrusted).
    if (url.pathname.startsWith('/tasks/') && rawId !== undefined) {
      const task = service.task(id);
      if (task && task.profile_id !== service.activeProfile().id) {
        throw new UserError(`No task #${id} in this list. Reload the panel.`, 'not-found');
      }
    }
    const index = Number(route.regex.exec(url.pathname)?.[2] ?? 0);
    const fragment = await route.handler({ app, service, id, index, form });
    return answer(msg.id, 200, fragment);
  } catch (err) {
    if (err instanceof UserError) return answer(msg.id, 200, await errorAnswer(app, err, taskId));
    if (err instanceof z.ZodError) {
      app.log('warn', `Bad input for ${msg.method} ${url.pathname}: ${err.issues.map((i) => i.message).join('; ')}`);
      return answer(msg.id, 400, statusOob('The panel sent a value the extension could not use. Reload the panel.', 'error'));
    }
    app.log('error', `${msg.method} ${url.pathname} failed: ${err instanceof Error ? err.stack : String(err)}`);
    return answer(msg.id, 500, statusOob(messageOf(err), 'error'));
  }
}

/**
 * The error message, and for a task route the row as it really is now (the click may have shown a
 * stale state). `rawId` is the path's id only when it names a task.
 */
async function errorAnswer(app: RouterApp, err: UserError, rawId: string | undefined): Promise<Html> {
  const message = statusOob(err.message, 'error');
  if (rawId === undefined || !/^\d+$/.test(rawId)) return message;
  try {
    const service = await app.service();
    const task = service.task(Number(rawId));
    const shown = task && task.profile_id === service.activeProfile().id;
    return html`${message}${shown ? taskRow(task, 'true') : html`<li id="task-${Number(rawId)}" hx-swap-oob="delete"></li>`}`;
  } catch {
    return message;
  }
}

function parseId(raw: string): number {
  const id = Id.safeParse(raw);
  if (!id.success) throw new UserError(`“${raw.slice(0, 40)}” is not an id. Reload the panel.`);
  return id.data;
}

function answer(id: number, statusCode: number, fragment: Html): ToWebview {
  return { type: 'response', id, status: statusCode, html: fragment.text };
}

/** A short, always printable rendering of untrusted input, for the log. */
function preview(message: unknown): string {
  try {
    return String(JSON.stringify(message)).slice(0, 200);
  } catch {
    try {
      return String(message).slice(0, 200);
    } catch {
      return `a ${typeof message} that cannot be shown`;
    }
  }
}

