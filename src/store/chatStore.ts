// The conversation, per profile, in the chat file beside the task list: messages added, finished, read, cleared.
import type { ChatMessage, ChatRole, MessageStatus, ReplyStats } from '../core/chat';
import type { Chip } from '../core/chips';
import { chatFileOf } from './chatFile';
import type { TaskDb } from './taskDb';
import { queryAll, type Row } from './tx';

/**
 * The conversation of a task list (per profile), kept in its own file beside the task file
 * (chatFile.ts), so it survives reloads and follows the list to another machine, while a click
 * saves only the tasks. Written when a message starts and when it ends, never per token; never
 * in the undo journal (Clear is its undo).
 */
export class ChatStore {
  private readonly db: TaskDb;

  /** The conversation of the list `tasks` (its chat file must be open: `openChatFile`). */
  constructor(tasks: TaskDb) {
    this.db = chatFileOf(tasks);
  }

  /**
   * The conversation as it may be sent to the model. A stored `system` row marks where the
   * teaching prompt was sent again: `reminder` (the teaching as it is now) goes in its place, so no
   * file can put system text of its own into the request. With `trusted` false (Restricted Mode)
   * only the messages this window wrote, as it wrote them, are sent: a workspace's file may hold a
   * conversation nobody on this machine had (a repository can ship one), and it must not steer the model.
   */
  conversation(profileId: number, options: { trusted: boolean; reminder: string }): ChatMessage[] {
    const mine = writtenHere.get(this.db);
    return this.messages(profileId)
      .filter((m) => options.trusted || mine?.get(m.id) === written(m.role, m.content, m.context))
      .map((m) => (m.role === 'system' ? { ...m, content: options.reminder } : m));
  }

  messages(profileId: number): ChatMessage[] {
    return this.db.read((db) => queryAll<Row>(db, 'SELECT * FROM chat_message WHERE profile_id = ? ORDER BY id', [profileId]).map(toMessage));
  }

  /**
   * Adds a message. Resolves once it is in memory, not on disk: the save follows within a few
   * milliseconds (with the reply's other writes), so Send shows the bubble and starts the request at
   * once. A failed save is reported as a notice, and the reply's end waits for the save.
   */
  async add(profileId: number, role: ChatRole, content: string, status: MessageStatus = 'complete', context?: string): Promise<ChatMessage> {
    return this.db.write(
      null,
      (tx) => {
        tx.run('INSERT INTO chat_message (profile_id, role, content, status, context) VALUES (?, ?, ?, ?, ?)', [
          profileId,
          role,
          content,
          status,
          context ?? null,
        ]);
        const id = tx.lastId();
        remember(this.db, id, role, content, context);
        return { id, profileId, role, content, status, ...(context === undefined ? {} : { context }) };
      },
      undefined,
      { deferred: true, background: true },
    );
  }

  /**
   * Writes a reply as it ended, whole. Only the run that streamed it calls this, once: every later
   * change to it is one chip's (`updateChip`), so no old copy of the row is ever written back.
   */
  async finish(message: ChatMessage): Promise<void> {
    remember(this.db, message.id, message.role, message.content, message.context);
    await this.db.write(null, (tx) =>
      tx.run('UPDATE chat_message SET content = ?, status = ?, note = ?, stats = ?, chips = ?, wrote = ?, context = ? WHERE id = ?', [
        message.content,
        message.status,
        message.note ?? null,
        message.stats ? JSON.stringify(message.stats) : null,
        message.chips?.length ? JSON.stringify(message.chips) : null,
        message.wrote ?? null,
        message.context ?? null,
        message.id,
      ]),
    );
  }

  /**
   * Changes one chip of a stored reply, in one transaction that reads the row as the file holds it
   * then (the lock taken and the file read again if another window saved it): the reply's text,
   * status, stats and other chips stay as they are. Resolves with the row as changed; undefined when
   * the message is gone, and unchanged when it holds no such chip (a reply still streaming, whose own
   * save writes its chips).
   */
  async updateChip(id: number, next: Chip): Promise<ChatMessage | undefined> {
    return this.db.write(null, (tx) => {
      const row = tx.get<Row>('SELECT * FROM chat_message WHERE id = ?', [id]);
      if (!row) return undefined;
      const message = toMessage(row);
      if (!message.chips?.some((c) => c.index === next.index)) return message;
      const chips = withChip(message.chips, next);
      tx.run('UPDATE chat_message SET chips = ? WHERE id = ?', [JSON.stringify(chips), id]);
      return { ...message, chips };
    });
  }

