/**
 * Runs `poll` every `intervalMs`, but only while `active()` says someone looks (a view is open):
 * a status check nobody sees should not reach the server, with its credentials, forever.
 */
export function pollWhileActive(options: { intervalMs: number; active: () => boolean; poll: () => Promise<void> }): { dispose(): void } {
  let running = false;
  const timer = setInterval(() => {
    if (running || !options.active()) return;
    running = true; // a slow answer is not asked for again meanwhile
    void options
      .poll()
      .catch(() => undefined)
      .finally(() => (running = false));
  }, options.intervalMs);
  timer.unref?.();
  return { dispose: () => clearInterval(timer) };
}
