// Which protocol auto picks per model and server (from what the eval measured), and why, in words.
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

/** One model's whole-suite figures: protocol → [passed, cases], and the results file each came from. */
export interface Measured {
  protocol: Protocol;
  passed: Partial<Record<Protocol, { passed: number; total: number; file: string }>>;
  why: string;
}

/**
 * The rule auto follows, from what the real eval measured on the WHOLE suite (35 cases; docs/protocols.md,
 * "Which protocol"): real Ollama 0.17.4, CPU, replies capped at 96 tokens, 2026-12-01 on 2 shared
 * cores (AMD EPYC, 24 GB). A model the eval measured gets the protocol that passed the most cases
 * there (test/unit/structuredSchema.test.ts reads the results files and checks this table against
 * them); on a tie, text, which shows the model's commands in its reply where a person can read
 * them; a model it did not measure keeps the rule from before (native tools when `/api/show`
 * lists the `tools` capability, JSON in the text otherwise), since nothing measured says more for
 * it; a server too old for a schema never gets `structured`.
 *
 * Samples do not count: on a 6-case sample structured passed 1/6 and text 0/6, which put
 * SmolLM2 on structured; the whole suite then gave text 5/35 (the read-only requests, where it
 * wrote no command; 5/35 again in this session's run, eval-2026-12-01-suite.json, whose rows all
 * ran with one runner thread) and structured 1/35 with the prompt of that run, 2/35 with the
 * current one (held to the schema it writes commands in nearly every reply, read-only requests
 * included).
 */
const SMOLLM2 = {
  text: { passed: 5, total: 35, file: 'eval-2026-12-01-suite.json' },
  structured: { passed: 2, total: 35, file: 'eval-2026-12-01-suite.json' },
};

export const MEASURED: Readonly<Record<string, Measured>> = {
  'smollm2-135m': measured('text', SMOLLM2),
  // The same weights with a tools template: text and structured requests do not use the
  // template, so its weights' figures hold for them; tools made no call in 35 cases.
  'smollm2-135m-tools': measured(
    'text',
    { ...SMOLLM2, tools: { passed: 5, total: 35, file: 'eval-2026-12-01-suite.json' } },
    ' (text and structured: its weights, as smollm2-135m; tools made no call)',
  ),
};

/** An entry whose status line gives the figures it rests on. */
function measured(protocol: Protocol, passed: Measured['passed'], note = ''): Measured {
  const figures = (Object.entries(passed) as [Protocol, { passed: number; total: number }][])
    .sort(([a], [b]) => (a === protocol ? -1 : b === protocol ? 1 : 0))
    .map(([p, f]) => `${p} ${f.passed}/${f.total}`)
    .join(', ');
  return { protocol, passed, why: `the whole-suite eval passed ${figures}${note}` };
}

export function chooseProtocol(setting: ProtocolSetting, facts: ProtocolFacts): ProtocolChoice {
  if (setting !== 'auto') return { protocol: setting, why: 'set in ollamaTasks.protocol' };
  const measured = MEASURED[baseName(facts.model)];
  const tools = facts.capabilities.includes('tools');
  const oldServer = facts.serverVersion !== undefined && olderThan(facts.serverVersion, FORMAT_SINCE);
  if (measured && (measured.protocol !== 'tools' || tools) && !(measured.protocol === 'structured' && oldServer)) {
    return { protocol: measured.protocol, why: `auto: ${measured.why}` };
  }
  const unmeasured = oldServer
    ? `Ollama ${facts.serverVersion} takes no JSON schema (${FORMAT_SINCE}+ does)`
    : measured
      ? 'the model lists no tools'
      : 'not in the eval';
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
export async function choiceFor(
  setting: ProtocolSetting,
  client: OllamaClient,
  toolSupport: Map<string, boolean>,
  refusedTools = false,
): Promise<ProtocolChoice> {
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
