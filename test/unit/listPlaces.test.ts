// Unit: what the model and agents read of the list order is the place a command's priority names (issue #23, 4 and 5).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { callAgentTool, listText } from '../../src/host/agentCalls';
import { runCommand } from '../../src/host/commandRunner';
import { LIST_CHANGES, LIST_WHOLE, listChanges, listSection, PROMPT_TASK_LIMIT } from '../../src/core/prompt';
import type { Task } from '../../src/core/model';
import { openService } from '../helpers';

/** A, B, C, D with B deleted: stored priorities 0, 2, 3, places 0, 1, 2. */
async function withGap() {
  const { service } = await openService();
  const [a, b, c, d] = [await service.addTask('A'), await service.addTask('B'), await service.addTask('C'), await service.addTask('D')];
  await service.deleteTask(b.id);
  const profile = service.activeProfile();
  const list = () => listSection({ profile, profiles: service.profiles(), tasks: service.tasks(profile.id) });
  return { service, profileId: profile.id, a, c, d, list };
}

test('the list the model reads shows each task’s place, not its stored priority', async () => {
  const { service, a, c, d, list } = await withGap();
  assert.deepEqual(
    service.tasks().map((t) => t.priority),
    [0, 2, 3],
    'the stored priorities have a gap (the premise)',
  );
  assert.match(list(), new RegExp(`#${a.id} \\[ \\] p0 A\\n#${c.id} \\[ \\] p1 C\\n#${d.id} \\[ \\] p2 D$`));
});

test('update with the priority the list shows moves the task there ("put D above C")', async () => {
  const { service, profileId, a, c, d, list } = await withGap();
  const shownPlaceOfC = Number(new RegExp(`#${c.id} \\[ \\] p(\\d+) C`).exec(list())![1]);
  const result = await runCommand(service, profileId, { target: 'task', operation: 'update', args: { id: d.id, priority: shownPlaceOfC } });
  assert.deepEqual(
    service.tasks().map((t) => t.name),
    ['A', 'D', 'C'],
  );
  assert.equal(result.summary, `✓ updated #${d.id} D`);
  assert.ok(a.id);
});

test('a command that changes nothing never says ✓ and offers no Undo', async () => {
  const { service, profileId, c, d } = await withGap();
  const update = await runCommand(service, profileId, { target: 'task', operation: 'update', args: { id: d.id, priority: 2 } });
  assert.doesNotMatch(update.summary, /✓/);
  assert.match(update.summary, /nothing changed/);
  assert.equal(update.changed, false);
  assert.equal(update.ok, true);
  const sameName = await runCommand(service, profileId, { target: 'task', operation: 'update', args: { id: c.id, name: 'C', done: false } });
  assert.doesNotMatch(sameName.summary, /✓/);
  const toggle = await runCommand(service, profileId, { target: 'task', operation: 'toggle', args: { id: c.id, value: false } });
  assert.doesNotMatch(toggle.summary, /✓/);
  assert.equal(toggle.changed, false);
  const sort = await runCommand(service, profileId, { target: 'task', operation: 'sort', args: { items: [{ id: c.id, priority: 1 }] } });
  assert.doesNotMatch(sort.summary, /✓/);
  assert.equal(sort.changed, false);
  // A real change still says ✓.
  const moved = await runCommand(service, profileId, { target: 'task', operation: 'sort', args: { items: [{ id: d.id, priority: 0 }] } });
  assert.match(moved.summary, /^✓ sorted 1 task$/);
  assert.equal(moved.changed, true);
});

test('list and read results, and what agents read (MCP, language-model tools), show places', async () => {
  const { service, profileId, a, c, d } = await withGap();
  const lines = `#${a.id} [ ] p0 A\n#${c.id} [ ] p1 C\n#${d.id} [ ] p2 D`;
  const listed = await runCommand(service, profileId, { target: 'task', operation: 'list', args: {} });
  assert.ok(listed.forModel?.endsWith(lines), listed.forModel);
  const read = await runCommand(service, profileId, { target: 'task', operation: 'read', args: { id: d.id } });
  assert.equal(read.forModel, `#${d.id} [ ] p2 D`);
  assert.ok(listText(service).endsWith(lines), listText(service));
  assert.ok((await callAgentTool(service, 'list_tasks', {})).text.endsWith(lines));
  // An agent's update with the place it read moves the task there.
  const moved = await callAgentTool(service, 'update_task', { id: d.id, priority: 1 });
  assert.equal(moved.text, `updated #${d.id} D`);
  assert.deepEqual(
    service.tasks().map((t) => t.name),
    ['A', 'D', 'C'],
  );
});

const task = (id: number, name: string, done = false): Task => ({ id, profile_id: 1, name, done, priority: id * 10 });
const profile = { id: 1, name: 'Home' };
const list = (tasks: Task[]) => listSection({ profile, profiles: [profile], tasks });

test('listChanges with places: a change at the end is a few lines; an insert at the top (every place shifts) sends the whole list', () => {
  const many = Array.from({ length: 20 }, (_, i) => task(i + 1, `Errand ${i + 1}`));
  const before = list(many);
  const ticked = list([...many.slice(0, 19), task(20, 'Errand 20', true)]);
  assert.equal(listChanges(before, ticked), `${LIST_CHANGES}\nTasks: 19 open, 1 done.\n#20 [x] p19 Errand 20`);
  const top = list([task(99, 'First'), ...many]);
  assert.equal(listChanges(before, top), `${LIST_WHOLE}\n${top}`);
  // A task deleted at the end of a whole list is gone.
  const shorter = list(many.slice(0, 19));
  assert.equal(listChanges(before, shorter), `${LIST_CHANGES}\nTasks: 19 open, 0 done.\ngone: #20 [ ] p19 Errand 20`);
});

test('listChanges: a task pushed past the excerpt is never reported as deleted', () => {
  const many = Array.from({ length: PROMPT_TASK_LIMIT + 1 }, (_, i) => task(i + 1, `Errand ${i + 1}`));
  const before = list(many);
  const pushed = list([...many.slice(0, PROMPT_TASK_LIMIT - 1), task(999, 'Late one'), ...many.slice(PROMPT_TASK_LIMIT - 1)]);
  const changes = listChanges(before, pushed)!;
  assert.doesNotMatch(changes, /gone:/);
  assert.match(changes, new RegExp(`#999 \\[ \\] p${PROMPT_TASK_LIMIT - 1} Late one`));
  // One inserted at the top: every place shifts, the whole excerpt goes, and nothing says gone.
  const top = listChanges(before, list([task(998, 'First'), ...many]))!;
  assert.doesNotMatch(top, /gone:/);
  // A task really deleted from a list that stays an excerpt: not called gone either (the text cannot tell), but not kept as shown.
  const deleted = listChanges(before, list([...many.slice(0, PROMPT_TASK_LIMIT - 1), ...many.slice(PROMPT_TASK_LIMIT), task(997, 'Extra')]))!;
  assert.doesNotMatch(deleted, /gone:/);
  // One deleted and the excerpt becomes the whole list: a task missing from it now is deleted.
  const whole = listChanges(before, list([...many.slice(0, PROMPT_TASK_LIMIT - 1), many[PROMPT_TASK_LIMIT]]))!;
  assert.match(whole, new RegExp(`gone: #${PROMPT_TASK_LIMIT} \\[ \\] p${PROMPT_TASK_LIMIT - 1} Errand ${PROMPT_TASK_LIMIT}`));
});
