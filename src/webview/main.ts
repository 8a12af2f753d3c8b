// The panel's browser side: htmx over postMessage, drag-to-sort, keys and scrolling; it keeps no state.
import htmx from 'htmx.org';
import Sortable from 'sortablejs';
import { installExamples } from './examples';
import { afterSwap, installRenameSelect } from './focus';
import { applyPendingFocus, installKeys } from './keys';
import { installRowActions } from './rows';
import { installSecurity } from './security';
import { type HostApi, installTransport } from './transport';

declare function acquireVsCodeApi(): HostApi;

/**
 * The panel's browser side: htmx talking to the host over postMessage, drag-and-drop and keys.
 * It keeps no state: everything on screen comes from the host.
 */
const host: HostApi = acquireVsCodeApi();
// Before htmx initializes (on DOMContentLoaded): it must never parse HTML without the policy.
installSecurity();

window.addEventListener('error', (event) => {
  host.postMessage({ type: 'log', level: 'error', message: `${event.message} (${event.filename}:${event.lineno})` });
});

const sortables = new WeakSet<Element>();

/** Drag-and-drop on the list (SortableJS); the new order goes to the host as one request. */
function bindSortable(): void {
  const list = document.getElementById('task-list');
  if (!list || sortables.has(list)) return;
  sortables.add(list);
  Sortable.create(list, {
    handle: '.grip',
    draggable: '.task',
    animation: 120,
    // Pointer events instead of native HTML5 drag: works the same in every webview host and test.
    forceFallback: true,
    onEnd(event) {
      if (event.oldIndex === event.newIndex) return;
      const ids = [...list.querySelectorAll<HTMLElement>(':scope > li.task')].map((li) => li.dataset.id);
      void htmx.ajax('POST', '/tasks/order', { values: { ids: ids.join(',') }, swap: 'none' } as never);
    },
  });
}

/** Keeps the conversation scrolled to the newest text, unless the reader scrolled up. */
let followChat = true;
document.addEventListener(
  'scroll',
  (event) => {
    const log = event.target as HTMLElement;
    if (log?.id === 'chat-log') followChat = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
  },
  true,
);
function scrollChat(): void {
  const log = document.getElementById('chat-log');
  if (!log) return;
  // Growth without a swap (the input growing, a late reflow in a narrow view) must follow too.
  chatResize.observe(log);
  for (const message of log.children) chatResize.observe(message);
  if (!followChat || scrollQueued) return;
  // In the next frame, not now: reading scrollHeight right after a swap forces a layout of the
  // whole page (1,000 rows beside the chat), once per push. A model's reply pushes text, chips
  // and rows several times per command, so that layout made its changes land later than a click's.
  scrollQueued = true;
  requestAnimationFrame(() => {
    scrollQueued = false;
    const now = document.getElementById('chat-log');
    if (now && followChat) now.scrollTop = now.scrollHeight;
  });
}
let scrollQueued = false;
const chatResize = new ResizeObserver(() => {
  const log = document.getElementById('chat-log');
  if (log && followChat) log.scrollTop = log.scrollHeight;
});

installTransport(host, () => {
  bindSortable();
  applyPendingFocus();
  scrollChat();
  afterSwap();
});
installKeys();
installRowActions();
installRenameSelect();
installExamples();
document.addEventListener('htmx:after:swap', () => {
  bindSortable();
  scrollChat();
  afterSwap();
});
// The host empties the add box once a task is added. When the answer comes after the person has
// typed on (the next task, while the save was still running), that emptying is dropped: what they
// typed stays, and Enter adds it.
document.addEventListener('htmx:before:swap', (event) => {
  const tasks = (event as CustomEvent<{ tasks?: { type: string; target?: Element; fragment?: DocumentFragment }[] }>).detail?.tasks;
  if (!tasks) return;
  for (let i = tasks.length - 1; i >= 0; i--) {
    const { type, target, fragment } = tasks[i];
    if (type !== 'oob' || !(target instanceof HTMLInputElement) || target.id !== 'new-task') continue;
    const submitted = fragment?.querySelector('#new-task')?.getAttribute('data-submitted');
    if (submitted != null && target.value !== submitted) tasks.splice(i, 1);
  }
});
document.addEventListener('htmx:error', (event) => {
  host.postMessage({ type: 'log', level: 'error', message: `htmx: ${String((event as CustomEvent).detail?.error)}` });
});
