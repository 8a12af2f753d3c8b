// What the chat needs from the app around it (tasksApp.ts gives it): the shown list, settings, views, logs.
import type { PromptOverride } from '../core/prompt';
import type { LlmConfig, OllamaClient } from '../llm/ollamaClient';
import type { TaskService } from '../store/taskService';
import type { Html } from '../views/html';
import type { ProtocolSetting } from './protocolChoice';
import type { TurnRecord } from './sessionLog';

export interface ChatHost {
  /** The service and folder key of what the views show now. */
  shown(): Promise<{ key: string; service: TaskService }>;
  push(fragment: Html): void;
  /** Posts what was pushed now rather than at the end of this turn (idle() resolves after it is out). */
  flush?(): void;
  config(): Promise<LlmConfig>;
  /** Whether the model's destructive commands wait for Apply (setting ollamaTasks.confirmDestructive). */
  confirmDestructive(): boolean;
  /** Setting ollamaTasks.protocol. */
  protocol?(): ProtocolSetting;
  /** One line per model reply for the session log. */
  logTurn?(turn: TurnRecord): void;
  /** The workspace prompt file's changes, if any (never in an untrusted workspace). */
  promptOverride?(): Promise<PromptOverride | undefined>;
  /** Offer to pull a missing model; resolves true when it was pulled (then the chat goes on). */
  offerPull?(model: string, client: OllamaClient): Promise<boolean>;
  log(level: 'info' | 'warn' | 'error', message: string): void;
  /** Told whether Ollama answered (for the status bar); `missing`: it answered, but the model is not installed. */
  reachability?(reachable: boolean, detail: string, missing?: 'missing'): void;
  /** False in Restricted Mode: the file's stored conversation is not sent, only this window's. */
  trusted?(): boolean;
  /** Told when replying starts and stops (the Chat view's title bar shows Stop meanwhile). */
  replying?(active: boolean): void;
}
