// Apply, Reject and Undo on a reply's chips, live or stored: the command run or reverted, then that one chip changed.
import type { Chip } from '../core/chips';
import { UserError } from '../core/errors';
import { ChatStore } from '../store/chatStore';
import type { TaskService } from '../store/taskService';
import { bubbleState } from '../views/chat';
import { chip } from '../views/chips';
import type { Html } from '../views/html';
import type { ChatHost } from './chatHost';
import { decide, undone } from './chipChain';
import type { ReplyRun } from './replyRun';

/** The reply streaming now (or just ended) if it is this message of this folder's file and profile. */
export type LiveRun = (key: string, service: TaskService, profileId: number, messageId: number) => ReplyRun | undefined;

/** A folder's list and one of its profiles: where a message lives. */
export interface Place {
  key: string;
  service: TaskService;
  profileId: number;
}

/**
 * What the person does to a reply's chips. A chip may belong to the reply still streaming (its
 * row is saved at its end, with the chips as they stand then) or to a stored one; either way one
 * chip changes, in one transaction on the row as the file holds it, never a whole old row written back.
 */
export class ChipActions {
  /** Apply/Reject clicks being carried out (a double click must not run a command twice). */
  private readonly confirming = new Set<string>();

  constructor(
    private readonly host: ChatHost,
    private readonly push: (fragment: Html) => void,
    private readonly liveRun: LiveRun,
    /** Whether the views still show that place (the person may have switched while a change was saved). */
    private readonly shown: (place: Place) => Promise<boolean>,
  ) {}

  /**
   * Apply or Reject on a destructive command that waits for the person, in the list shown. The
   * command is read from its chip (the live reply's, or the stored one after a reload) and validated again.
   */
  async confirm(messageId: number, index: number, apply: boolean): Promise<void> {
    const { key, service } = await this.host.shown();
    const claim = JSON.stringify([key, service.db.file, messageId, index]);
    if (this.confirming.has(claim)) throw new UserError('That command is being applied or rejected already.', 'conflict');
    this.confirming.add(claim);
    try {
      // As the file holds it now: another window may have applied or rejected it meanwhile.
      const message = new ChatStore(service.db).freshMessage(messageId);
      const live = message && this.liveRun(key, service, message.profileId, messageId);
      const waiting = (live ? live.chain.chips : (message?.chips ?? [])).find((c) => c.index === index && c.state === 'pending');
      if (!message || !waiting) throw new UserError('That command was already applied or rejected.', 'conflict');
      const next = await decide(this.host, service, message.profileId, waiting, apply);
      await this.updateChip({ key, service, profileId: message.profileId }, messageId, live, next);
    } finally {
      this.confirming.delete(claim);
    }
  }

  /** Undoes one command's change, or (index undefined) every change of a reply, in the list shown. */
  async undo(messageId: number, index?: number): Promise<string[]> {
    const { key, service } = await this.host.shown();
    const message = new ChatStore(service.db).freshMessage(messageId);
    if (!message) throw new UserError('That reply is no longer in the conversation: use Undo in the Tasks view instead.', 'not-found');
    const live = this.liveRun(key, service, message.profileId, messageId);
    // The live reply's chips while it streams (its row is saved at its end), else the stored ones.
    const chips = (live ? live.chain.chips : (message.chips ?? [])).filter((c) => c.batch && c.state === 'done' && (index === undefined || c.index === index));
    if (!chips.length) {
      const what = index === undefined ? 'This reply’s changes' : 'That change';
      throw new UserError(`${what} can no longer be undone: ${index === undefined ? 'they were' : 'it was'} undone already.`, 'not-found');
    }
    const labels = await service.undoBatches(chips.map((c) => c.batch!));
    for (const c of chips) await this.updateChip({ key, service, profileId: message.profileId }, messageId, live, undone(c));
    return labels;
  }

  /**
   * Changes one chip: in the live reply (whose own save then holds it), in the file (one
   * transaction on the row as it is then), and in the views, if they still show its folder and
   * profile (another folder's chat has a message with the same id, and its chip would be replaced).
   */
  private async updateChip(place: Place, messageId: number, live: ReplyRun | undefined, next: Chip): Promise<void> {
    live?.chain.update(next);
    const message = await new ChatStore(place.service.db).updateChip(messageId, next);
    if (!(await this.shown(place))) return;
    this.push(chip(messageId, next, 'true'));
    // A finished reply's Undo link counts the changes left: its bubble follows, the Markdown kept as shown.
    if (message?.role === 'assistant' && message.status !== 'streaming' && (!live || live.ended)) this.push(bubbleState(message));
  }
}
