import type { Protocol } from '../core/replySchema';
import type { OllamaClient } from '../llm/ollamaClient';

/** Setting ollamaTasks.protocol. */
export type ProtocolSetting = 'auto' | Protocol;

/** The protocol a reply uses, and the one line the status shows for it. */
export interface ProtocolChoice {
  protocol: Protocol;
  /** Why, in a few words ("auto: …" or "set in ollamaTasks.protocol"). */
  why: string;
}

/** What auto looks at: the model's `/api/show` capabilities and the server's version. */
export interface ProtocolFacts {
  model: string;
  capabilities: readonly string[];
  /** `/api/version`; undefined when the server did not say. */
  serverVersion?: string;
}

/** Ollama honours a JSON schema in `format` from 0.5.0 on (before, only `"json"`). */
export const FORMAT_SINCE = '0.5.0';

/**
 * The rule auto follows, from what the real eval measured (bench/results/eval-structured-*.json,
 * README "Which protocol"), on the real Ollama 0.17.4 with the project's real models:
 *
 * Measured 2026-12-01 on 2 shared cores (AMD EPYC, 24 GB; a load of 5–8, so ~5 tokens/s where
 * the machine idle gives 39), Ollama 0.17.4, every 6th case of the suite (6 cases), the models'
 * reply cap of 384 tokens:
 *
 *   model               protocol    passed  commands ran / written  tokens/s  first token (median)
 *   smollm2-135m        text        0/6     0/0 (no command at all)  6.2       0.31 s
 *   smollm2-135m-tools  tools       0/6     0/0 (no tool call)       4.5       1.0 s
 *   smollm2-135m        structured  1/6     43/51, all well-formed   4.6       6.9 s
 *
 * (the 8 that did not run were well-formed commands on ids or names not in the list; the schema
 * left no command malformed). The 135M model writes no command in the text or as a tool call;
 * held to the schema it writes commands on every turn and passes a case. smollm2-135m-tools is
 * the same weights with a tools template, which a structured request does not use.
 *
 * So: a model the eval measured gets the protocol that passed the most cases (MEASURED); a
 * model it did not measure keeps the rule from before (native tools when `/api/show` lists the
 * `tools` capability, JSON in the text otherwise), since nothing measured says more for it; a
 * server too old for a schema never gets `structured`.
 */
export const MEASURED: Readonly<Record<string, { protocol: Protocol; why: string }>> = {
  'smollm2-135m': { protocol: 'structured', why: 'the eval passed 1/6 structured, 0/6 in text (no command written)' },
  'smollm2-135m-tools': { protocol: 'structured', why: 'the eval passed 0/6 with tools (no call made); its weights passed 1/6 structured' },
};

export function chooseProtocol(setting: ProtocolSetting, facts: ProtocolFacts): ProtocolChoice {
  if (setting !== 'auto') return { protocol: setting, why: 'set in ollamaTasks.protocol' };
  const measured = MEASURED[baseName(facts.model)];
  const tools = facts.capabilities.includes('tools');
  const oldServer = facts.serverVersion !== undefined && olderThan(facts.serverVersion, FORMAT_SINCE);
  if (measured && (measured.protocol !== 'tools' || tools) && !(measured.protocol === 'structured' && oldServer)) {
    return { protocol: measured.protocol, why: `auto: ${measured.why}` };
  }
  const unmeasured = oldServer ? `Ollama ${facts.serverVersion} takes no JSON schema (${FORMAT_SINCE}+ does)` : measured ? 'the model lists no tools' : 'not in the eval';
  return tools
    ? { protocol: 'tools', why: `auto: ${unmeasured}; the model lists the tools capability` }
    : { protocol: 'text', why: `auto: ${unmeasured}; the model lists no tools` };
}

/** "smollm2-135m:latest" → "smollm2-135m" (the table names models without the tag). */
function baseName(model: string): string {
  return model.replace(/:latest$/, '');
}

/** "0.4.7" < "0.5.0"; a version it cannot read ("0.0.0-dev", "main") counts as new. */
export function olderThan(version: string, than: string): boolean {
  const parse = (v: string) => /^v?(\d+)\.(\d+)\.(\d+)/.exec(v)?.slice(1).map(Number);
  const a = parse(version);
  const b = parse(than)!;
  if (!a || (a[0] === 0 && a[1] === 0 && a[2] === 0)) return false;
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}

/**
 * The choice for one model on one server: asks `/api/show` (once per host and model, kept in
 * `toolSupport`) and `/api/version`. `refusedTools`: the server just answered 400 "does not
 * support tools" although tools were chosen, so choose again without them.
 */
export async function choiceFor(setting: ProtocolSetting, client: OllamaClient, toolSupport: Map<string, boolean>, refusedTools = false): Promise<ProtocolChoice> {
  const { host, model } = client.config;
  if (refusedTools && setting === 'tools') return { protocol: 'text', why: `${model} takes no tools (the server said so)` };
  if (setting !== 'auto') return chooseProtocol(setting, { model, capabilities: [] });
  const key = `${host} ${model}`;
  if (!toolSupport.has(key)) {
    const capabilities = await client.capabilities().catch(() => [] as string[]);
    toolSupport.set(key, capabilities.includes('tools'));
  }
  const serverVersion = await client.version().catch(() => undefined);
  return chooseProtocol('auto', { model, capabilities: toolSupport.get(key) ? ['tools'] : [], serverVersion });
}
