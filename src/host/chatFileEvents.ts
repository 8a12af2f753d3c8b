// What an open list does with its chat file's events: another window's messages redrawn, a bad file or failed save said, a restored task file's conversation moved.
import { ChatStore } from '../store/chatStore';
import { moveChat } from '../store/chatMove';
import type { DbEvent, TaskDb } from '../store/taskDb';
import type { TaskService } from '../store/taskService';
import { watchFile } from '../store/watch';

export interface ChatFileHooks {
  /** Whether the views show this list now. */
  shown(): boolean;
  /** Pushes the chat log again to every view. */
  redraw(): void;
  log(message: string): void;
}

/**
 * Follows a list's chat file: watched, and read again when another window changed it; its
 * messages redraw the chat alone, only when they change what it shows. A file set aside or a
 * failed save is a notice. A task file replaced by one that still holds a conversation (an older
 * copy restored, `git checkout`) has it moved into the chat file at once. Returns the unsubscribe.
 */
export function followChatFile(service: TaskService, chatDb: TaskDb, hooks: ChatFileHooks): () => void {
  const shownChat = () => {
    const profileId = service.activeProfile().id;
    return JSON.stringify([profileId, new ChatStore(service.db).messages(profileId)]);
  };
  let before: string | undefined;
  const onEvent = (event: DbEvent) => {
    if (event.type === 'reloading') {
      before = hooks.shown() ? shownChat() : undefined;
    } else if (event.type === 'reloaded') {
      if (hooks.shown() && before !== shownChat()) hooks.redraw();
      before = undefined;
    } else {
      service.notice(
        event.type === 'save-failed'
          ? { level: 'error', message: event.message }
          : {
              level: 'warning',
              message: `The conversation file ${event.file} could not be read (${event.reason}). It was kept as ${event.aside} and a fresh conversation was started; the tasks are untouched.`,
            },
      );
      if (hooks.shown()) hooks.redraw();
    }
  };
  const off = chatDb.onEvent(onEvent);
  for (const event of chatDb.openEvents.splice(0)) onEvent(event);

  let moving = false;
  const offTasks = service.db.onEvent((event) => {
    if (event.type !== 'reloaded' || moving) return;
    moving = true;
    // After the reload's other listeners: the move writes both files.
    void Promise.resolve()
      .then(() => moveChat(service.db, chatDb))
      .then(
        (moved) => moved && hooks.shown() && hooks.redraw(),
        (err: unknown) => hooks.log(`Moving the conversation out of ${service.db.file} failed: ${String(err)}`),
      )
      .finally(() => (moving = false));
  });

  const unwatch = watchFile(chatDb.file, () => {
    try {
      chatDb.refreshIfChanged();
    } catch (err) {
      hooks.log(`Reading ${chatDb.file} again failed: ${String(err)}`);
    }
  });
  return () => {
    unwatch();
    off();
    offTasks();
  };
}
