// Sends every change to every open view as out-of-band fragments: one rendering path, whoever changed it.
import type { ToWebview } from '../core/protocol';
import type { Change } from '../store/taskService';
import type { TaskService } from '../store/taskService';
import { folderBar, PAGE_SIZE, profileBar, status, summary, taskList, taskRow, type PanelState } from '../views/fragments';
import { chatLog, type ChatView } from '../views/chat';
import { type Html, html } from '../views/html';

/** One open view (sidebar, editor tab, a test page): something the host can post messages to. */
export interface ViewSink {
  post(message: ToWebview): unknown;
}

/**
 * Where a fragment lands: `tasks` only touches the task list and its counts, `chat` only the chat.
 * Without one it may touch anything (the whole panel, say).
 */
export type Lane = 'tasks' | 'chat';

/**
 * Sends every change to every open view as out-of-band fragments: one rendering path for changes
 * made by a click in this view, in another view, by a command, by another window or by the model.
 *
 * The fragments pushed in one turn of the event loop go out as one message (`parts`, in order). A
 * streamed reply pushes several per command (the text before it, its chip, the row, the chip's
 * result): one message each made the row's change wait behind the others, one post and one swap
 * at a time, where a click's change needs two messages.
 */
export class ViewHub {
  private readonly views = new Set<ViewSink>();
  private pending: { text: string; lane?: Lane }[] = [];
  private scheduled: ReturnType<typeof setImmediate> | undefined;

  /** Starts pushing to a view; call it once the view has asked for its first render. */
  attach(view: ViewSink): () => void {
    // What was pushed before is not for it (its first render is newer), as when pushes went out at once.
    this.flush();
    this.views.add(view);
    return () => {
      this.flush();
      this.views.delete(view);
    };
  }

  get size(): number {
    return this.views.size;
  }

  /** Queues a fragment for every open view; it goes out with the others of this turn. */
  push(fragment: Html, lane?: Lane): void {
    if (!fragment.text.trim() || this.views.size === 0) return;
    this.pending.push({ text: fragment.text, lane });
    this.scheduled ??= setImmediate(() => this.flush());
  }

  /**
   * Posts what is queued now, as one message. An answer to a view is posted after this, so it
   * never overtakes the pushes made before it.
   */
  flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    if (this.pending.length === 0) return;
    const parts = ordered(this.pending);
    this.pending = [];
    const message: ToWebview = { type: 'push', parts };
    for (const view of this.views) view.post(message);
  }

  /** Pushes what a change touched; a change to the list alone goes in the task list's lane. */
  pushChange(change: Change, service: TaskService, whole: () => PanelState): void {
    this.push(this.render(change, service, whole), change.kind === 'all' ? undefined : 'tasks');
  }

  /** Renders what a change touched, for the profile the panel shows. */
  render(change: Change, service: TaskService, whole: () => PanelState): Html {
    const active = service.activeProfile();
    const counts = () => summary(service.counts(active.id), service.undoLabel(), 'true');
    switch (change.kind) {
      case 'tasks':
        if (change.profileId !== active.id) return html`${counts()}`;
        return html`${change.updated.map((t) => taskRow(t, 'true'))}${change.inserted.map((t) =>
          taskRow(t, 'beforebegin target:#list-end strip:false'),
        )}${change.deleted.map((id) => html`<li id="task-${id}" hx-swap-oob="delete"></li>`)}${counts()}`;
      case 'list':
        if (change.profileId !== active.id) return html`${counts()}`;
        return html`${taskList(service.tasks(active.id, PAGE_SIZE), total(service, active.id), 'true')}${counts()}`;
      case 'all': {
        const state = whole();
        return html`${folderBar(state, 'true')}${profileBar(state.profiles, state.active, 'true')}${taskList(
          state.tasks,
          state.counts.open + state.counts.done,
          'true',
        )}${summary(state.counts, state.undoLabel, 'true')}${chatLog(state.chat, 'true')}`;
      }
    }
  }

  /** Renders the parts of the panel that changed (after a reload: the file was read again). */
  renderParts(parts: { profiles: boolean; list: boolean; summary: boolean; chat: boolean }, service: TaskService, chat: () => ChatView): Html {
    const active = service.activeProfile();
    return html`${parts.profiles ? profileBar(service.profiles(), active, 'true') : ''}${
      parts.list ? taskList(service.tasks(active.id, PAGE_SIZE), total(service, active.id), 'true') : ''
    }${parts.summary ? summary(service.counts(active.id), service.undoLabel(), 'true') : ''}${parts.chat ? chatLog(chat(), 'true') : ''}`;
  }
}

/** The status line, pushed with every answer: cleared on success, the message on failure. */
export function statusOob(message?: string, level: 'info' | 'error' = 'info'): Html {
  return status(message, level, 'true');
}

/**
 * The parts in the order pushed, except that the task list's go first when every part says where it
 * lands: a command's row then shows before its chat text and chip are swapped in. Parts of the
 * two lanes target disjoint elements, so their relative order changes nothing else; within a lane
 * the order stays. A part without a lane (the whole panel) keeps every part where it was.
 */
function ordered(pending: readonly { text: string; lane?: Lane }[]): string[] {
  if (pending.some((p) => p.lane === undefined)) return pending.map((p) => p.text);
  return [...pending.filter((p) => p.lane === 'tasks'), ...pending.filter((p) => p.lane === 'chat')].map((p) => p.text);
}

function total(service: TaskService, profileId: number): number {
  const { open, done } = service.counts(profileId);
  return open + done;
}
