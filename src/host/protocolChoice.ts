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

/** One protocol's whole-suite figures for one model, and the results file they came from. */
export interface Figure {
  passed: number;
  total: number;
  /**
   * Unsafe changes the eval counted in that row (a change on a request that asked for none, a
   * destructive change to a task the request did not name); absent in files written before the
   * eval counted them.
   */
  unsafe?: number;
  file: string;
}

/** One model's whole-suite figures: protocol → figure, the protocol auto picks from them, and why. */
export interface Measured {
  protocol: Protocol;
  passed: Partial<Record<Protocol, Figure>>;
  why: string;
}

/**
 * What one unsafe change costs a protocol, in passed cases. A failed case leaves the list as it
 * was; an unsafe change loses a person's data or changes what they did not ask to change, which
 * is worse than a case not done: it costs its own case and one more. So a protocol that passes
 * one case more but makes one unsafe change more loses to the other.
 */
export const UNSAFE_WEIGHT = 2;

/** A protocol's score on the eval: cases passed, less UNSAFE_WEIGHT for each unsafe change. */
export function score(figure: Pick<Figure, 'passed' | 'unsafe'>): number {
  return figure.passed - UNSAFE_WEIGHT * (figure.unsafe ?? 0);
}

/** On equal scores, the first of these: text shows the model's commands where a person can read them. */
const TIE_ORDER: readonly Protocol[] = ['text', 'guided', 'structured', 'tools'];

/**
 * The rule auto follows, from what the real eval measured on the WHOLE suite (35 cases; docs/protocols.md,
 * "Which protocol"): real Ollama 0.17.4, CPU, replies capped at 96 tokens, 2026-12-01 on 2 shared
 * cores (AMD EPYC, 24 GB). A model the eval measured gets the protocol with the best score there
 * (cases passed, each unsafe change counting against it: score(); test/unit/structuredSchema.test.ts
 * reads the results files and checks this table against them); on a tie, text, which shows the
 * model's commands in its reply where a person can read them.
 *
 * A model made for one protocol gets it (TRAINED_FOR: the shipped `ollama-tasks-135m` was trained
 * for the guided protocol). A model the eval did not measure keeps the rule from before: native tools when
 * `/api/show` lists the `tools` capability, JSON in the text otherwise. Not guided, though any
 * model takes its schema: what was measured says a model nobody taught the schema does worse
 * held to it, not better. Held to a schema a model must act in every reply; untrained SmolLM2
 * chose the wrong operation in 35 of 35 cases under guided (DESIGN.md, the probe of 2026-12-07),
 * and under structured it wrote commands even for read-only requests, while in the text protocol
 * it mostly writes prose, which changes nothing. A wrong change is worse than no change
 * (UNSAFE_WEIGHT), so guided is for the models trained for it, for those the eval measured best
 * on it, and for whoever sets it. A server too old for a schema never gets structured or guided.
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
  'smollm2-135m': measuredEntry(SMOLLM2),
  // The same weights with a tools template: text and structured requests do not use the
  // template, so its weights' figures hold for them; tools made no call in 35 cases.
  'smollm2-135m-tools': measuredEntry(
    { ...SMOLLM2, tools: { passed: 5, total: 35, file: 'eval-2026-12-01-suite.json' } },
    ' (text and structured: its weights, as smollm2-135m; tools made no call)',
  ),
};

/** Models made for one protocol (the model card in model/ says which format they learnt). */
export const TRAINED_FOR: Readonly<Record<string, Protocol>> = {
  'ollama-tasks-135m': 'guided',
};

/** The protocol with the best score (ties: TIE_ORDER), and a status line that gives the figures it rests on. */
export function measuredEntry(passed: Measured['passed'], note = ''): Measured {
  const entries = Object.entries(passed) as [Protocol, Figure][];
  const rank = (p: Protocol) => TIE_ORDER.indexOf(p);
  entries.sort(([a, fa], [b, fb]) => score(fb) - score(fa) || rank(a) - rank(b));
  const figures = entries.map(([p, f]) => `${p} ${f.passed}/${f.total}${f.unsafe === undefined ? '' : ` (${f.unsafe} unsafe)`}`).join(', ');
  return { protocol: entries[0][0], passed, why: `the whole-suite eval passed ${figures}${note}` };
}

/** The protocols that send `format`: not for a server too old to honour a schema. */
const NEEDS_SCHEMA: ReadonlySet<Protocol> = new Set(['structured', 'guided']);

export function chooseProtocol(setting: ProtocolSetting, facts: ProtocolFacts): ProtocolChoice {
  if (setting !== 'auto') return { protocol: setting, why: 'set in ollamaTasks.protocol' };
  const name = baseName(facts.model);
  const measured = MEASURED[name];
  const tools = facts.capabilities.includes('tools');
  const oldServer = facts.serverVersion !== undefined && olderThan(facts.serverVersion, FORMAT_SINCE);
  if (measured && (measured.protocol !== 'tools' || tools) && !(NEEDS_SCHEMA.has(measured.protocol) && oldServer)) {
    return { protocol: measured.protocol, why: `auto: ${measured.why}` };
  }
  const trained = TRAINED_FOR[name];
  if (!measured && trained && !(NEEDS_SCHEMA.has(trained) && oldServer)) {
    return { protocol: trained, why: `auto: ${name} was trained for the ${trained} protocol` };
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
