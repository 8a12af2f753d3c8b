// Shared state of routerFuzz.test.ts: the seed, the two-folder app under test with its logs and pushes, and snapshots of both databases.
import * as path from 'node:path';
import { after, before } from 'node:test';
import type { ToWebview } from '../../src/core/protocol';
import type { Profile, Task } from '../../src/core/model';
import { TasksApp } from '../../src/host/tasksApp';
import { queryAll } from '../../src/store/tx';
import { type FakeOllama, startFakeOllama } from '../fixtures/fakeOllama';
import { mulberry32 } from '../fixtures/prng';
import { tempDir } from '../helpers';

export const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed);
export const COUNT = Number(process.env.FUZZ_COUNT ?? 4000);

/** mulberry32: small, fast, good enough to pick test inputs. */
export function prng(seed: number) {
  const next = mulberry32(seed);
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}

let ollama: FakeOllama;
export let app: TasksApp;
export const logs: string[] = [];
export const pushes: string[] = [];
export const view = { post: (m: ToWebview) => pushes.push(...(m.type === 'push' ? m.parts : [m.html])) };

export interface FolderState {
  profiles: Profile[];
  /** The profile shown (what activeProfile() says). */
  active: number;
  /** What the file stores as the shown profile. */
  stored: string | undefined;
  tasks: Task[];
}
export interface Snapshot {
  activeFolder: string;
  folders: Record<string, FolderState>;
}

export async function snapshot(): Promise<Snapshot> {
  const folders: Record<string, FolderState> = {};
  for (const f of app.folders) {
    const s = await app.service(f.key);
    const profiles = s.profiles();
    const stored = s.db.read((db) => queryAll<{ value: string }>(db, "SELECT value FROM meta WHERE key = 'active_profile'")[0]?.value);
    folders[f.key] = { profiles, active: s.activeProfile().id, stored, tasks: profiles.flatMap((p) => s.tasks(p.id)).sort((a, b) => a.id - b.id) };
  }
  return { activeFolder: app.activeFolder, folders };
}

/** Opens the app with its two folders before the calling file's tests, and closes it after. */
export function useFuzzApp(): void {
  before(async () => {
    ollama = await startFakeOllama();
    const dir = tempDir('ot-fuzz-');
    app = new TasksApp({
      folders: ['one', 'two'].map((key) => ({ key, name: key, dbPath: path.join(dir, key, '.vscode', 'tasks.sqlite') })),
      log: (level, message) => logs.push(`${level}: ${message}`),
      notify: () => undefined,
      llmConfig: async () => ({ host: ollama.url, model: 'gemma2:2b', contextLength: 4096 }),
    });
    // Folder two gets more profiles and tasks than folder one, so its ids exist nowhere in one.
    for (const [key, profiles, perProfile] of [
      ['two', ['Home', 'Work', 'Side'], 6],
      ['one', ['Default2', 'Other'], 4],
    ] as const) {
      const s = await app.service(key);
      const home = s.activeProfile();
      for (const name of profiles) await s.createProfile(name, false);
      for (const p of s.profiles()) for (let i = 0; i < perProfile; i++) await s.addTask(`${key} ${p.name} ${i}`, { profileId: p.id });
      await s.switchProfile(home.id);
    }
    await app.handle({ type: 'request', id: 0, method: 'GET', path: '/view', body: '' }, view); // attach: pushes are audited too
  });
  after(async () => {
    await app.chat.stop();
    await app.chat.idle();
    app.dispose();
    await ollama.stop();
  });
}
