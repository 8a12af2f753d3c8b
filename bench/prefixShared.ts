// What the prefix benchmark's parts share: the real server's handle, the layouts, the per-turn figures' shape, and the runner's pid and CPU time.
import * as fs from 'node:fs';
import * as childProcess from 'node:child_process';
// @ts-ignore -- plain JS shared with the tests and `npm start`.
import * as ollamaJs from '../scripts/ollama.mjs';

export interface Server {
  url: string;
  logs(): string;
  stop(): Promise<void>;
}
export const scripts = ollamaJs as unknown as {
  DEFAULT_MODEL: string;
  OLLAMA_VERSION: string;
  ensureOllamaWithModels(opts: { log?: (l: string) => void; names?: string[] }): Promise<unknown>;
  startOllama(opts: { env?: Record<string, string> }): Promise<Server>;
};

/** stable: what the chat sends (the list once, then its changes); whole and today: see prefixLayouts.ts. */
export type Layout = 'stable' | 'whole' | 'today';

/** One /api/chat request as the server answered it. */
export interface Exchange {
  turn: number;
  messages: number;
  promptEvalCount: number;
  evalCount: number;
  evaluated: number;
  firstLineMs: number;
  firstLineCpuMs: number;
}

/**
 * firstTokenCpuMs: the CPU time the runner process used from the request to its first streamed
 * line (/proc user + system time). On a machine shared with other builds the wall time mostly
 * measures the wait for a core; the CPU time is the work the server did to read the prompt.
 */
export interface TurnFigures {
  turn: number;
  requests: number;
  evaluated: number;
  newTokens: number;
  ratio: number;
  firstTokenMs: number;
  firstTokenCpuMs: number;
  changedBy: 'model' | 'bench';
}

/** The runner under an `ollama serve` (started by the first request that loads the model; 0 before). */
export function runnerPid(server: { pid?: number }): number {
  if (!server.pid) return 0;
  const r = childProcess.spawnSync('pgrep', ['-P', String(server.pid)], { encoding: 'utf8' }) as { stdout: string };
  return Number(r.stdout.trim().split('\n')[0]) || 0;
}

/** A process's user + system CPU time so far, in ms (/proc/PID/stat; NaN when there is none). */
export function cpuMs(pid: number): number {
  if (!pid || !fs.existsSync(`/proc/${pid}/stat`)) return NaN;
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in clock ticks of 1/100 s
}
