// The Ollama settings read from VS Code, with the API key kept per host in secret storage.
import * as vscode from 'vscode';
import { buildLlmConfig, DEFAULT_HOST, type KeyRing, parseKeyRing, serializeKeyRing, withKey } from '../host/llmConfig';
import type { LlmConfig } from '../llm/ollamaClient';

export const API_KEY_SECRET = 'ollamaTasks.apiKey';

/** Reads the Ollama settings, and the API key saved for that host (SecretStorage, never settings). */
export async function readLlmConfig(context: vscode.ExtensionContext): Promise<LlmConfig> {
  const config = vscode.workspace.getConfiguration('ollamaTasks');
  return buildLlmConfig((key) => config.get(key), await readKeyRing(context));
}

/** The saved keys by host; a key from before keys were bound counts for the user's own host setting. */
export async function readKeyRing(context: vscode.ExtensionContext): Promise<KeyRing> {
  const userHost = vscode.workspace.getConfiguration('ollamaTasks').inspect<string>('host')?.globalValue || DEFAULT_HOST;
  return parseKeyRing(await context.secrets.get(API_KEY_SECRET), userHost);
}

/** Saves (or, with an empty key, removes) the key for one host; the keys of other hosts stay. */
export async function saveApiKey(context: vscode.ExtensionContext, host: string, key: string): Promise<void> {
  const ring = withKey(await readKeyRing(context), host, key);
  if (Object.keys(ring).length) await context.secrets.store(API_KEY_SECRET, serializeKeyRing(ring));
  else await context.secrets.delete(API_KEY_SECRET);
}
