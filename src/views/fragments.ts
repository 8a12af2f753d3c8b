// The Tasks part's HTML fragments: folder and profile bars, add box, rows, counts, paging, status.
import type { Counts, Profile, Task } from '../core/model';
import { type ChatView, chatSection } from './chat';
import { type Html, html, icon, type Oob, oobAttr } from './html';

/** Everything the panel shows, read from the host: a view keeps no state of its own. */
export interface PanelState {
  folders: readonly { key: string; name: string }[];
  activeFolder: string;
  /** Where the list lives when it is not a workspace folder (no folder open). */
  storageNote?: string;
  profiles: readonly Profile[];
  active: Profile;
  /** The first page of the list (all of it, up to PAGE_SIZE tasks). */
  tasks: readonly Task[];
  counts: Counts;
  undoLabel: string | null;
  chat: ChatView;
}

/*
 * Actions that change data answer with a status only; the change itself reaches every view
 * (this one included) as a push. They target `body` with swap "none": a push may replace the
 * element that made the request before its answer arrives, and htmx drops answers whose target
 * has left the page.
 */

/** Rows rendered at a time: a 100,000-task list shows its first page and a "Show more" row. */
export const PAGE_SIZE = 1000;

/**
 * Which part of the panel a view shows: the sidebar has a Tasks view and a Chat view (VS Code
 * gives the split, resizing, collapsing and moving Chat elsewhere); the editor tab shows both.
 */
export type PanelPart = 'tasks' | 'chat' | 'all';

export function panelPart(value: string | null | undefined): PanelPart {
  return value === 'tasks' || value === 'chat' ? value : 'all';
}

/** The panel, the answer to a view's first request (and after it is recreated). */
export function panel(state: PanelState, part: PanelPart = 'all'): Html {
  if (part === 'tasks') return tasksSection(state);
  if (part === 'chat') return chatSection(state.chat);
  return html`<div class="wide">${tasksSection(state)}${chatSection(state.chat)}</div>`;
}

/**
 * Both parts pushed out of band (after switching away from a folder whose list could not open):
 * each view replaces the part it shows and ignores the other (htmx drops a push with no target).
 */
export function panelOob(state: PanelState): Html {
  return html`${tasksSection(state, 'true')}${chatSection(state.chat, 'true')}`;
}

/** The Tasks part: a pinned header (folder, profile, add box, status, counts) above the one scrolling list. */
export function tasksSection(state: PanelState, oob?: Oob): Html {
  return html`<section id="tasks" class="part" aria-label="Tasks"${oobAttr(oob)}><header class="part-header">${folderBar(state)}${profileBar(
    state.profiles,
    state.active,
  )}${addForm()}${status()}${summary(state.counts, state.undoLabel)}</header><div class="part-scroll" id="tasks-scroll">${taskList(
    state.tasks,
    state.counts.open + state.counts.done,
  )}
    <p class="empty-hint">No tasks yet. Type one above and press Enter.</p></div></section>`;
}

/** The panel of a folder whose list cannot open (a newer version's file): why, and the folder picker. */
export function unavailablePanel(state: Pick<PanelState, 'folders' | 'activeFolder' | 'storageNote'>, message: string, part: PanelPart = 'all'): Html {
  const tasks = html`<section id="tasks" class="part" aria-label="Tasks"><header class="part-header">${folderBar(state)}${status(message, 'error')}</header></section>`;
  const chat = html`<section id="chat" class="part" aria-label="Chat with the model"><p class="note">This folder’s list cannot open, so its chat cannot either: see the Tasks view.</p></section>`;
  if (part === 'tasks') return tasks;
  if (part === 'chat') return chat;
  return html`<div class="wide">${tasks}${chat}</div>`;
}

/** VS Code's dropdown chevron, drawn over the end of the select before it (the select itself has no ::after). */
const dropdownArrow = html`<span class="dropdown-arrow" aria-hidden="true"></span>`;

export function folderBar(state: Pick<PanelState, 'folders' | 'activeFolder' | 'storageNote'>, oob?: Oob): Html {
  if (state.folders.length <= 1) {
    return html`<div id="folder-bar"${oobAttr(oob)}>${state.storageNote ? html`<p class="note">${state.storageNote}</p>` : ''}</div>`;
  }
  return html`<div id="folder-bar" class="bar"${oobAttr(oob)}>
    <label for="folder-select">Folder</label>
    <select id="folder-select" name="folder" hx-post="/folders/switch" hx-trigger="change" hx-target="body" hx-swap="none">
      ${state.folders.map((f) => html`<option value="${f.key}"${f.key === state.activeFolder ? ' selected' : ''}>${f.name}</option>`)}
    </select>
    ${dropdownArrow}
  </div>`;
}