  /** A message as the file holds it now (read again first if another window saved it meanwhile). */
  freshMessage(id: number): ChatMessage | undefined {
    this.db.refreshIfChanged();
    return this.message(id);
  }

  message(id: number): ChatMessage | undefined {
    const row = this.db.read((db) => queryAll<Row>(db, 'SELECT * FROM chat_message WHERE id = ?', [id])[0]);
    return row && toMessage(row);
  }

  async clear(profileId: number): Promise<void> {
    await this.db.write(null, (tx) => tx.run('DELETE FROM chat_message WHERE profile_id = ?', [profileId]));
  }

  /** Resolves when every message written so far is on disk, saving now what is gathering. */
  saveSoon(): Promise<void> {
    return this.db.saveSoon();
  }
}

/** A reply's chips with one replaced; the tool call and what went back to the model about it stay. */
export function withChip(chips: readonly Chip[], next: Chip): Chip[] {
  return chips.map((c) => (c.index === next.index ? { ...next, call: next.call ?? c.call, result: next.result ?? c.result } : c));
}

/**
 * The messages this process wrote, per open chat file: id → role, content and the list sent with it, as
 * written. A row counts as this window's only while it still says exactly that (a file replaced
 * from outside may reuse ids, or put a list of its own beside a message).
 */
const writtenHere = new WeakMap<TaskDb, Map<number, string>>();

function written(role: ChatRole, content: string, context: string | undefined): string {
  return `${role}\u0000${content}\u0000${context ?? ''}`;
}

function remember(db: TaskDb, id: number, role: ChatRole, content: string, context: string | undefined): void {
  let mine = writtenHere.get(db);
  if (!mine) writtenHere.set(db, (mine = new Map()));
  mine.set(id, written(role, content, context));
}

function toMessage(row: Row): ChatMessage {
  return {
    id: Number(row.id),
    profileId: Number(row.profile_id),
    role: String(row.role) as ChatRole,
    content: String(row.content),
    status: String(row.status) as MessageStatus,
    note: row.note == null ? undefined : String(row.note),
    stats: readJson(row.stats, isStats),
    chips: readJson(row.chips, (v): v is Chip[] => Array.isArray(v) && v.every(isChip)),
    ...(row.context == null ? {} : { context: String(row.context) }),
    ...(row.wrote == null ? {} : { wrote: String(row.wrote) }),
  };
}

/**
 * A JSON column, or undefined when it is missing or unreadable: the file can be edited by anyone
 * (and `quick_check` passes), and one bad row must not keep the whole conversation from showing.
 * The message itself still shows, only without its stats or chips.
 */
const STATES = new Set<unknown>(['running', 'done', 'failed', 'pending', 'rejected', 'undone']);

function isChip(c: unknown): c is Chip {
  const chip = c as Partial<Chip> | null;
  return (
    typeof chip === 'object' &&
    chip !== null &&
    Number.isInteger(chip.index) &&
    STATES.has(chip.state) &&
    typeof chip.summary === 'string' &&
    (chip.batch === undefined || typeof chip.batch === 'string')
  );
}

function isStats(s: unknown): s is ReplyStats {
  const stats = s as Record<string, unknown> | null;
  return (
    typeof stats === 'object' &&
    stats !== null &&
    ['evalCount', 'evalDurationNs', 'promptEvalCount', 'contextLength'].every((k) => typeof stats[k] === 'number') &&
    typeof stats.doneReason === 'string'
  );
}

function readJson<T>(value: unknown, valid: (v: unknown) => v is T): T | undefined {
  if (value == null) return undefined;
  try {
    const parsed: unknown = JSON.parse(String(value));
    return valid(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}
