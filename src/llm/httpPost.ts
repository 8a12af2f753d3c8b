// A streaming POST on Node's own http client (fetch's web streams cost a tenth of the pipeline).
import * as http from 'node:http';
import * as https from 'node:https';
import { HttpStatusError, TimeoutSignal } from './errors';

export interface PostOptions {
  headers: Record<string, string>;
  body: string;
  signal: AbortSignal;
  /** How long to wait for the response's headers (a big model loads before Ollama answers). */
  firstByteSeconds: number;
}

/**
 * POSTs and resolves with the response once its headers are in, for the caller to read as a
 * stream of text. Node's own http client rather than fetch: reading a long reply through fetch's
 * web streams cost a tenth of the whole pipeline in profiles. Errors are those of fetch's callers:
 * an HTTP error status becomes an HttpStatusError with Ollama's message, a missed first byte a
 * TimeoutSignal, a refused connection keeps its `code` (ECONNREFUSED) for `explain`.
 */
export function postForStream(url: string, options: PostOptions): Promise<http.IncomingMessage> {
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const body = Buffer.from(options.body);
    const request = client.request(target, {
      method: 'POST',
      headers: { ...options.headers, 'Content-Length': String(body.length) },
    });
    const timer = setTimeout(() => request.destroy(new TimeoutSignal('first-byte-timeout', options.firstByteSeconds)), options.firstByteSeconds * 1000);
    const onAbort = () => request.destroy(new Error('aborted'));
    options.signal.addEventListener('abort', onAbort, { once: true });
    // After the headers, the caller's signal still ends the request (Stop): the body stream errors.
    request.on('close', () => options.signal.removeEventListener('abort', onAbort));
    request.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    request.on('response', (response) => {
      clearTimeout(timer);
      response.setEncoding('utf8'); // a character split between two reads is joined, not mangled
      const status = response.statusCode ?? 0;
      if (status >= 200 && status < 300) return resolve(response);
      let text = '';
      response.on('data', (piece: string) => {
        if (text.length < 64 * 1024) text += piece;
      });
      response.on('end', () => reject(HttpStatusError.fromBody(status, response.statusMessage ?? '', text)));
      response.on('error', reject);
    });
    if (options.signal.aborted) onAbort();
    request.end(body);
  });
}