export function profileBar(profiles: readonly Profile[], active: Profile, oob?: Oob): Html {
  const barButton = (path: string, label: string, codicon: string, tooltip = label) =>
    html`<button type="button" class="icon" hx-get="${path}" hx-target="#profile-bar" hx-swap="outerHTML" aria-label="${label}" title="${tooltip}">${icon(codicon)}</button>`;
  return html`<div id="profile-bar" class="bar"${oobAttr(oob)}>
    <label for="profile-select" class="visually-hidden">Profile</label>
    <select id="profile-select" name="profileId" hx-post="/profiles/switch" hx-trigger="change" hx-target="body" hx-swap="none" title="Profile (task list)">
      ${profiles.map((p) => html`<option value="${p.id}"${p.id === active.id ? ' selected' : ''}>${p.name}</option>`)}
    </select>
    ${dropdownArrow}
    ${barButton('/profiles/new', 'New profile', 'add', 'New profile (another task list)')}
    ${barButton(`/profiles/${active.id}/rename`, `Rename profile “${active.name}”`, 'edit')}
    ${
      profiles.length > 1
        ? barButton(`/profiles/${active.id}/delete`, `Delete profile “${active.name}”`, 'trash')
        : // Refused before asking: the only profile cannot go (the button says why instead).
          html`<button type="button" class="icon" aria-disabled="true" aria-label="Delete profile “${active.name}” (not possible: it is the only profile)" title="“${active.name}” is the only profile: create another before deleting it">${icon('trash')}</button>`
    }
  </div>`;
}

/** The profile bar turned into a name form, for a new profile or renaming one. */
export function profileForm(mode: { create: true } | { rename: Profile }, value = '', error?: string): Html {
  const creating = 'create' in mode;
  const action = creating ? '/profiles' : `/profiles/${mode.rename.id}/rename`;
  const label = creating ? 'New profile name' : `New name for profile “${mode.rename.name}”`;
  return html`<form id="profile-bar" class="bar" hx-post="${action}" hx-target="this" hx-swap="outerHTML" autocomplete="off">
    <label for="profile-name" class="visually-hidden">${label}</label>
    <input id="profile-name" name="name" value="${value}" placeholder="${label}" autofocus
      aria-invalid="${error ? 'true' : 'false'}"${error ? html` aria-describedby="profile-error"` : ''}>
    <button type="submit">${creating ? 'Create' : 'Rename'}</button>
    <button type="button" class="secondary cancel" hx-get="/profiles/bar" hx-target="#profile-bar" hx-swap="outerHTML">Cancel</button>
    ${error ? html`<p id="profile-error" class="error" role="alert">${error}</p>` : ''}
  </form>`;
}

/** Asks before deleting a profile: it takes its tasks with it (Undo still brings them back). */
export function profileDeleteConfirm(profile: Profile, taskCount: number): Html {
  const what = taskCount === 1 ? 'its 1 task' : `its ${taskCount} tasks`;
  return html`<div id="profile-bar" class="bar confirm" role="alertdialog" aria-labelledby="confirm-text">
    <span id="confirm-text">Delete profile “${profile.name}” and ${what}?</span>
    <button type="button" class="danger" hx-post="/profiles/${profile.id}/delete" hx-target="body" hx-swap="none" autofocus>Delete</button>
    <button type="button" class="secondary cancel" hx-get="/profiles/bar" hx-target="#profile-bar" hx-swap="outerHTML">Cancel</button>
  </div>`;
}

export function addForm(): Html {
  return html`<form id="add-form" class="bar" hx-post="/tasks" hx-target="body" hx-swap="none" autocomplete="off">
    <label for="new-task" class="visually-hidden">New task</label>
    ${newTaskInput()}
    <button type="submit" class="icon" aria-label="Add task" title="Add the task typed here to this profile (Enter)">${icon('add')}</button>
  </form>`;
}

/**
 * The add box alone, pushed empty after a task is added (htmx keeps the focus on it by id).
 * `submitted`: the name that was added; the webview keeps the box as it is when the person has
 * typed something else since (a slow save must not wipe the next task being typed).
 */
export function newTaskInput(oob?: Oob, submitted?: string): Html {
  return html`<input id="new-task" name="name" placeholder="Add a task…" aria-describedby="status"${
    submitted === undefined ? '' : html` data-submitted="${submitted}"`
  }${oobAttr(oob)}>`;
}

