// Ollama settings made safe: host URLs, credentials kept out of sight, API keys bound to their host.
import type { LlmConfig } from '../llm/ollamaClient';
import { TASKS_MODEL } from '../llm/modelSetup';

export const DEFAULT_HOST = 'http://127.0.0.1:11434';

/**
 * Saved API keys, each under the origin of the host it was entered for. A workspace can set
 * `ollamaTasks.host` (a trusted repository's settings can point it anywhere): the key goes only
 * to the host it was saved for, and another host needs its own key.
 */
export type KeyRing = Record<string, string>;

/** `https://host:port` of a host URL (no credentials, no path), or undefined when it is no URL. */
export function hostOrigin(host: string): string | undefined {
  try {
    const url = new URL(host);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads the secret: `{"keys": {origin: key}}`. A plain string is a key saved before keys were
 * bound to a host: it counts for `legacyHost` (the host in the user's own settings, which is what
 * it was entered for), never for a host a workspace sets.
 */
export function parseKeyRing(raw: string | undefined, legacyHost: string): KeyRing {
  if (!raw) return {};
  try {
    const parsed = JSON.parse(raw) as { keys?: unknown };
    if (parsed && typeof parsed === 'object' && parsed.keys && typeof parsed.keys === 'object') {
      return Object.fromEntries(Object.entries(parsed.keys as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'));
    }
  } catch {
    /* not JSON: a key from before */
  }
  const origin = hostOrigin(legacyHost);
  return origin ? { [origin]: raw } : {};
}

export function serializeKeyRing(ring: KeyRing): string {
  return JSON.stringify({ keys: ring });
}

/** The key saved for this host, if any. */
export function keyFor(ring: KeyRing, host: string): string | undefined {
  const origin = hostOrigin(host);
  return origin ? ring[origin] : undefined;
}

/** The ring with the key for this host set (or removed, when `key` is empty). */
export function withKey(ring: KeyRing, host: string, key: string | undefined): KeyRing {
  const origin = hostOrigin(host);
  if (!origin) throw new Error(`“${host}” is not an http(s) address: set ollamaTasks.host to one first.`);
  const next = { ...ring };
  if (key) next[origin] = key;
  else delete next[origin];
  return next;
}

/** The settings as VS Code gives them (`get`), read into the client's config; the key for this host only. */
export function buildLlmConfig(get: <T>(key: string) => T | undefined, ring: KeyRing): LlmConfig {
  const headers = get<Record<string, unknown>>('requestHeaders') ?? {};
  const host = (get<string>('host') || DEFAULT_HOST).replace(/\/+$/, '');
  return {
    host,
    model: get<string>('model') || TASKS_MODEL,
    keepAlive: get<string>('keepAlive') || undefined,
    contextLength: Math.max(512, get<number>('contextLength') ?? 8192),
    headers: Object.fromEntries(Object.entries(headers).filter(([, v]) => typeof v === 'string')) as Record<string, string>,
    apiKey: keyFor(ring, host),
    firstByteTimeoutSeconds: get<number>('firstByteTimeoutSeconds') ?? 300,
  };
}
