// Messages between the webview and the host, as zod schemas: the untrusted view's input is parsed first.
import { z } from './z';

/**
 * Messages between the webview and the extension host. The webview is untrusted: everything it
 * sends is parsed with these schemas before anything else looks at it.
 */

/** Biggest request body the host accepts from a view (a task name is at most 500 characters). */
export const MAX_BODY = 64 * 1024;

/** An htmx request, carried over postMessage instead of HTTP. */
export const RequestMessageSchema = z.object({
  type: z.literal('request'),
  /** Chosen by the view; echoed in the response so it can settle the right promise. */
  id: z.number().int().nonnegative(),
  method: z.enum(['GET', 'POST']),
  /** Path and query, e.g. `/tasks/12/edit`. */
  path: z.string().min(1).max(2048).startsWith('/'),
  /** `application/x-www-form-urlencoded` body, as htmx sends it. */
  body: z.string().max(MAX_BODY).default(''),
});

/** Something the view wants written to the extension's log (script errors, mostly). */
export const LogMessageSchema = z.object({
  type: z.literal('log'),
  level: z.enum(['info', 'warn', 'error']),
  message: z.string().max(4000),
});

export const FromWebviewSchema = z.discriminatedUnion('type', [RequestMessageSchema, LogMessageSchema]);

export type RequestMessage = z.infer<typeof RequestMessageSchema>;
export type FromWebview = z.infer<typeof FromWebviewSchema>;

export type ToWebview =
  /** The answer to one request: HTML for htmx to swap (OOB parts included). */
  | { type: 'response'; id: number; status: number; html: string }
  /**
   * Changes that happened elsewhere (another view, a command, another window, the model): OOB
   * fragments, applied one after another in this order. Not joined into one HTML string: htmx finds
   * every out-of-band target before it inserts any, so a part could not target what an earlier one adds.
   */
  | { type: 'push'; parts: string[] };