/** The status line: empty, or a message. Errors are announced (role=alert). */
export function status(message?: string, level: 'info' | 'error' = 'info', oob?: Oob): Html {
  if (!message) return html`<div id="status" role="status"${oobAttr(oob)}></div>`;
  return html`<div id="status" class="${level}" role="${level === 'error' ? 'alert' : 'status'}"${oobAttr(oob)}>
    ${level === 'error' ? icon('error') : icon('info')}<span>${message}</span></div>`;
}

/** After a delete: what went, and Undo right there (it fades like every info message). */
export function deletedStatus(name: string, oob: Oob = 'true'): Html {
  return html`<div id="status" class="info" role="status"${oobAttr(oob)}>${icon('trash')}<span class="status-text" title="${name}">Deleted “${name}”</span><span class="sep">·</span><button type="button" class="link" hx-post="/undo" hx-target="body" hx-swap="none">Undo</button></div>`;
}

export function summary(counts: Counts, undoLabel: string | null, oob?: Oob): Html {
  return html`<div id="summary" class="bar"${oobAttr(oob)}>
    <h2 id="counts" aria-live="polite">${counts.open} open · ${counts.done} done</h2>
    <button type="button" id="undo" class="icon" hx-post="/undo" hx-target="body" hx-swap="none"
      ${undoLabel ? html`aria-label="Undo ${undoLabel}" title="Undo ${undoLabel} (Ctrl+Z)"` : html`aria-label="Nothing to undo" title="Nothing to undo" disabled`}>${icon('discard')}</button>
  </div>`;
}

/** The list's first page. A list shown whole ends with `#list-end`, where new tasks are added. */
export function taskList(tasks: readonly Task[], total: number, oob?: Oob): Html {
  return html`<ul id="task-list" aria-label="Tasks"${oobAttr(oob)}>${listPage(tasks, 0, total)}</ul>`;
}

/**
 * Rows from `offset`, then either "Show more" (the rest is not shown yet) or the end marker. New
 * tasks are pushed "before #list-end": a view that has not loaded the end does not get them out
 * of order, it loads them with the rest.
 */
export function listPage(tasks: readonly Task[], offset: number, total: number): Html {
  const shown = offset + tasks.length;
  const left = total - shown;
  const tail =
    left > 0
      ? html`<li id="more" class="more"><button type="button" class="secondary" hx-get="/tasks/page?offset=${shown}" hx-target="#more" hx-swap="outerHTML">Show ${Math.min(left, PAGE_SIZE).toLocaleString('en-US')} more (${left.toLocaleString('en-US')} not shown)</button></li>`
      : html`<li id="list-end" hidden></li>`;
  return html`${tasks.map((t) => taskRow(t))}${tail}`;
}

/**
 * One row, as little markup as it can be: 6 DOM nodes and no htmx attributes. The row's actions
 * (toggle, rename, delete) are one set of delegated handlers on the list (src/webview/rows.ts)
 * that read the row's `data-id`, and the icons are CSS (codicon glyphs in ::before): with 10,000
 * tasks a row with its own htmx triggers cost the page ~2.5 KB of JS heap each.
 */
export function taskRow(task: Task, oob?: Oob): Html {
  const { id, name, done } = task;
  return html`<li id="task-${id}" class="task${done ? ' is-done' : ''}" data-id="${id}"${oobAttr(oob)}><span class="grip" aria-hidden="true" title="Drag to reorder (or Alt+Up / Alt+Down)"></span><input type="checkbox" id="check-${id}" class="check" aria-labelledby="name-${id}"${done ? ' checked' : ''}><button type="button" id="name-${id}" class="name" title="${name}&#10;Click or press Enter to rename">${name}</button><button type="button" id="delete-${id}" class="icon delete" aria-label="Delete “${name}”" title="Delete (Del)"></button></li>`;
}

/** A row in rename mode: Enter saves, Escape cancels (the webview script handles Escape). */
export function taskEditor(task: Task, value = task.name, error?: string): Html {
  const { id } = task;
  return html`<li id="task-${id}" class="task editing" data-id="${id}">
    <form class="rename" hx-post="/tasks/${id}/rename" hx-target="#task-${id}" hx-swap="outerHTML" autocomplete="off">
      <label for="rename-${id}" class="visually-hidden">New name for “${task.name}”</label>
      <input id="rename-${id}" name="name" value="${value}" data-cancel="/tasks/${id}/row" autofocus
        aria-invalid="${error ? 'true' : 'false'}"${error ? html` aria-describedby="rename-error-${id}"` : ''}>
      ${error ? html`<p id="rename-error-${id}" class="error" role="alert">${error}</p>` : ''}
    </form>
  </li>`;
}
