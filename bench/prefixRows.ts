// The prefix benchmark's figures per turn and the report rows made from them (what prefix.json and docs/benchmarks.md hold).
import type { IdRow } from './report';
import { scripts, type Exchange, type Layout, type TurnFigures } from './prefixShared';

export function figures(ex: readonly Exchange[], changedBy: readonly ('model' | 'bench')[]) {
  const perTurn: TurnFigures[] = [];
  for (let i = 1; i <= changedBy.length; i++) {
    const mine = ex.map((e, k) => ({ e, k })).filter(({ e }) => e.turn === i);
    const newTokens = mine.reduce(
      (sum, { e, k }) => sum + (k === 0 ? e.promptEvalCount : Math.max(0, e.promptEvalCount - ex[k - 1].promptEvalCount - ex[k - 1].evalCount)),
      0,
    );
    const evaluated = mine.reduce((sum, { e }) => sum + e.evaluated, 0);
    perTurn.push({
      turn: i,
      requests: mine.length,
      evaluated,
      newTokens,
      ratio: evaluated / Math.max(1, newTokens),
      firstTokenMs: mine[0]?.e.firstLineMs ?? NaN,
      firstTokenCpuMs: mine[0]?.e.firstLineCpuMs ?? NaN,
      changedBy: changedBy[i - 1],
    });
  }
  // Trimming to the context length would drop the first question: say so when it happened.
  const trimmedAt = ex.find((e, k) => k > 0 && e.messages < ex[k - 1].messages)?.turn ?? null;
  return { perTurn, exchanges: ex, trimmedAt };
}

export const LAYOUTS: Layout[] = ['stable', 'whole', 'today'];

export type Run = ReturnType<typeof figures>;

export const WHAT: Record<Layout, string> = {
  stable: 'the chat now: the list once, then its changes',
  whole: 'session 5: the whole list with every message',
  today: 'the earlier layout: the list in the system message',
};
export const SUFFIX: Record<Layout, string> = { stable: '', whole: '.whole', today: '.today' };

/** The rows of the layouts that ran (also what prefix.json holds, to compute them again). */
export function allRows(runs: Partial<Record<Layout, Run>>): IdRow[] {
  return LAYOUTS.flatMap((layout) => {
    const run = runs[layout];
    const s = SUFFIX[layout];
    return run ? rows(`prefix.evalPerTurn${s}` as EvalId, `prefix.firstToken${s}` as FirstId, run, WHAT[layout], `prefix.firstTokenCpu${s}` as CpuId) : [];
  });
}

export type EvalId = 'prefix.evalPerTurn' | 'prefix.evalPerTurn.whole' | 'prefix.evalPerTurn.today';
export type FirstId = 'prefix.firstToken' | 'prefix.firstToken.whole' | 'prefix.firstToken.today';
export type CpuId = 'prefix.firstTokenCpu' | 'prefix.firstTokenCpu.whole' | 'prefix.firstTokenCpu.today';

export function rows(evalId: EvalId, firstId: FirstId, run: Run, what: string, cpuId?: CpuId): IdRow[] {
  const later = run.perTurn.slice(1); // turn 1 is the whole prompt in either layout
  const evaluated = later.reduce((s, t) => s + t.evaluated, 0);
  const fresh = later.reduce((s, t) => s + t.newTokens, 0);
  const worst = later.reduce((a, b) => (b.ratio > a.ratio ? b : a));
  const byModel = run.perTurn.filter((t) => t.changedBy === 'model').length;
  const t2 = run.perTurn[1].firstTokenMs;
  const t20 = run.perTurn.at(-1)!.firstTokenMs;
  const c2 = run.perTurn[1].firstTokenCpuMs;
  const c20 = run.perTurn.at(-1)!.firstTokenCpuMs;
  const trimmed = run.trimmedAt === null ? 'no trimming' : `trimmed to the context from turn ${run.trimmedAt}`;
  return [
    {
      id: evalId,
      name: `tokens evaluated per turn vs the turn's new tokens (${what}, turns 2–${run.perTurn.length})`,
      value: evaluated / later.length,
      unit: 'tokens',
      baseline: fresh / later.length,
      ratio: evaluated / Math.max(1, fresh),
      goal: '≤ 1.2× on every turn',
      met: later.every((t) => t.ratio <= 1.2),
      ratioMeaning: 'evaluated ÷ new',
      note: `real Ollama ${scripts.OLLAMA_VERSION}, ${scripts.DEFAULT_MODEL}, CPU; mean per turn over turns 2–${run.perTurn.length}; worst turn ${worst.turn}: ${worst.evaluated} evaluated for ${worst.newTokens} new (${worst.ratio.toFixed(2)}×); evaluated = the runner's "remaining" in its debug log, new = prompt_eval_count − the previous prompt and reply; the list changed every turn (${byModel} of ${run.perTurn.length} changes by the model's commands, the rest by hand); ${trimmed}`,
    },
    {
      id: firstId,
      name: `first-token time, turn ${run.perTurn.length} vs turn 2 (${what})`,
      value: t20,
      unit: 'ms',
      baseline: t2,
      ratio: t20 / t2,
      goal: '≤ 1.5× turn 2',
      met: t20 / t2 <= 1.5,
      ratioMeaning: 'turn 20 ÷ turn 2',
      note: `time from the request to the server's first streamed line, first request of each turn (one sample each, on a shared machine: the medians of turns 2–4 and of the last three are ${median(run.perTurn.slice(1, 4))} ms and ${median(run.perTurn.slice(-3))} ms); ${run.perTurn.at(-1)!.evaluated} tokens evaluated on turn ${run.perTurn.length}, ${run.perTurn[1].evaluated} on turn 2`,
    },
    ...(cpuId && Number.isFinite(c2) && Number.isFinite(c20)
      ? [
          {
            id: cpuId,
            name: `the server's CPU time to the first token, turn ${run.perTurn.length} vs turn 2 (${what})`,
            value: c20,
            unit: 'ms',
            baseline: c2,
            ratio: c20 / Math.max(1, c2),
            goal: '≤ 1.5× turn 2',
            met: c20 / Math.max(1, c2) <= 1.5,
            ratioMeaning: 'turn 20 ÷ turn 2',
            note: `user + system CPU time of the runner process (/proc, 10 ms ticks) from the request to its first streamed line: the work of reading the prompt, without the wait for a core that the wall time holds on a shared machine; medians of turns 2–4 and of the last three: ${cpuMedian(run.perTurn.slice(1, 4))} ms and ${cpuMedian(run.perTurn.slice(-3))} ms`,
          } satisfies IdRow,
        ]
      : []),
  ];
}

export function cpuMedian(turns: readonly TurnFigures[]): number {
  const sorted = turns.map((t) => t.firstTokenCpuMs).sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)]);
}

export function median(turns: readonly TurnFigures[]): number {
  const sorted = turns.map((t) => t.firstTokenMs).sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)]);
}
