// The built-in request suite (suite.json) and its seed, read through suiteFile.ts.
import type { TaskService } from '../store/taskService';
import builtin from './suite.json';
import { type EvalCase, type SeedProfile, suiteCases } from './suiteFile';
import { seedWorld, type World } from './world';

export type { EvalCase, SeedProfile, Verdict } from './suiteFile';

/**
 * The request suite `ollama-tasks eval` runs: everyday requests over every operation, each sent to
 * a fresh database seeded with the same known list, then scored on the database it leaves. The
 * suite is data (suite.json, bundled into the CLI by esbuild's JSON loader); `--suite FILE` runs
 * another written the same way (suiteFile.ts says how).
 */
export const CASES: readonly EvalCase[] = suiteCases(builtin, 'the built-in suite (src/eval/suite.json)');

/** The built-in seed, which replayed session-log turns start from too. */
export const SEED: SeedProfile[] = CASES[0].seed!;

/**
 * Fills a fresh service (which holds only the empty Default profile, active) with a seed: its first
 * profile is that one (renamed when the seed names it otherwise), and stays active; the chat acts on it.
 */
export async function seedList(service: TaskService, seed: readonly SeedProfile[] = SEED): Promise<World> {
  return seedWorld(service, seed);
}

/** A user turn from a session log, replayed on the seed: it passes when it ran without errors. */
export function replayCase(request: string): EvalCase {
  const name = request.replace(/\s+/g, ' ').trim();
  return {
    name: name.length > 60 ? `${name.slice(0, 59)}…` : name,
    request,
    kind: 'replay',
    replayed: true,
    check: () => ({ pass: true, why: 'ran without errors' }),
  };
}

/**
 * The user turns of a session log (JSON lines; `"type":"turn"` lines carry `user`). Follow-up
 * rounds repeat the same message with `round` > 0: only the first is the person's turn. Lines
 * that are not JSON are skipped (a log cut off mid-line by a crash still replays).
 */
export function turnsFromLog(text: string): string[] {
  const turns: string[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue;
    }
    const turn = value as { type?: unknown; user?: unknown; round?: unknown };
    if (turn?.type !== 'turn' || typeof turn.user !== 'string' || !turn.user.trim()) continue;
    if (typeof turn.round === 'number' && turn.round > 0) continue;
    turns.push(turn.user);
  }
  return turns;
}
