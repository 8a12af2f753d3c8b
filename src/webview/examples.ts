// The Chat view's example requests: a click puts one in the chat box, focused, for the person to send.

/**
 * A click on an example request (a button of the empty state; Enter and Space click it too) puts
 * its text in the chat box, replacing what was there, and focuses the box with the cursor at the
 * end. It sends nothing: the person reads it, may change it, and presses Enter.
 */
export function installExamples(): void {
  document.addEventListener('click', (event) => {
    const button = (event.target as Element).closest?.<HTMLButtonElement>('button.chat-example');
    const input = document.getElementById('chat-input');
    if (!button || !(input instanceof HTMLTextAreaElement)) return;
    input.value = button.dataset.example ?? '';
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
  });
}
