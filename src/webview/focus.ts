/**
 * Focus and feedback as in a VS Code list: after a delete the next row (or the previous one at
 * the end) takes the focus, whether the delete came from the Delete key or a click; a rename box
 * opens with the whole name selected; info messages fade after a few seconds, errors stay.
 */

/** How long an info message stays in the header before it goes (errors stay until the next action). */
export const INFO_MS = 5000;

/** The control to focus once a row is gone: the same kind in the next task row, else the previous, else the add box. */
export function focusAfterDelete(row: Element, kind: string): string {
  const isTask = (el: Element | null) => (el?.matches('li.task') ? el : null);
  const neighbour = isTask(row.nextElementSibling) ?? isTask(row.previousElementSibling);
  const control = neighbour?.querySelector<HTMLElement>(`[id^="${kind}-"]`) ?? neighbour?.querySelector<HTMLElement>('.name');
  return control?.id ?? 'new-task';
}

let fading: { el: Element; timer: ReturnType<typeof setTimeout> } | undefined;

/**
 * A rename box gets the focus with its whole name selected as soon as it appears. Watched, not
 * done after the swap: the swap replaces the row whose name was clicked, so htmx's after-swap
 * event fires on an element already gone from the page and never reaches the document.
 */
export function installRenameSelect(): void {
  const select = () => {
    const rename = document.querySelector<HTMLInputElement>('form.rename input');
    if (!rename || rename.dataset.selected) return;
    rename.dataset.selected = '1';
    if (document.activeElement !== rename) rename.focus();
    rename.select();
  };
  // Only when a swap added a rename box: a query over the whole page on every push (a model's
  // reply pushes several per command) was time its changes waited for.
  const addsRename = (node: Node) => node instanceof Element && (node.matches('li.editing, form.rename') || node.querySelector('form.rename') !== null);
  new MutationObserver((records) => {
    // A saved rename's row comes back without a rename box in it: look for it whenever one is due.
    refocusRow();
    if (records.some((r) => [...r.addedNodes].some(addsRename))) select();
  }).observe(document.body, { childList: true, subtree: true });
}

/** The row whose rename was saved with Enter: its name takes the focus back when the row returns. */
let renamed: string | undefined;

/** After Enter in a rename box: the row comes back in place of the box, and the focus with it (as in VS Code's explorer). */
export function focusRowAfterRename(id: string): void {
  renamed = id;
}

function refocusRow(): void {
  if (!renamed) return;
  const name = document.getElementById(`name-${renamed}`);
  if (!name) return; // still the box (a refused name shows its error there)
  renamed = undefined;
  // Not when the person has moved on meanwhile: only the focus the removed box left behind.
  if (!document.activeElement || document.activeElement === document.body) name.focus();
}

/** Call after every swap: lets an info message fade. */
export function afterSwap(): void {
  const status = document.getElementById('status');
  if (!status || fading?.el === status) return;
  if (fading) clearTimeout(fading.timer);
  fading = undefined;
  if (!status.classList.contains('info') || !status.textContent?.trim()) return;
  const el = status;
  fading = {
    el,
    timer: setTimeout(() => {
      // Not while the person is on its Undo link.
      if (!el.isConnected || el.contains(document.activeElement)) return;
      el.classList.add('faded');
      setTimeout(() => el.isConnected && el.classList.contains('faded') && el.replaceChildren(), 400);
    }, INFO_MS),
  };
}
