// Answers a view's request (htmx over postMessage): parsed, matched to its route, run, answered with fragments.
import { z } from '../core/z';
import { messageOf, UserError } from '../core/errors';
import { FromWebviewSchema, type ToWebview } from '../core/protocol';
import { panelPart, taskRow, unavailablePanel } from '../views/fragments';
import { type Html, html } from '../views/html';
import { statusOob, type ViewSink } from './viewHub';
import { type Handler, Id, type ListFreeHandler, ROUTES, type RouterApp, WITHOUT_LIST } from './routes';

export type { RouterApp } from './routes';

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
