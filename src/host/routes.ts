// The routes a view may call: each path's handler, run on the shown folder's list (or without one).
import { z } from '../core/z';
import { UserError } from '../core/errors';
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
export interface RouteContext {
  app: RouterApp;
  service: TaskService;
  id: number;
  /** A second number in the path (`/chat/apply/:id/:index`). */
  index: number;
  form: URLSearchParams;
}

export type Handler = (ctx: RouteContext) => Promise<Html>;

export const Id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** The routes a view may call. `:id` is a positive integer; anything else is a 404. */
export const ROUTES: [method: 'GET' | 'POST', pattern: string, handler: Handler][] = [
  ['GET', '/view', async ({ app, service, form }) => panel(app.state(service), panelPart(form.get('part')))],

  [
    'POST',
    '/tasks',
    async ({ service, form }) => {
      await service.addTask(form.get('name'));
      return html`${statusOob()}${newTaskInput('true', form.get('name') ?? '')}`;
    },
  ],
  [
    'POST',
    '/tasks/order',
    async ({ service, form }) => {
      const ids = (form.get('ids') ?? '')
        .split(',')
        .filter(Boolean)
        .map((s) => Id.parse(s));
      await service.reorder(ids);
      return statusOob();
    },
  ],
  ['POST', '/tasks/:id/toggle', async ({ service, id }) => (await service.toggleTask(id), statusOob())],
  ['POST', '/tasks/:id/delete', async ({ service, id }) => deletedStatus((await service.deleteTask(id)).name)],
  [
    'POST',
    '/tasks/:id/move',
    async ({ service, id, form }) => {
      const delta = z.coerce.number().int().min(-1000).max(1000).parse(form.get('delta'));
      await service.moveTask(id, delta);
      return statusOob();
    },
  ],
  [
    'GET',
    '/tasks/page',
    async ({ service, form }) => {
      const offset = z.coerce.number().int().min(0).parse(form.get('offset'));
      const profileId = service.activeProfile().id;
      const { open, done } = service.counts(profileId);
      return listPage(service.tasks(profileId, PAGE_SIZE, offset), offset, open + done);
    },
  ],
  ['GET', '/tasks/:id/edit', async ({ service, id }) => taskEditor(service.requireTask(id))],
  ['GET', '/tasks/:id/row', async ({ service, id }) => taskRow(service.requireTask(id))],
  [
    'POST',
    '/tasks/:id/rename',
    async ({ service, id, form }) => {
      const task = service.requireTask(id);
      const name = form.get('name') ?? '';
      try {
        return html`${taskRow(await service.renameTask(id, name))}${statusOob()}`;
      } catch (err) {
        if (!(err instanceof UserError) || err.code !== 'invalid') throw err;
        return taskEditor(task, name, err.message);
      }
    },
  ],

  ['POST', '/chat', async ({ app, form }) => (await app.chat.send(form.get('text')), statusOob())],
  ['POST', '/chat/stop', async ({ app }) => (await app.chat.stop(), statusOob())],
  ['POST', '/chat/clear', async ({ app }) => (await app.chat.clear(), statusOob())],

  ['POST', '/chat/apply/:id/:index', async ({ app, id, index }) => (await app.chat.confirm(id, index, true), statusOob())],
  ['POST', '/chat/reject/:id/:index', async ({ app, id, index }) => (await app.chat.confirm(id, index, false), statusOob())],
  [
    'POST',
    '/chat/undo/:id/:index',
    async ({ app, id, index }) => {
      const labels = await app.chat.undo(id, index);
      return statusOob(`Undid: ${labels.join(', ')}`);
    },
  ],
  [
    'POST',
    '/chat/undo/:id',
    async ({ app, id }) => {
      const labels = await app.chat.undo(id);
      return statusOob(`Undid ${labels.length} change${labels.length === 1 ? '' : 's'} from that reply.`);
    },
  ],

  [
    'POST',
    '/undo',
    async ({ service }) => {
      const label = await service.undo();
      return statusOob(label ? `Undid: ${label}` : 'Nothing to undo.');
    },
  ],

  ['GET', '/profiles/bar', async ({ service }) => profileBar(service.profiles(), service.activeProfile())],
  ['GET', '/profiles/new', async () => profileForm({ create: true })],
  [
    'POST',
    '/profiles',
    async ({ service, form }) => {
      const name = form.get('name') ?? '';
      try {
        await service.createProfile(name);
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
        return profileForm({ create: true }, name, err.message);
      }
      // The change was pushed to every view, this one included: the bar is already back.
      return statusOob();
    },
  ],
  [
    'POST',
    '/profiles/switch',
    async ({ service, form }) => {
      await service.switchProfile(Id.parse(form.get('profileId')));
      return statusOob();
    },
  ],
  ['GET', '/profiles/:id/rename', async ({ service, id }) => profileForm({ rename: service.requireProfile(id) }, service.requireProfile(id).name)],
  [
    'POST',
    '/profiles/:id/rename',
    async ({ service, id, form }) => {
      const profile = service.requireProfile(id);
      const name = form.get('name') ?? '';
      try {
        await service.renameProfile(id, name);
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
        return profileForm({ rename: profile }, name, err.message);
      }
      return statusOob();
    },
  ],
  ['GET', '/profiles/:id/delete', async ({ service, id }) => profileDeleteConfirm(service.requireProfile(id), service.tasks(id).length)],
  [
    'POST',
    '/profiles/:id/delete',
    async ({ service, id }) => {
      const profile = await service.deleteProfile(id).catch((err: unknown) => {
        if (err instanceof UserError) return err;
        throw err;
      });
      if (profile instanceof UserError) {
        return html`${profileBar(service.profiles(), service.activeProfile(), 'true')}${statusOob(profile.message, 'error')}`;
      }
      return statusOob(`Deleted profile “${profile.name}”. Undo brings it back with its tasks.`);
    },
  ],
];

export type ListFreeHandler = (ctx: Pick<RouteContext, 'app' | 'form'>) => Promise<Html>;

/** Routes that run without opening the shown folder's list. */
export const WITHOUT_LIST: [method: 'POST', pattern: string, handler: ListFreeHandler][] = [
  [
    'POST',
    '/folders/switch',
    async ({ app, form }) => {
      const key = form.get('folder') ?? '';
      if (!app.folders.some((f) => f.key === key)) throw new UserError('That folder is no longer open. Pick one from the list.', 'not-found');
      await app.switchFolder(key);
      return statusOob();
    },
  ],
];
