// What a request carries: the teaching, then the stored conversation with each message's list, trimmed.
import type { Message } from 'ollama';
import { type ChatMessage, trimHistory } from '../core/chat';
import { listSection, type PromptOverride, promptTokens, teaching } from '../core/prompt';
import type { Protocol } from '../core/replySchema';
import { type LlmConfig, OllamaClient } from '../llm/ollamaClient';
import type { ChatStore } from '../store/chatStore';
import type { TaskService } from '../store/taskService';
import type { ChatHost } from './chatHost';
import { conversation, withListIfTrimmed } from './history';
import type { ProtocolCache } from './protocolCache';

/** What a stored `system` row says: the teaching prompt sent again. */
export const REMINDER = 'Reminder of how to write commands:\n\n';

/** Where Show the Prompt puts the list that goes with the next message. */
const LIST_HEADING = '<!-- Sent before your next message (the list as it stands): -->';

/** What Show the Prompt shows: the system message, the list, both as one text, and their size. */
export interface PromptShown {
  text: string;
  system: string;
  list: string;
  mode: Protocol;
  tokens: number;
  contextLength: number;
}

/** The list of a profile as it stands, as it is sent with a message. */
export async function listNow(host: Pick<ChatHost, 'promptOverride'>, service: TaskService, profileId: number, override?: PromptOverride): Promise<string> {
  const profile = service.profiles().find((p) => p.id === profileId) ?? service.activeProfile();
  return listSection({ profile, profiles: service.profiles(), tasks: service.tasks(profile.id) }, override ?? (await host.promptOverride?.()));
}

/**
 * The messages sent to the model: the teaching prompt alone, then the conversation with each
 * message's list as it was sent (history.ts). So each request is the previous one plus new
 * messages, byte for byte, and a real server evaluates only those. Only trimming to the context
 * length changes the start (the oldest messages go), and only when the conversation no longer fits.
 */
export function history(
  host: Pick<ChatHost, 'trusted'>,
  s: { profileId: number; reply: { id: number } },
  store: ChatStore,
  config: LlmConfig,
  mode: Protocol,
  override?: PromptOverride,
): Message[] {
  const system = teaching(mode, override);
  const reminder = `${REMINDER}${teaching(mode, override)}`;
  const stored = store.conversation(s.profileId, { trusted: host.trusted?.() ?? true, reminder }).filter((m) => m.id !== s.reply.id);
  const messages = conversation(stored, mode) as (Message & { role: ChatMessage['role'] })[];
  // Leave a quarter of the context for the reply.
  const kept = trimHistory([{ role: 'system' as const, content: system }, ...messages], Math.floor(config.contextLength * 0.75)) as Message[];
  return withListIfTrimmed(kept, kept.length < messages.length + 1, stored);
}

/**
 * What the next message would be sent with (`ollamaTasks.showPrompt`): the system message (the
 * teaching alone, the same on every turn) and the list as it stands, which goes before the
 * message's own text.
 */
export async function nextPrompt(host: Pick<ChatHost, 'config' | 'promptOverride'>, protocols: ProtocolCache, service: TaskService): Promise<PromptShown> {
  const config = await host.config();
  const mode = await protocols.protocolFor(new OllamaClient(config));
  const override = await host.promptOverride?.();
  const system = teaching(mode, override);
  const list = await listNow(host, service, service.activeProfile().id, override);
  const text = `${system}\n\n${LIST_HEADING}\n\n${list}`;
  return { text, system, list, mode, tokens: promptTokens(system) + promptTokens(list), contextLength: config.contextLength };
}
