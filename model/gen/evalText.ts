// What the eval suites hold that training data must not: their list names and their requests.
// Read programmatically (never by a person writing templates) so the generator can leave them out
// and the tests can prove it did.
import fs from 'node:fs';
import path from 'node:path';

/** The suites the trained model is measured on: the development suite and the frozen test suite (when present). */
export const EVAL_SUITES = ['src/eval/suite.json', 'src/eval/suite-more.json', 'model/eval/frozen-suite.json'];

export interface EvalText {
  /** Task and profile names in the suites' lists (seeds and expectations), lower-cased and trimmed. */
  names: Set<string>;
  /** The suites' requests, normalised (`normalRequest`). */
  requests: Set<string>;
  /** How many suite files were read. */
  files: number;
}

const STOP_WORDS = new Set(
  'a an the to of and or in on at for is are be it its my me i you your please can could would will just now that this these those all so then with as by from up'.split(
    ' ',
  ),
);

/** A request as compared for near-equality: lower case, no punctuation, no stop words, single spaces. */
export function normalRequest(text: string): string {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => !STOP_WORDS.has(w)).join(' ');
}

/** A name as compared for overlap. */
export function normalName(name: string): string {
  return name.trim().toLowerCase();
}

/** The app's own name for the first profile: every list starts with it, so it is not the eval's content. */
export const APP_PROFILE_NAME = 'Default';

const TASK_TEXT = /^\[( |x|X)\] (.*)$/;

/** Reads the suites under `root` (absent files are skipped) and collects their names and requests. */
export function readEvalText(root: string): EvalText {
  const out: EvalText = { names: new Set(), requests: new Set(), files: 0 };
  for (const file of EVAL_SUITES) {
    const full = path.join(root, file);
    if (!fs.existsSync(full)) continue;
    out.files++;
    walk(JSON.parse(fs.readFileSync(full, 'utf8')), out);
  }
  out.names.delete(normalName(APP_PROFILE_NAME));
  return out;
}

function walk(node: unknown, out: EvalText): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, out);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const record = node as Record<string, unknown>;
  if (typeof record.request === 'string') out.requests.add(normalRequest(record.request));
  if (Array.isArray(record.tasks)) {
    if (typeof record.name === 'string') out.names.add(normalName(record.name));
    if (typeof record.was === 'string') out.names.add(normalName(record.was));
    for (const task of record.tasks) {
      if (typeof task === 'string') out.names.add(normalName(task.match(TASK_TEXT)?.[2] ?? task));
      else if (task && typeof task === 'object') {
        const t = task as Record<string, unknown>;
        if (typeof t.name === 'string') out.names.add(normalName(t.name));
        if (typeof t.was === 'string') out.names.add(normalName(t.was));
      }
    }
  }
  for (const value of Object.values(record)) walk(value, out);
}
