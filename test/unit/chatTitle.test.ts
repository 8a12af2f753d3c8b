// The Chat view's title bar (package.json `view/title`): Stop while a reply streams, Clear and
// Select Model otherwise, driven by a context key the host sets when replying starts and stops.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { TasksApp } from '../../src/host/tasksApp';
import { type FakeOllama, startFakeOllama } from '../fixtures/fakeOllama';
import { tempDir } from '../helpers';

let ollama: FakeOllama;
before(async () => {
  ollama = await startFakeOllama();
});
after(async () => {
  await ollama?.stop();
});

test('the host says when replying starts and when it stops, also after a reply that runs a command and has a second round', async () => {
  const said: boolean[] = [];
  const app = new TasksApp({
    folders: [{ key: 'k', name: 'k', dbPath: path.join(tempDir(), 'tasks.sqlite') }],
    log: () => undefined,
    notify: () => undefined,
    protocol: () => 'text',
    llmConfig: async () => ({ host: ollama.url, model: 'gemma2:2b', contextLength: 4096 }),
    replying: (active) => said.push(active),
  });
  after(() => app.dispose());
  ollama.script({ text: 'Listing: {"operation": "list", "target": "task"}', chunkSize: 5, delayMs: 2 });
  ollama.script({ text: 'The list is empty.' });
  await app.chat.send('what is on my list?');
  assert.equal(said[0], true, 'replying was not said when the reply started');
  await app.chat.idle();
  assert.equal(said.at(-1), false, `replying is still on after the reply: ${JSON.stringify(said)}`);
});

test('the manifest shows Stop in the Chat view title only while replying, Clear only when not, each with an icon and a title (its tooltip)', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
    contributes: { menus: { 'view/title': { command: string; when: string }[] }; commands: { command: string; icon?: string; title: string }[] };
  };
  const chatItems = manifest.contributes.menus['view/title'].filter((m) => /view == ollamaTasks\.chat\b/.test(m.when));
  const when = Object.fromEntries(chatItems.map((m) => [m.command, m.when]));
  assert.match(when['ollamaTasks.stop'], /&& ollamaTasks\.replying$/);
  assert.match(when['ollamaTasks.clearChat'], /&& !ollamaTasks\.replying$/);
  for (const item of chatItems) {
    const command = manifest.contributes.commands.find((c) => c.command === item.command);
    assert.ok(command?.icon && command.title, `${item.command} has no icon or title`);
  }
});
