// The generated parts of the docs pages: a table between `<!-- NAME:start -->` and `<!-- NAME:end -->`
// in a Markdown file, replaced by the script that measured it (the bench, the eval, the package).
// One helper so every writer fails the same way when its page or markers are gone: a run that
// measured for minutes must not end with its table silently dropped.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(fileURLToPath(import.meta.url), '../..');

/** Where each generated table lives, relative to the repository root. */
export const DOC_PAGES = {
  eval: 'docs/eval.md',
  bench: 'docs/benchmarks.md',
  firsttoken: 'docs/benchmarks.md',
  package: 'docs/package.md',
};

/** The page that holds the section NAME, as an absolute path. */
export function docPage(name) {
  return path.join(ROOT, DOC_PAGES[name]);
}

/**
 * Replaces what stands between NAME's markers in FILE with BODY (a trailing newline added).
 * Throws, naming the file and the markers, when either marker is missing; writes nothing then.
 * Returns whether the file changed.
 */
export function replaceDocSection(file, name, body) {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`${path.basename(file)} has no ${start} … ${end} section (${file}); put the two markers back where the table belongs`);
  const next = `${text.slice(0, a + start.length)}\n${body.replace(/\n$/, '')}\n${text.slice(b)}`;
  if (next === text) return false;
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, next);
  fs.renameSync(tmp, file);
  return true;
}
