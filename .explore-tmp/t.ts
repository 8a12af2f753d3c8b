import { parseReply } from '../src/core/replyParser';
import { jsonrepair } from "jsonrepair";
const cases: string[] = [
  '{"operation": "read", "args": {"id": <task_id>}}',
  '{"operation": "read", "args": {"id": "<task_id>"}}',
  "{'operation': 'update', 'args': {'id': 3, 'done': True, 'name': None}}",
  '{“operation”: “insert”, “args”: {“name”: “Don’t forget”}}',
  "{‘operation’: ‘list’}",
  'Use {curly} braces',
  'Here: [{"id": 3, "name": "Buy milk"}, {"id": 4, "name": "Walk"}] ok',
  '{operation: insert, args: {name: Buy milk,},}',
  '{"operation": "insert", // add it\n "args": {"name": "x"} /* c */ }',
  '{"operation": "insert", # add it\n "args": {"name": "x"}}',
  '{"operation": "toggle", "args": {"id": 3, "done": true}}',
  '{"operation":"insert","args":{"task":{"name":"X"}}}',
  '{"commands":[{"operation":"list"}]}',
  '{Don\'t} then {"operation":"list"}',
  '{"operation": "update", "args": {"id": 3}}',
  '{"operation": "insert", "args": {"name": "a", "priority": "high"}}',
  '{"operation": "insert", "args": {}}',
  '{"operation": "fly", "target": "task"}',
  '{"operation": "sort", "args": {"items": [5, "#3", {"id": "8"}]}}',
  '{"operation": "insert", "args": {"name": "x"}',
];
for (const c of cases) {
  let r: string; try { r = jsonrepair(c) } catch (e) { r = 'THROW ' + (e as Error).message }
  console.log('---', JSON.stringify(c), '\n  repair:', r, '\n  ', JSON.stringify(parseReply(c).map(e => e.type === 'text' ? e : e.type === 'command' ? { c: e.command } : { err: e.error })));
}
