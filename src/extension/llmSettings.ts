import * as vscode from 'vscode';
import type { LlmConfig } from '../llm/ollamaClient';

export const API_KEY_SECRET = 'ollamaTasks.apiKey';

/** Reads the Ollama settings (and the API key from SecretStorage, never from settings). */
export async function readLlmConfig(context: vscode.ExtensionContext): Promise<LlmConfig> {
  const config = vscode.workspace.getConfiguration('ollamaTasks');
  const headers = config.get<Record<string, unknown>>('requestHeaders') ?? {};
  return {
    host: (config.get<string>('host') || 'http://127.0.0.1:11434').replace(/\/+$/, ''),
    model: config.get<string>('model') || 'gemma2:2b',
    keepAlive: config.get<string>('keepAlive') || undefined,
    contextLength: Math.max(512, config.get<number>('contextLength') ?? 8192),
    headers: Object.fromEntries(Object.entries(headers).filter(([, v]) => typeof v === 'string')) as Record<string, string>,
    apiKey: (await context.secrets.get(API_KEY_SECRET)) || undefined,
    firstByteTimeoutSeconds: config.get<number>('firstByteTimeoutSeconds') ?? 300,
  };
}
