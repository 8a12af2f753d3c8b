// What a request carries: the teaching, then the stored conversation with each message's list, trimmed.
import type { Message } from 'ollama';
import { type ChatMessage, trimHistory } from '../core/chat';
import { GUIDED_FORMAT_VERSION, GUIDED_INSTRUCTION, guidedFirstMessage, guidedRequestParts, guidedView, type GuidedView } from '../core/guided';
import { listSection, type PromptOverride, promptTokens, teaching } from '../core/prompt';
import type { Protocol } from '../core/replySchema';
import { type LlmConfig, OllamaClient } from '../llm/ollamaClient';
import type { ChatStore } from '../store/chatStore';
import type { TaskService } from '../store/taskService';
import type { ChatHost } from './chatHost';
import { conversation, guidedConversation, guidedListIfTrimmed, withListIfTrimmed } from './history';
import type { ProtocolCache } from './protocolCache';

/** What a stored `system` row says: the teaching prompt sent again. */
export const REMINDER = 'Reminder of how to write commands:\n\n';

/** Where Show the Prompt puts the list that goes with the next message. */
const LIST_HEADING = '<!-- Sent before your next message (the list as it stands): -->';

/**
 * The system message of a protocol: the teaching prompt (with a workspace prompt file's changes),
 * or in the guided protocol its fixed instruction, which a trained model learnt word for word (a
 * prompt file does not change it).
 */
export function instructionFor(mode: Protocol, override?: PromptOverride): string {
  return mode === 'guided' ? GUIDED_INSTRUCTION : teaching(mode, override);
}

/** What Show the Prompt shows: the system message, the list, both as one text, and their size. */
export interface PromptShown {
  text: string;
  system: string;
  list: string;
  mode: Protocol;
  /** The guided protocol's `format`, built from the list shown (undefined in the other protocols). */
  format?: Record<string, unknown>;
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
  const system = instructionFor(mode, override);
  const reminder = `${REMINDER}${system}`;
  const stored = store.conversation(s.profileId, { trusted: host.trusted?.() ?? true, reminder }).filter((m) => m.id !== s.reply.id);
  const messages = conversation(stored, mode) as (Message & { role: ChatMessage['role'] })[];
  // Leave a quarter of the context for the reply.
  const kept = trimHistory([{ role: 'system' as const, content: system }, ...messages], Math.floor(config.contextLength * 0.75)) as Message[];
  return withListIfTrimmed(kept, kept.length < messages.length + 1, stored);
}

/**
 * A guided request's messages and the view they show (docs/protocols.md, "The request"): the
 * instruction, then the conversation (history.ts, guidedConversation) whose newest user message
 * shows `view`, the list as it stands excerpted for the question's words. Trimmed to the context
 * like the other protocols; the schema is not in the prompt (it becomes the grammar).
 */
export function guidedHistory(
  host: Pick<ChatHost, 'trusted'>,
  s: { profileId: number; reply: { id: number }; question: string },
  store: ChatStore,
  config: LlmConfig,
  service: TaskService,
): { messages: Message[]; view: GuidedView } {
  const view = viewNow(service, s.profileId, s.question);
  const stored = store.conversation(s.profileId, { trusted: host.trusted?.() ?? true, reminder: GUIDED_INSTRUCTION }).filter((m) => m.id !== s.reply.id);
  const messages = guidedConversation(stored, view) as (Message & { role: ChatMessage['role'] })[];
  const kept = trimHistory([{ role: 'system' as const, content: GUIDED_INSTRUCTION }, ...messages], Math.floor(config.contextLength * 0.75)) as Message[];
  return { messages: guidedListIfTrimmed(kept, kept.length < messages.length + 1, view, s.question), view };
}

/** The view of a profile's list a guided request shows for these words. */
function viewNow(service: TaskService, profileId: number, words: string): GuidedView {
  const profile = service.profiles().find((p) => p.id === profileId) ?? service.activeProfile();
  return guidedView(profile, service.profiles(), service.tasks(profile.id), words);
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
  const system = instructionFor(mode, override);
  if (mode === 'guided') {
    // The list as a first message shows it (later turns send its changes), and the schema built from it.
    const view = viewNow(service, service.activeProfile().id, '');
    const list = guidedFirstMessage(view, '').trimEnd();
    const { format, options } = guidedRequestParts(view);
    const text = [
      `<!-- System message (format ${GUIDED_FORMAT_VERSION}): -->`,
      system,
      LIST_HEADING,
      list,
      `<!-- Sent as \`format\`, the JSON schema built from this list (the reply can be nothing else); options ${JSON.stringify(options)}: -->`,
      `\`\`\`json\n${JSON.stringify(format, null, 2)}\n\`\`\``,
    ].join('\n\n');
    return { text, system, list, mode, format, tokens: promptTokens(system) + promptTokens(list), contextLength: config.contextLength };
  }
  const list = await listNow(host, service, service.activeProfile().id, override);
  const text = `${system}\n\n${LIST_HEADING}\n\n${list}`;
  return { text, system, list, mode, tokens: promptTokens(system) + promptTokens(list), contextLength: config.contextLength };
}
