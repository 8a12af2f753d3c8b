// The word lists of model/data/, read once, with every name an eval suite uses taken out.
import fs from 'node:fs';
import path from 'node:path';
import { APP_PROFILE_NAME, normalName, type EvalText } from './evalText';

export interface Pools {
  /** "Verb rest" names, all domains together. */
  plain: string[];
  /** Names with emoji, quotes, HTML, other scripts, symbols: [kind, name]. */
  special: [string, string][];
  injection: string[];
  people: string[];
  duplicates: string[];
  newTasks: string[];
  renames: string[];
  profiles: string[];
  newProfiles: string[];
  past: Record<string, string>;
  templates: Record<string, string[]>;
  /** How many names the eval suites took out of the pools. */
  excluded: number;
}

function read(dir: string, file: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Record<string, unknown>;
}

export function loadPools(dataDir: string, evalText: EvalText): Pools {
  const tasks = read(dataDir, 'tasks.json') as {
    plain: Record<string, string[]>;
    special: Record<string, string[]>;
    injection: string[];
    people: string[];
    duplicates: string[];
  };
  const words = read(dataDir, 'words.json') as { newTasks: string[]; renames: string[]; profiles: string[]; newProfiles: string[] };
  const verbs = read(dataDir, 'verbs.json') as { past: Record<string, string> };
  const templates = read(dataDir, 'templates.json') as Record<string, unknown>;
  let excluded = 0;
  const clean = (names: string[]) =>
    names.filter((n) => {
      const ok = !evalText.names.has(normalName(n));
      if (!ok) excluded++;
      return ok;
    });
  const pools: Pools = {
    plain: clean(Object.values(tasks.plain).flat()),
    special: Object.entries(tasks.special).flatMap(([kind, names]) => clean(names).map((n): [string, string] => [kind, n])),
    injection: clean(tasks.injection),
    people: tasks.people,
    duplicates: clean(tasks.duplicates),
    newTasks: clean(words.newTasks),
    renames: clean(words.renames),
    profiles: clean(words.profiles).filter((p) => p !== APP_PROFILE_NAME),
    newProfiles: clean(words.newProfiles),
    past: verbs.past,
    templates: Object.fromEntries(Object.entries(templates).filter(([k]) => k !== 'description')) as Record<string, string[]>,
    excluded,
  };
  return pools;
}
