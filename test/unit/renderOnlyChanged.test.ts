// Unit: a change read from disk re-renders only what changed — the list or one reply (#13.13).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, test } from 'node:test';
import type { ToWebview } from '../../src/core/protocol';
import { TasksApp } from '../../src/host/tasksApp';
import { chatFileOf, closeChatFile, openChatFile } from '../../src/store/chatFile';
import { ChatStore } from '../../src/store/chatStore';
import { TaskDb } from '../../src/store/taskDb';
import { TaskService } from '../../src/store/taskService';
import { markdownRenders } from '../../src/views/markdown';
import { tempDir } from '../helpers';

/** The app with a view, a list and five finished replies; and a second "window" on the same file. */
async function setup() {
  const dbPath = path.join(tempDir(), '.vscode', 'tasks.sqlite');
  const app = new TasksApp({ folders: [{ key: 'f', name: 'f', dbPath }], log: () => undefined, notify: () => undefined });
  const service = await app.service();
  const profile = service.activeProfile().id;
  const store = new ChatStore(service.db);
  for (let i = 0; i < 5; i++) {
    const m = await store.add(profile, 'assistant', `Reply **${i}** with a [link](https://example.org/${i})`);
    await store.finish(m);
  }
  await service.addTask('first');
  const pushes: string[] = [];
  const view = { post: (m: ToWebview) => void (m.type === 'push' && pushes.push(...m.parts)) };
  await app.handle({ type: 'request', id: 1, method: 'GET', path: '/view', body: '' }, view);
  const otherDb = await TaskDb.open(dbPath);
  await openChatFile(otherDb);
  const other = await TaskService.open(otherDb);
  after(() => {
    closeChatFile(otherDb);
    otherDb.close();
    app.dispose();
  });
  /** Reads the other window's change (what the file watcher does) and returns what was pushed. */
  const reload = async () => {
    pushes.length = 0;
    const before = markdownRenders();
    service.refreshIfChanged();
    chatFileOf(service.db).refreshIfChanged(); // the conversation is in its own file, watched on its own
    await new Promise((r) => setTimeout(r, 100)); // the watcher may have read it first: let it finish
    return { pushed: pushes.join('\n'), count: pushes.length, markdown: markdownRenders() - before };
  };
  return { app, service, other, otherDb, profile, reload };
}

// #13.13: a change read from disk re-rendered the whole panel and the Markdown of every message.
test('a task changed by another window pushes the list, not the chat: no Markdown is rendered again', async () => {
  const { other, reload } = await setup();
  await other.addTask('from the other window');
  const { pushed, markdown } = await reload();
  assert.match(pushed, /from the other window/);
  assert.doesNotMatch(pushed, /id="chat-log"/);
  assert.doesNotMatch(pushed, /id="profile-bar"/);
  assert.equal(markdown, 0);
});

test('a reply added by another window renders that reply alone, and the task list is not pushed', async () => {
  const { other, otherDb, profile, reload } = await setup();
  const store = new ChatStore(otherDb);
  await store.finish(await store.add(profile, 'assistant', 'A *new* reply'));
  void other;
  const { pushed, markdown } = await reload();
  assert.match(pushed, /A <em>new<\/em> reply/);
  assert.doesNotMatch(pushed, /id="task-list"/);
  assert.equal(markdown, 1, 'only the new reply is rendered as Markdown');
});

test('a reload that changes nothing the view shows pushes nothing; an undo re-renders no unchanged reply', async () => {
  const { app, other, reload, service } = await setup();
  await other.createProfile('Hidden', false);
  const hidden = other.profiles().find((p) => p.name === 'Hidden')!;
  const { count: first } = await reload(); // the profile bar shows the new profile
  assert.ok(first >= 1);
  const otherChat = new ChatStore(other.db);
  await otherChat.add(hidden.id, 'user', 'in another profile');
  await otherChat.saveSoon();
  const { count, markdown } = await reload();
  assert.equal(count, 0, 'pushed although nothing shown changed');
  assert.equal(markdown, 0);
  const before = markdownRenders();
  await service.undo(); // a whole-panel render
  void app;
  assert.equal(markdownRenders() - before, 0, 'Markdown of unchanged replies was rendered again');
});
