// Unit: the `ollama-tasks mcp` server over stdio — tools, errors, the list resource, confinement, sharing.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { AGENT_TOOLS } from '../../src/core/agentTools';
import { TasksApp } from '../../src/host/tasksApp';
import { TaskDb } from '../../src/store/taskDb';
import { TaskService } from '../../src/store/taskService';
import { tempDir } from '../helpers';

// `ollama-tasks mcp` in a real child process, driven by the SDK's own client over stdio.

const root = path.resolve(__dirname, '..', '..');
let workspace = '';
let client: Client;

async function connect(dir: string, extra: string[] = []): Promise<{ client: Client; transport: StdioClientTransport }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ['--import', 'tsx', path.join(root, 'src', 'cli', 'main.ts'), 'mcp', '--workspace', dir, ...extra],
    cwd: root,
    stderr: 'pipe',
  });
  const c = new Client({ name: 'test', version: '1.0.0' });
  await c.connect(transport);
  return { client: c, transport };
}

const text = (result: unknown) => ((result as { content: { type: string; text: string }[] }).content ?? []).map((c) => c.text).join('\n');
const call = (name: string, args: Record<string, unknown> = {}) => client.callTool({ name, arguments: args });

before(async () => {
  workspace = tempDir('ot-mcp-');
  ({ client } = await connect(workspace));
});
after(async () => {
  await client?.close();
});

test('tools/list: every tool, its schema from the operation definitions, destructive ones marked', async () => {
  const { tools } = await client.listTools();
  assert.deepEqual(
    tools.map((t) => t.name),
    AGENT_TOOLS.map((t) => t.name),
  );
  const add = tools.find((t) => t.name === 'add_task')!;
  assert.deepEqual(add.inputSchema.required, ['name']);
  assert.ok(add.inputSchema.properties && 'priority' in add.inputSchema.properties);
  assert.equal(tools.find((t) => t.name === 'delete_task')!.annotations?.destructiveHint, true);
  assert.equal(tools.find((t) => t.name === 'list_tasks')!.annotations?.readOnlyHint, true);
});

