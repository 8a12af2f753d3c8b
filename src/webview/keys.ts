// The list's keyboard: arrows between rows, Alt+arrows reorder, Delete, Escape, Ctrl/Cmd+Z undo.
import htmx from 'htmx.org';
import { focusAfterDelete, focusRowAfterRename } from './focus';

/** Focus to give once the next push has landed (the row after a deleted one, say). */
let pendingFocus: string | undefined;

export function applyPendingFocus(): void {
  if (!pendingFocus) return;
  const el = document.getElementById(pendingFocus);
  if (el) {
    el.focus();
    pendingFocus = undefined;
  }
}

const rowOf = (el: Element | null) => el?.closest<HTMLLIElement>('li.task') ?? null;
const isTextField = (el: Element | null) => (el instanceof HTMLInputElement && el.type !== 'checkbox') || el instanceof HTMLTextAreaElement;

/** The same control (check/name/delete) in another row, so arrow keys keep the column. */
function sameControlIn(row: Element | null, from: Element): HTMLElement | null {
  if (!row) return null;
  const kind = from.id.split('-')[0];
  return row.querySelector<HTMLElement>(`[id^="${kind}-"]`) ?? row.querySelector<HTMLElement>('.name');
}

/**
 * Keyboard use of the list: arrows move between rows, Alt+arrows reorder, Delete deletes,
 * Escape cancels a rename, Ctrl/Cmd+Z undoes (outside text fields, where it undoes typing).
 */
export function installKeys(): void {
  document.addEventListener('keydown', (event) => {
    const target = event.target as HTMLElement;
    // The chat box: Enter sends, Shift+Enter is a new line (IME composition is left alone).
    if (target.id === 'chat-input' && event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      (target as HTMLTextAreaElement).form?.requestSubmit();
      return;
    }
    if (event.key === 'Escape' && isTextField(target)) {
      const cancelPath = target.dataset.cancel;
      if (cancelPath) {
        event.preventDefault();
        cancelRename(target as HTMLInputElement, cancelPath);
        return;
      }
      const cancelButton = target.closest('form')?.querySelector<HTMLButtonElement>('button.cancel');
      if (cancelButton) {
        event.preventDefault();
        cancelButton.click();
      }
      return;
    }
    if ((event.ctrlKey || event.metaKey) && !event.shiftKey && event.key.toLowerCase() === 'z' && !isTextField(target)) {
      event.preventDefault();
      void htmx.ajax('POST', '/undo', { swap: 'none' } as never);
      return;
    }
    const row = rowOf(target);
    if (!row || isTextField(target)) return;
    const id = row.dataset.id;
    if (event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
      event.preventDefault();
      pendingFocus = target.id;
      void htmx.ajax('POST', `/tasks/${id}/move`, { values: { delta: event.key === 'ArrowUp' ? -1 : 1 }, swap: 'none' } as never);
    } else if (!event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
      const next = event.key === 'ArrowUp' ? row.previousElementSibling : row.nextElementSibling;
      const control = sameControlIn(next, target);
      if (control) {
        event.preventDefault();
        control.focus();
      }
    } else if (event.key === 'Delete') {
      event.preventDefault();
      // The click handler below picks where the focus goes.
      deleteFrom(row, target.id.split('-')[0]);
    }
  });

  // A click on a row's delete button: the focus goes to the next row, not nowhere.
  document.addEventListener(
    'click',
    (event) => {
      const button = (event.target as Element).closest?.('li.task button.delete');
      const row = rowOf(button ?? null);
      if (row && event.isTrusted) pendingFocus = focusAfterDelete(row, 'name');
    },
    true,
  );

  // Leaving a rename box saves a changed name and cancels an unchanged one, like VS Code's explorer.
  document.addEventListener('focusout', (event) => {
    const input = event.target as HTMLInputElement;
    const form = input.closest?.('form.rename') as HTMLFormElement | null;
    if (!form || form.dataset.closing || form.contains(event.relatedTarget as Node | null)) return;
    form.dataset.closing = '1';
    if (input.value !== input.defaultValue) form.requestSubmit();
    else cancelRename(input, input.dataset.cancel!, false);
  });
  document.addEventListener(
    'submit',
    (event) => {
      const form = event.target as HTMLFormElement;
      if (!form.matches('form.rename')) return;
      // Enter (not leaving the box, which marks it closing first): the focus comes back to the row.
      const id = rowOf(form)?.dataset.id;
      if (!form.dataset.closing && id) focusRowAfterRename(id);
      form.dataset.closing = '1';
    },
    true,
  );
}

function deleteFrom(row: HTMLLIElement, kind: string): void {
  pendingFocus = focusAfterDelete(row, kind);
  row.querySelector<HTMLButtonElement>('button.delete')?.click();
}

function cancelRename(input: HTMLInputElement, path: string, refocus = true): void {
  const form = input.closest('form');
  if (form) form.dataset.closing = '1';
  const row = rowOf(input);
  if (!row) return;
  const id = row.dataset.id;
  void htmx.ajax('GET', path, { target: `#task-${id}`, swap: 'outerHTML' } as never).then(() => {
    if (refocus) document.getElementById(`name-${id}`)?.focus();
  });
}
