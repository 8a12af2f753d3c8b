// The protocol each host and model gets, chosen once per session, and whether the model takes native tools.
import type { Protocol } from '../core/replySchema';
import type { LlmConfig, OllamaClient } from '../llm/ollamaClient';
import type { ChatHost } from './chatHost';
import { choiceFor, type ProtocolChoice } from './protocolChoice';

/** Remembers, per setting, host and model, which protocol the chat uses (protocolChoice.ts says why). */
export class ProtocolCache {
  /** Per host and model: does it take native tool calls? (from /api/show, or a 400 "does not support tools") */
  private readonly toolSupport = new Map<string, boolean>();
  /** Per host and model: the protocol auto chose and why (protocolChoice.ts), said in the status line. */
  private readonly choices = new Map<string, ProtocolChoice>();

  constructor(private readonly host: Pick<ChatHost, 'protocol'>) {}

  /** The protocol, per setting and per model (auto: protocolChoice.ts, from /api/show and the server's version). */
  async protocolFor(client: OllamaClient, after?: 'text'): Promise<Protocol> {
    const key = `${this.host.protocol?.() ?? 'auto'} ${client.config.host} ${client.config.model}`;
    if (!this.choices.has(key) || after) this.choices.set(key, await choiceFor(this.host.protocol?.() ?? 'auto', client, this.toolSupport, after === 'text'));
    return this.choices.get(key)!.protocol;
  }

  /** The model answered that it takes no tools after all (HTTP 400): remembered for the next choice. */
  noTools(config: LlmConfig): void {
    this.toolSupport.set(`${config.host} ${config.model}`, false);
  }

  /** "structured (auto: …)": which protocol the chat uses with this model, and why. */
  protocolLine(config: LlmConfig): string {
    const choice = this.choices.get(`${this.host.protocol?.() ?? 'auto'} ${config.host} ${config.model}`);
    return choice ? `${choice.protocol} protocol (${choice.why})` : '';
  }
}
