// htmx without HTTP: requests posted to the host and answered as Responses; pushes go through htmx.swap.
import htmx from 'htmx.org';
import type { ToWebview } from '../core/protocol';

/** The part of `acquireVsCodeApi()` the panel uses; tests provide the same shape. */
export interface HostApi {
  postMessage(message: unknown): void;
}

interface Pending {
  resolve(response: Response): void;
  reject(error: unknown): void;
}

/**
 * htmx without HTTP: every htmx request is posted to the extension host, and the host's answer is
 * turned back into a `Response`. Pushes from the host go through `htmx.swap`, so `hx-swap-oob`
 * works for them exactly as for answers. Returns a promise-returning hook for tests/keys.
 */
export function installTransport(host: HostApi, afterPush: () => void): void {
  let nextId = 1;
  const pending = new Map<number, Pending>();
  // Pushes are applied one after another, in the order the host sent them, and never while an
  // answer is still being swapped in: htmx takes a few turns to swap an answer, and a push sent
  // after it (the model ready, say) must not land before the element it targets exists.
  let pushes: Promise<unknown> = Promise.resolve();
  let swapping = 0;
  let idle: (() => void)[] = [];
  const whenIdle = () => (swapping === 0 ? Promise.resolve() : new Promise<void>((resolve) => idle.push(resolve)));
  document.addEventListener('htmx:finally:request', () => {
    swapping = Math.max(0, swapping - 1);
    if (swapping === 0) {
      const waiting = idle;
      idle = [];
      for (const resolve of waiting) resolve();
    }
  });

  document.addEventListener('htmx:config:request', (event) => {
    const ctx = (event as CustomEvent).detail.ctx;
    ctx.fetch = (action: string, request: { method: string; body?: unknown; signal?: AbortSignal }) =>
      new Promise<Response>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        request.signal?.addEventListener('abort', () => {
          pending.delete(id);
          reject(new DOMException('The request was cancelled', 'AbortError'));
        });
        const body = request.body == null ? '' : String(request.body);
        host.postMessage({ type: 'request', id, method: request.method, path: action, body });
      });
  });

  window.addEventListener('message', (event: MessageEvent) => {
    // What arrives is checked before use, whoever sent it: anything of another shape is ignored.
    const message = event.data as ToWebview | undefined;
    if (!message || typeof message !== 'object') return;
    if (message.type === 'response' && typeof message.html === 'string') {
      const waiting = pending.get(message.id);
      pending.delete(message.id);
      if (waiting) swapping++;
      waiting?.resolve(new Response(message.html, { status: message.status, headers: { 'Content-Type': 'text/html' } }));
    } else if (message.type === 'push') {
      const parts = pushParts(message);
      if (!parts) return;
      const failed = (err: unknown) => host.postMessage({ type: 'log', level: 'error', message: `push failed: ${String(err)}` });
      pushes = pushes
        .then(whenIdle)
        .then(async () => {
          // One after another, each swap finished before the next: a part may target what an
          // earlier one added. A part that fails is reported; the ones after it still apply.
          for (const text of parts) {
            await Promise.resolve(htmx.swap({ text, target: document.body, swap: 'none', sourceElement: document.body } as never)).catch(failed);
          }
          afterPush();
        })
        .catch(failed); // the queue goes on: a later push never waits on a rejected one
    }
  });
}

/** A push's fragments, or nothing when the message is not an array of strings (it is then ignored). */
function pushParts(message: { parts?: unknown }): string[] | undefined {
  const parts = message.parts;
  return Array.isArray(parts) && parts.every((p) => typeof p === 'string') ? (parts as string[]) : undefined;
}
