// Command ids in one enum, and registerCommands: the palette's task commands (add, toggle, delete, undo, …).
import * as vscode from 'vscode';
import { registerSafeCommand } from './safeCommand';
import type { Task } from '../core/model';
import type { TasksApp } from '../host/tasksApp';

/** Command ids, in one place (they are also in package.json). */
export const enum CommandId {
  AddTask = 'ollamaTasks.addTask',
  ToggleTask = 'ollamaTasks.toggleTask',
  DeleteTask = 'ollamaTasks.deleteTask',
  SwitchProfile = 'ollamaTasks.switchProfile',
  Undo = 'ollamaTasks.undo',
}

/** The palette's face of the same service the panel uses. */
export function registerCommands(context: vscode.ExtensionContext, app: TasksApp): void {
  const register = (id: CommandId, run: () => Promise<unknown>) => registerSafeCommand(context, id, run, (message) => app.log('warn', message));

  register(CommandId.AddTask, async () => {
    const service = await app.service();
    const name = await vscode.window.showInputBox({
      title: vscode.l10n.t('Add a task to “{0}”', service.activeProfile().name),
      prompt: vscode.l10n.t('The task’s name'),
      placeHolder: vscode.l10n.t('e.g. 🎯 Finish the report'),
      validateInput: (value) => (value.trim() ? undefined : vscode.l10n.t('Type a name for the task.')),
    });
    if (name !== undefined) await service.addTask(name);
  });

  register(CommandId.ToggleTask, async () => {
    const service = await app.service();
    const task = await pickTask(service.tasks(), vscode.l10n.t('Toggle which task? (✓ = done)'));
    if (task) await service.toggleTask(task.id);
  });

  register(CommandId.DeleteTask, async () => {
    const service = await app.service();
    const task = await pickTask(service.tasks(), vscode.l10n.t('Delete which task? (Undo brings it back)'));
    if (task) await service.deleteTask(task.id);
  });

  register(CommandId.SwitchProfile, async () => {
    const service = await app.service();
    const active = service.activeProfile();
    const picked = await vscode.window.showQuickPick(
      service.profiles().map((p) => ({ label: p.name, description: p.id === active.id ? vscode.l10n.t('current') : undefined, id: p.id })),
      { title: vscode.l10n.t('Switch profile'), placeHolder: vscode.l10n.t('Pick the task list to show') },
    );
    if (picked) await service.switchProfile(picked.id);
  });

  register(CommandId.Undo, async () => {
    const label = await (await app.service()).undo();
    void vscode.window.setStatusBarMessage(label ? vscode.l10n.t('Ollama Tasks: undid {0}', label) : vscode.l10n.t('Ollama Tasks: nothing to undo'), 4000);
  });
}

async function pickTask(tasks: Task[], placeHolder: string): Promise<Task | undefined> {
  if (tasks.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('This list has no tasks yet. Add one with “Ollama Tasks: Add Task”.'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    tasks.map((task) => ({ label: `${task.done ? '✓' : '○'} ${task.name}`, description: `#${task.id}`, task })),
    { placeHolder, matchOnDescription: true },
  );
  return picked?.task;
}
