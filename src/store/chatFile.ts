// The conversation's own file beside the task file (tasks.sqlite → tasks.chat.sqlite): its schema, its name, and opening it for a task list.
import * as path from 'node:path';
import { type MoveHooks, moveChat } from './chatMove';
import type { Schema } from './sqlite';
import { TaskDb } from './taskDb';

/**
 * The chat file's schema steps (index + 1 is its `user_version`; append, never edit). The rows are
 * those the task file held up to its schema 4; `moved_message` remembers which of them came from
 * the task file (chatMove.ts), so moving again after a crash copies nothing twice.
 */
export const CHAT_SCHEMA: Schema = {
  noun: 'conversation',
  migrations: [
    `CREATE TABLE chat_message (
       id INTEGER PRIMARY KEY AUTOINCREMENT,
       profile_id INTEGER NOT NULL,
       role TEXT NOT NULL,
       content TEXT NOT NULL,
       status TEXT NOT NULL DEFAULT 'complete',
       note TEXT,
       stats TEXT,
       chips TEXT,
       context TEXT
     );
     CREATE INDEX chat_by_profile ON chat_message(profile_id, id);
     CREATE TABLE moved_message (
       source_id INTEGER PRIMARY KEY,
       message_id INTEGER NOT NULL,
       digest TEXT NOT NULL
     );`,
    // The reply exactly as the model wrote it, where that is not `content` (the guided protocol's
    // JSON: sent back in the history byte for byte, while `content` is what the bubble renders).
    `ALTER TABLE chat_message ADD COLUMN wrote TEXT;`,
  ],
};

/**
 * Where a task file's conversation lives: beside it, `.chat` before the extension
 * (`.vscode/tasks.sqlite` → `.vscode/tasks.chat.sqlite`), so `ollamaTasks.databasePath` still
 * names one thing and the two files always travel together.
 */
export function chatPathFor(taskFile: string): string {
  const { dir, name, ext } = path.parse(taskFile);
  return path.join(dir, `${name}.chat${ext}`);
}

/** The chat file open for each open task file (the conversation belongs to its list). */
const chatFiles = new WeakMap<TaskDb, TaskDb>();

/**
 * Opens the conversation file of an open task list, with the task file's guarantees (the same
 * TaskDb: lock, reload when another process changed it, atomic save, an unreadable file set
 * aside). A task file that still holds a conversation (written before schema 5) has it moved
 * first. Opening twice for one list gives the same file.
 */
export async function openChatFile(tasks: TaskDb, options: { lockTimeoutMs?: number; hooks?: MoveHooks } = {}): Promise<TaskDb> {
  const open = chatFiles.get(tasks);
  if (open) return open;
  // Kept to the task file's folder as the task file is: `tasks.chat.sqlite` may be a link of its own.
  const chat = await TaskDb.open(chatPathFor(tasks.file), { lockTimeoutMs: options.lockTimeoutMs, schema: CHAT_SCHEMA, within: tasks.within });
  try {
    await moveChat(tasks, chat, options.hooks);
  } catch (err) {
    chat.close();
    throw err;
  }
  // Opened meanwhile by another caller for the same list: keep one.
  const raced = chatFiles.get(tasks);
  if (raced) {
    chat.close();
    return raced;
  }
  chatFiles.set(tasks, chat);
  return chat;
}

/** The conversation file opened for this task list by `openChatFile`. */
export function chatFileOf(tasks: TaskDb): TaskDb {
  const chat = chatFiles.get(tasks);
  if (!chat) throw new Error(`The conversation of ${tasks.file} is not open (openChatFile was not called for this list).`);
  return chat;
}

/**
 * Closes the conversation file of a task list (saving what is pending), if one is open. It stays
 * the list's file: a reply still finishing as a window closes is refused with the closed file's
 * message ("… was closed: the change was not made"), as the task file's writes are.
 */
export function closeChatFile(tasks: TaskDb): void {
  chatFiles.get(tasks)?.close();
}
