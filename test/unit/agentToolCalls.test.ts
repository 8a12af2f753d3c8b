// Unit: a language-model tool call acts on the list its confirmation described, whatever is shown when it runs (issue #23, 3).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findAgentTool } from '../../src/core/agentTools';
import { AgentToolCalls } from '../../src/host/agentToolCalls';
import { routerApp } from '../helpers';

test('a delete confirmed for one folder’s task runs there, even when another folder is shown by the time it runs', async () => {
  const { app } = routerApp(['one', 'two']);
  const one = await app.service('one');
  const two = await app.service('two');
  await one.addTask('One: keep');
  await two.addTask('Two: delete me');
  const calls = new AgentToolCalls(app);
  const deleteTask = findAgentTool('delete_task')!;

  await app.switchFolder('two');
  const question = await calls.prepare(deleteTask, { id: 1 }, true);
  assert.match(question ?? '', /Two: delete me/);
  await app.switchFolder('one'); // the person looks at folder one while VS Code asks
  const result = await calls.invoke(deleteTask, { id: 1 });
  assert.ok(result.ok, result.text);
  // Before the fix: the delete ran on the list shown then, folder one's task #1.
  assert.deepEqual(
    one.tasks().map((t) => t.name),
    ['One: keep'],
  );
  assert.deepEqual(two.tasks(), []);
});

test('a call confirmed for one profile runs on that profile, even after a switch', async () => {
  const { app } = routerApp(['one']);
  const service = await app.service();
  const home = service.activeProfile();
  await service.addTask('Home: sort me');
  await service.addTask('Home: and me');
  const calls = new AgentToolCalls(app);
  const addTask = findAgentTool('add_task')!;
  await calls.prepare(addTask, { name: 'Home: added' }, true);
  const work = await service.createProfile('Work');
  const result = await calls.invoke(addTask, { name: 'Home: added' });
  assert.ok(result.ok, result.text);
  assert.deepEqual(
    service.tasks(home.id).map((t) => t.name),
    ['Home: sort me', 'Home: and me', 'Home: added'],
  );
  assert.deepEqual(service.tasks(work.id), []);
});
