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
 * Sends every change to every open view as out-of-band fragments: one rendering path for changes
 * made by a click in this view, in another view, by a command, by another window or by the model.
 */
export class ViewHub {
  private readonly views = new Set<ViewSink>();

  /** Starts pushing to a view; call it once the view has asked for its first render. */
  attach(view: ViewSink): () => void {
    this.views.add(view);
    return () => this.views.delete(view);
  }

  get size(): number {
    return this.views.size;
  }

  push(fragment: Html): void {
    if (!fragment.text.trim()) return;
    const message: ToWebview = { type: 'push', html: fragment.text };
    for (const view of this.views) view.post(message);
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

function total(service: TaskService, profileId: number): number {
  const { open, done } = service.counts(profileId);
  return open + done;
}