test('each tool does what it says, on the workspace file, and answers with short text', async () => {
  assert.match(text(await call('list_tasks')), /Profile #1 Default: 0 open, 0 done\n\(no tasks\)/);
  assert.match(text(await call('add_task', { name: 'Write the report' })), /^inserted #1 Write the report$/);
  assert.match(text(await call('add_task', { name: 'Book the trip', priority: 0 })), /inserted #2 Book the trip/);
  assert.match(text(await call('update_task', { id: 1, name: 'Write the report by Friday' })), /updated #1/);
  assert.match(text(await call('toggle_task', { id: 2, value: true })), /checked #2/);
  assert.match(text(await call('sort_tasks', { items: [{ id: 1, priority: 0 }] })), /sorted 1 task/);
  assert.match(text(await call('list_tasks')), /#1 \[ \] p0 Write the report by Friday\n#2 \[x\] p1 Book the trip/);
  assert.match(text(await call('delete_task', { id: 2 })), /deleted #2 Book the trip/);
  assert.match(text(await call('list_profiles')), /#1 Default \(current\)/);
  // The file on disk holds it (what the panel of a VS Code window reads).
  const db = await TaskDb.open(path.join(workspace, '.vscode', 'tasks.sqlite'));
  try {
    const service = await TaskService.open(db);
    assert.deepEqual(
      service.tasks().map((t) => [t.name, t.done]),
      [['Write the report by Friday', false]],
    );
    const work = await service.createProfile('Work', false);
    assert.match(text(await call('switch_profile', { id: work.id })), new RegExp(`Now showing profile #${work.id} Work`));
  } finally {
    db.close();
  }
  assert.match(text(await call('list_tasks')), /Profile #2 Work: 0 open/);
  await call('switch_profile', { id: 1 });
});

test('bad arguments get a clear tool error with an example, never a crash; the server goes on', async () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['add_task', {}, /insert task: "name" is missing\. Write it like \{"operation":"insert"/],
    ['delete_task', { id: 'the first one' }, /"id" must be a number from the list, not "the first one"/],
    ['delete_task', { id: 999 }, /no task #999/],
    ['toggle_task', { id: '<task_id>' }, /placeholder/],
    ['switch_profile', { id: 77 }, /No profile #77/],
    ['switch_profile', {}, /switch_profile: .*missing.*Write it like \{"id":2\}/],
    ['no_such_tool', {}, /There is no tool “no_such_tool”/],
  ];
  for (const [name, args, message] of cases) {
    const result = await call(name, args);
    assert.equal(result.isError, true, `${name} ${JSON.stringify(args)} was not an error`);
    assert.match(text(result), message);
  }
  assert.match(text(await call('list_tasks')), /Profile #1 Default/); // still serving
});

test('the list resource: read it, subscribe, and hear about a change made by another process', async () => {
  const { resources } = await client.listResources();
  assert.deepEqual(
    resources.map((r) => r.uri),
    ['ollama-tasks://tasks'],
  );
  const read = await client.readResource({ uri: 'ollama-tasks://tasks' });
  assert.match((read.contents[0] as { text: string }).text, /Profile #1 Default/);
  let updates = 0;
  client.setNotificationHandler(ResourceUpdatedNotificationSchema, () => void updates++);
  await client.subscribeResource({ uri: 'ollama-tasks://tasks' });
  // Another process (a VS Code window, the panel) changes the file.
  const db = await TaskDb.open(path.join(workspace, '.vscode', 'tasks.sqlite'));
  try {
    await (await TaskService.open(db)).addTask('Added in the panel');
  } finally {
    db.close();
  }
  const deadline = Date.now() + 10_000;
  while (updates === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.ok(updates > 0, 'no resources/updated notification');
  const again = await client.readResource({ uri: 'ollama-tasks://tasks' });
  assert.match((again.contents[0] as { text: string }).text, /Added in the panel/);
  await assert.rejects(client.readResource({ uri: 'file:///etc/passwd' }), /No resource/);
});

test('the server can reach no file outside its workspace folder', async () => {
  const outside = tempDir('ot-mcp-outside-');
  for (const database of [path.join(outside, 'tasks.sqlite'), '../tasks.sqlite', '.vscode/../../x.sqlite']) {
    await assert.rejects(connect(workspace, ['--database', database]), `started with --database ${database}`);
  }
  assert.deepEqual(fs.readdirSync(outside), []);
});

test('an MCP client, the panel and another process change one file at once: nothing is lost, the panel shows the agent’s tasks', async () => {
  const dir = tempDir('ot-mcp-three-');
  const file = path.join(dir, '.vscode', 'tasks.sqlite');
  const per = Number(process.env.WRITER_CHANGES ?? 60);
  const pushes: string[] = [];
  const app = new TasksApp({ folders: [{ key: 'w', name: 'w', dbPath: file }], log: () => undefined, notify: () => undefined });
  app.hub.attach({ post: (m) => pushes.push(...(m.type === 'push' ? m.parts : [])) });
  const service = await app.service();
  const agent = await connect(dir);
  try {
    const writer = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'test', 'fixtures', 'writer.ts'), file, 'add', String(per), 'cli'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const writerDone = new Promise<number | null>((resolve) => writer.on('exit', resolve));
    await Promise.all([
      (async () => {
        for (let i = 0; i < per; i++) assert.equal((await agent.client.callTool({ name: 'add_task', arguments: { name: `mcp-${i}` } })).isError, false);
      })(),
      (async () => {
        for (let i = 0; i < per; i++) await service.addTask(`panel-${i}`);
      })(),
    ]);
    assert.equal(await writerDone, 0);
    // The panel learns of the other processes' changes through the file watcher.
    const deadline = Date.now() + 10_000;
    while (!pushes.join('').includes(`mcp-${per - 1}`) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    assert.ok(pushes.join('').includes(`mcp-${per - 1}`), 'the panel never showed the MCP client’s last task');
  } finally {
    await agent.client.close();
    app.dispose();
  }
  const db = await TaskDb.open(file);
  try {
    const names = new Set((await TaskService.open(db)).tasks().map((t) => t.name));
    assert.equal(names.size, 3 * per);
    for (let i = 0; i < per; i++) for (const who of ['mcp', 'panel', 'cli']) assert.ok(names.has(`${who}-${i}`), `${who}-${i} was lost`);
  } finally {
    db.close();
  }
});

test('destructive agent calls are named for the confirmation; others run without asking', async () => {
  const { openService } = await import('../helpers');
  const { confirmationFor } = await import('../../src/host/agentCalls');
  const { findAgentTool } = await import('../../src/core/agentTools');
  const { service } = await openService();
  const task = await service.addTask('Pay rent');
  assert.equal(confirmationFor(findAgentTool('delete_task')!, { id: task.id }, service), `Delete task #${task.id} “Pay rent”? (Undo brings it back.)`);
  assert.equal(
    confirmationFor(findAgentTool('sort_tasks')!, { items: [{ id: task.id, priority: 0 }] }, service),
    undefined,
    'a small reorder asks, unlike the chat model',
  );
  const six = Array.from({ length: 6 }, (_, i) => ({ id: task.id + i, priority: i }));
  assert.equal(confirmationFor(findAgentTool('sort_tasks')!, { items: six }, service), 'Reorder 6 tasks?');
  assert.equal(confirmationFor(findAgentTool('add_task')!, { name: 'x' }, service), undefined);
  assert.equal(confirmationFor(findAgentTool('delete_task')!, { id: 'x' }, service), undefined, 'a refused call asks nothing: it answers with its error');
  assert.deepEqual(
    service.tasks().map((t) => t.name),
    ['Pay rent'],
    'asking changed something',
  );
});
