// A cancellable progress notification for a long step (pulling a model, setting up the tasks model).
import * as vscode from 'vscode';
import { messageOf } from '../core/errors';

/**
 * Runs `work` under a cancellable notification titled `title`. `report` takes a line and, when
 * known, the fraction done (0–1), which moves the bar; Cancel aborts `signal`. Resolves with
 * whether the work finished; a failure is shown with its message (which says what to do).
 */
export function withCancellableProgress(
  title: string,
  work: (report: (message: string, fraction?: number) => void, signal: AbortSignal) => Promise<void>,
): Thenable<boolean> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const abort = new AbortController();
    const cancelled = token.onCancellationRequested(() => abort.abort());
    let last = 0;
    const report = (message: string, fraction?: number) => {
      const percent = fraction === undefined ? undefined : Math.round(fraction * 100);
      const increment = percent === undefined ? undefined : Math.max(0, percent - last);
      if (percent !== undefined) last = percent;
      progress.report({ message, increment });
    };
    try {
      await work(report, abort.signal);
      return true;
    } catch (err) {
      void vscode.window.showErrorMessage(messageOf(err));
      return false;
    } finally {
      cancelled.dispose();
    }
  });
}
