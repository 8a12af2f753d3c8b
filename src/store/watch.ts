// Watches the task file's folder and calls back (debounced) when the file is replaced or changed.
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Calls `onChange` (debounced) when `file` is replaced or changed by anyone, ourselves included:
 * the callback is expected to compare stamps and ignore our own saves. Watches the folder, since
 * atomic saves replace the file (a watch on the file itself would die with its inode).
 */
export function watchFile(file: string, onChange: () => void, debounceMs = 40): () => void {
  const name = path.basename(file);
  let timer: NodeJS.Timeout | undefined;
  let watcher: fs.FSWatcher | undefined;
  try {
    watcher = fs.watch(path.dirname(file), (_event, changed) => {
      if (changed !== null && changed !== name) return;
      clearTimeout(timer);
      timer = setTimeout(onChange, debounceMs);
    });
    watcher.on('error', () => watcher?.close());
    watcher.unref(); // a watch alone must not keep a process (the CLI, a test) alive
  } catch {
    // Folder gone or not watchable (some network drives): changes from elsewhere then show on
    // the next write, which always reads the file again first.
  }
  return () => {
    clearTimeout(timer);
    watcher?.close();
  };
}
