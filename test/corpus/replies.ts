/**
 * Replies as small local models (gemma2:2b, llama3.2, qwen2.5) actually write them, with the
 * commands the detector must find in each, in order. `String.raw` keeps every backslash as the
 * model wrote it (a `\"` in a reply is a JSON escape, not a TypeScript one); fences come from `F`.
 *
 * Categories: well-formed commands (fenced, bare, arrays, several per reply), tricky strings,
 * replies without a command (quoted data, braces in prose), sloppy but unambiguous commands, and
 * commands refused with a message for the model.
 */

export type ExpectedCommand = {
  operation: string;
  target: 'task' | 'profile';
  args: Record<string, unknown>;
};

export type Expected = { ok: true; command: ExpectedCommand } | { ok: false; error: RegExp };

export interface CorpusCase {
  name: string;
  reply: string;
  /** The commands (and refusals) the reply contains, in order. */
  commands: Expected[];
  /** The prose the person sees (all text events joined): exact string, or a pattern. */
  visible?: string | RegExp;
}

const F = '```';
const r = String.raw;

const task = (operation: string, args: Record<string, unknown> = {}): Expected => ({ ok: true, command: { operation, target: 'task', args } });
const profile = (operation: string, args: Record<string, unknown> = {}): Expected => ({ ok: true, command: { operation, target: 'profile', args } });
const bad = (error: RegExp): Expected => ({ ok: false, error });

/** The refusals, as the model reads them. */
export const ERRORS = {
  placeholder: /<[a-z_ ]+> is a placeholder: use a real id from the list/,
  unknownTaskOperation: (op: string) =>
    new RegExp(`Unknown operation "${op}" for task\\. Valid operations for task: list, insert, read, update, delete, toggle, sort`),
  unknownProfileOperation: (op: string) =>
    new RegExp(`Unknown operation "${op}" for profile\\. Valid operations for profile: list, insert, read, update, delete`),
  unknownTarget: /Unknown target "[^"]+": use "task" or "profile"/,
  missing: (operation: string, target: string, field: string) => new RegExp(`^${operation} ${target}: "${field}" is missing`),
  noChange: /^update task: .*an update must change something: give name, done or priority/,
  priority: /"priority" must be a whole number .*not "[^"]*"/,
  cut: /cut off inside a command, so it was not run/,
  emptySort: /^sort task: "items"/,
};

export const CORPUS: CorpusCase[] = [
  // ───────────────────────── Well-formed commands ─────────────────────────
  {
    name: 'gemma: insert in a json fence, done and priority as 0',
    reply: r`Sure! I've added that task for you. 🎯

${F}json
{"operation": "insert", "target": "task", "args": {"name": "🎯 Finish the report", "done": 0, "priority": 0}}
${F}

Let me know if you need anything else!`,
    commands: [task('insert', { name: '🎯 Finish the report', done: false, priority: 0 })],
    visible: /^Sure! I've added that task for you\. 🎯\n\n```json\n\n```\n\nLet me know if you need anything else!$/,
  },
  {
    name: 'list in a fence without a language',
    reply: r`Let me pull up your current list.

${F}
{"operation": "list", "target": "task", "args": {}}
${F}`,
    commands: [task('list')],
  },
  {
    name: 'llama3.2: bare object inside a sentence',
    reply: r`Okay, marking it as done now: {"operation": "update", "target": "task", "args": {"id": 4, "done": true}} — nice work finishing that!`,
    commands: [task('update', { id: 4, done: true })],
    visible: 'Okay, marking it as done now:  — nice work finishing that!',
  },
  {
    name: 'qwen: pretty-printed command with an explanation section',
    reply: r`Here's the command to add your task:

${F}json
{
  "operation": "insert",
  "target": "task",
  "args": {
    "name": "Call the dentist 🦷",
    "priority": 2
  }
}
${F}

**Explanation:**
- ${'`'}operation${'`'}: we are adding a new task
- ${'`'}args.name${'`'}: the task's name
- ${'`'}args.priority${'`'}: where it goes in the list`,
    commands: [task('insert', { name: 'Call the dentist 🦷', priority: 2 })],
    visible: /\*\*Explanation:\*\*\n- `operation`: we are adding a new task/,
  },
  {
    name: 'several commands, each in its own fence',
    reply: r`Great idea, let's get your shopping list started! 🛒

${F}json
{"operation": "insert", "target": "task", "args": {"name": "🥛 Milk"}}
${F}

${F}json
{"operation": "insert", "target": "task", "args": {"name": "🥚 Eggs (a dozen)"}}
${F}

${F}json
{"operation": "insert", "target": "task", "args": {"name": "🍞 Sourdough bread"}}
${F}

All three are on your list now.`,
    commands: [task('insert', { name: '🥛 Milk' }), task('insert', { name: '🥚 Eggs (a dozen)' }), task('insert', { name: '🍞 Sourdough bread' })],
    visible: /^Great idea, let's get your shopping list started! 🛒\n\n```json\n\n```\n\n```json\n\n```\n\n```json\n\n```\n\nAll three are on your list now\.$/,
  },
  {
    name: 'several commands one per line in one fence',
    reply: r`Done! I've cleaned up the list:

${F}json
{"operation": "delete", "target": "task", "args": {"id": 3}}
{"operation": "delete", "target": "task", "args": {"id": 5}}
{"operation": "update", "target": "task", "args": {"id": 6, "priority": 0}}
${F}`,
    commands: [task('delete', { id: 3 }), task('delete', { id: 5 }), task('update', { id: 6, priority: 0 })],
  },
  {
    name: 'array of commands in a fence, pretty-printed',
    reply: r`No problem! Here are the tasks for your trip:

${F}json
[
  {
    "operation": "insert",
    "target": "task",
    "args": {"name": "✈️ Book flights", "priority": 0}
  },
  {
    "operation": "insert",
    "target": "task",
    "args": {"name": "🏨 Reserve the hotel", "priority": 1}
  },
  {
    "operation": "insert",
    "target": "task",
    "args": {"name": "🧳 Pack the suitcase", "priority": 2}
  }
]
${F}

Have a great trip!`,
    commands: [
      task('insert', { name: '✈️ Book flights', priority: 0 }),
      task('insert', { name: '🏨 Reserve the hotel', priority: 1 }),
      task('insert', { name: '🧳 Pack the suitcase', priority: 2 }),
    ],
    visible: /^No problem! Here are the tasks for your trip:\n\n```json\n\n```\n\nHave a great trip!$/,
  },
  {
    name: 'bare array of commands on one line, prose after',
    reply: r`[{"operation": "toggle", "target": "task", "args": {"id": 1}}, {"operation": "toggle", "target": "task", "args": {"id": 2}}] Both are checked off ✅`,
    commands: [task('toggle', { id: 1 }), task('toggle', { id: 2 })],
    visible: ' Both are checked off ✅',
  },
  {
    name: 'array with a task name holding square brackets',
    reply: r`${F}json
[{"operation": "insert", "target": "task", "args": {"name": "[WIP] Draft the slides"}}, {"operation": "insert", "target": "task", "args": {"name": "Review PR [#42]"}}]
${F}`,
    commands: [task('insert', { name: '[WIP] Draft the slides' }), task('insert', { name: 'Review PR [#42]' })],
  },
  {
    name: 'delete with a confirmation sentence',
    reply: r`I've removed "Old meeting notes" from your list.

{"operation": "delete", "target": "task", "args": {"id": 17}}

Anything else you'd like to tidy up?`,
    commands: [task('delete', { id: 17 })],
  },
  {
    name: 'read one task',
    reply: r`Let me check the details of task 8 for you.
{"operation": "read", "target": "task", "args": {"id": 8}}`,
    commands: [task('read', { id: 8 })],
  },
  {
    name: 'toggle with an explicit value and field',
    reply: r`Got it, I'll mark "Water the plants" as not done again.

${F}json
{"operation": "toggle", "target": "task", "args": {"id": 11, "field": "done", "value": false}}
${F}`,
    commands: [task('toggle', { id: 11, field: 'done', value: false })],
  },
  {
    name: 'sort with explicit priorities (nested item objects)',
    reply: r`Here's the new order, most urgent first:

${F}json
{"operation": "sort", "target": "task", "args": {"items": [{"id": 12, "priority": 0}, {"id": 7, "priority": 1}, {"id": 3, "priority": 2}]}}
${F}`,
    commands: [
      task('sort', {
        items: [
          { id: 12, priority: 0 },
          { id: 7, priority: 1 },
          { id: 3, priority: 2 },
        ],
      }),
    ],
  },
  {
    name: 'command in inline code',
    reply: r`Sure, here you go: ${'`'}{"operation": "list", "target": "task", "args": {}}${'`'}`,
    commands: [task('list')],
    visible: 'Sure, here you go: ``',
  },
  {
    name: 'update several fields at once',
    reply: r`I've renamed it and moved it to the top:
{"operation": "update", "target": "task", "args": {"id": 21, "name": "Finish the report by Friday", "done": false, "priority": 0}}`,
    commands: [task('update', { id: 21, name: 'Finish the report by Friday', done: false, priority: 0 })],
  },
  {
    name: 'negative priority to push a task above the rest',
    reply: r`Moving it above everything else:

{"operation": "update", "target": "task", "args": {"id": 2, "priority": -1}}`,
    commands: [task('update', { id: 2, priority: -1 })],
  },

  // ───────────────────────── Strings that look like syntax ─────────────────────────
  {
    name: 'name holding curly braces',
    reply: r`Added! {"operation": "insert", "target": "task", "args": {"name": "Fix the {placeholder} bug in template.ts"}}`,
    commands: [task('insert', { name: 'Fix the {placeholder} bug in template.ts' })],
    visible: 'Added! ',
  },
  {
    name: 'name holding escaped quotes',
    reply: r`📚 Adding your book:

${F}json
{"operation": "insert", "target": "task", "args": {"name": "Read \"Dune\" by Frank Herbert"}}
${F}`,
    commands: [task('insert', { name: 'Read "Dune" by Frank Herbert' })],
  },
  {
    name: "name holding apostrophes (Don't, Mom's)",
    reply: r`Don't worry, I won't let you forget! 🎂

{"operation": "insert", "target": "task", "args": {"name": "Don't forget Mom's birthday 🎂", "priority": 0}}

I've put it at the top so it's the first thing you'll see.`,
    commands: [task('insert', { name: "Don't forget Mom's birthday 🎂", priority: 0 })],
    visible: "Don't worry, I won't let you forget! 🎂\n\n\n\nI've put it at the top so it's the first thing you'll see.",
  },
  {
    name: 'name holding JSON (escaped) inside the string',
    reply: r`${F}json
{"operation": "insert", "target": "task", "args": {"name": "Make the webhook answer {\"status\": \"ok\", \"items\": [1, 2]}"}}
${F}`,
    commands: [task('insert', { name: 'Make the webhook answer {"status": "ok", "items": [1, 2]}' })],
  },
  {
    name: 'name holding backslashes',
    reply: r`{"operation": "insert", "target": "task", "args": {"name": "Clean up C:\\Users\\me\\Downloads"}}`,
    commands: [task('insert', { name: 'Clean up C:\\Users\\me\\Downloads' })],
  },
  {
    name: 'name holding a URL with // and #',
    reply: r`Here you go:
{"operation": "insert", "target": "task", "args": {"name": "Read https://example.com/guide#intro // later"}}`,
    commands: [task('insert', { name: 'Read https://example.com/guide#intro // later' })],
  },
  {
    name: 'unicode: accents, CJK, ZWJ emoji and a \\u escape',
    reply: r`Voilà ! J'ai ajouté vos tâches :

${F}json
{"operation": "insert", "target": "task", "args": {"name": "Réserver le café ☕ für Jürgen"}}
{"operation": "insert", "target": "task", "args": {"name": "買い物に行く 🛒"}}
{"operation": "insert", "target": "task", "args": {"name": "👩‍💻 Code review"}}
{"operation": "insert", "target": "task", "args": {"name": "Caf\u00e9 meeting"}}
${F}`,
    commands: [
      task('insert', { name: 'Réserver le café ☕ für Jürgen' }),
      task('insert', { name: '買い物に行く 🛒' }),
      task('insert', { name: '👩‍💻 Code review' }),
      task('insert', { name: 'Café meeting' }),
    ],
  },
  {
    name: 'name that mentions "operation" in a quoted task',
    reply: r`Adding it: {"operation": "insert", "target": "task", "args": {"name": "Read the \"operation\": manual, section {3}"}}`,
    commands: [task('insert', { name: 'Read the "operation": manual, section {3}' })],
  },

  // ───────────────────────── No command at all ─────────────────────────
  {
    name: 'plain chat, no braces',
    reply: `Hello! 👋 I'm your task assistant. I can add, update, reorder or delete tasks, and manage profiles like "Work" or "Home". What would you like to do today?`,
    commands: [],
    visible: `Hello! 👋 I'm your task assistant. I can add, update, reorder or delete tasks, and manage profiles like "Work" or "Home". What would you like to do today?`,
  },
  {
    name: 'quoting one task as data',
    reply: r`Task #3 is {"id": 3, "name": "Buy milk", "done": false}. Do you want me to mark it as done?`,
    commands: [],
    visible: r`Task #3 is {"id": 3, "name": "Buy milk", "done": false}. Do you want me to mark it as done?`,
  },
  {
    name: 'quoting the task list as an array of objects',
    reply: r`Here are your current tasks:

${F}json
[
  {"id": 1, "name": "Buy milk", "done": false, "priority": 0},
  {"id": 2, "name": "Walk the dog 🐕", "done": true, "priority": 1}
]
${F}

Which one would you like to work on?`,
    commands: [],
    visible: r`Here are your current tasks:

${F}json
[
  {"id": 1, "name": "Buy milk", "done": false, "priority": 0},
  {"id": 2, "name": "Walk the dog 🐕", "done": true, "priority": 1}
]
${F}

Which one would you like to work on?`,
  },
  {
    name: 'quoting data inline as a bare array',
    reply: r`The two overdue ones are [{"id": 4, "name": "Pay rent"}, {"id": 9, "name": "Renew passport"}], should I move them up?`,
    commands: [],
    visible: r`The two overdue ones are [{"id": 4, "name": "Pay rent"}, {"id": 9, "name": "Renew passport"}], should I move them up?`,
  },
  {
    name: 'braces in prose',
    reply: `In JSON you use {curly} braces for objects and [square] brackets for arrays. Want me to add a task to practice?`,
    commands: [],
    visible: `In JSON you use {curly} braces for objects and [square] brackets for arrays. Want me to add a task to practice?`,
  },
  {
    name: 'braces with an apostrophe inside, then a real command',
    reply: r`Sure! Replace {your friend's name} in the message with Sam. I'll add a reminder:

{"operation": "insert", "target": "task", "args": {"name": "Text Sam about Saturday"}}`,
    commands: [task('insert', { name: 'Text Sam about Saturday' })],
    visible: "Sure! Replace {your friend's name} in the message with Sam. I'll add a reminder:\n\n",
  },
  {
    name: 'an unmatched brace in prose',
    reply: `On a German keyboard you type { with AltGr+7. There's nothing to add to your list for that.`,
    commands: [],
    visible: `On a German keyboard you type { with AltGr+7. There's nothing to add to your list for that.`,
  },
  {
    name: 'a JavaScript code sample',
    reply: r`Here's how a task looks in code:

${F}js
const task = { name: 'Buy milk', done: false };
console.log(${'`'}${'$'}{task.name}${'`'});
${F}

Want me to add "Buy milk" for real?`,
    commands: [],
    visible: r`Here's how a task looks in code:

${F}js
const task = { name: 'Buy milk', done: false };
console.log(${'`'}${'$'}{task.name}${'`'});
${F}

Want me to add "Buy milk" for real?`,
  },
  {
    name: 'markdown checklist and links',
    reply: `Here's what you have:

- [ ] Buy milk
- [x] Walk the dog
- [ ] Read [the guide](https://example.com/guide)

You're doing great! 💪`,
    commands: [],
    visible: `Here's what you have:

- [ ] Buy milk
- [x] Walk the dog
- [ ] Read [the guide](https://example.com/guide)

You're doing great! 💪`,
  },
  {
    name: 'explaining one field of a command',
    reply: r`The ${'`'}{"id": 5}${'`'} part tells me which task you mean, and ${'`'}{"done": true}${'`'} marks it complete. Should I do that for task 5?`,
    commands: [],
    visible: r`The ${'`'}{"id": 5}${'`'} part tells me which task you mean, and ${'`'}{"done": true}${'`'} marks it complete. Should I do that for task 5?`,
  },
  {
    name: 'data object mentioning "operation" only in a value',
    reply: r`Last change: {"id": 3, "name": "Buy milk", "note": "operation: insert"} — that was yesterday.`,
    commands: [],
    visible: r`Last change: {"id": 3, "name": "Buy milk", "note": "operation: insert"} — that was yesterday.`,
  },
  {
    name: 'a reply cut off inside quoted data is just text',
    reply: r`Your first task is {"id": 1, "name": "Buy mi`,
    commands: [],
    visible: r`Your first task is {"id": 1, "name": "Buy mi`,
  },

  // ───────────────────────── Sloppy but unambiguous ─────────────────────────
  {
    name: '// comments copied from the commented example',
    reply: r`Sure thing! 🪴

${F}json
{
  "operation": "insert", // what to do
  "target": "task",
  "args": {
    "name": "Water the plants 🪴", // emoji are welcome
    "priority": 1 // optional: lower number = higher in the list
  }
}
${F}`,
    commands: [task('insert', { name: 'Water the plants 🪴', priority: 1 })],
  },
  {
    name: '# comments',
    reply: r`${F}
{
  "operation": "delete",  # delete a task
  "target": "task",
  "args": {"id": 12}  # a real id from the list
}
${F}
I've deleted it.`,
    commands: [task('delete', { id: 12 })],
  },
  {
    name: '/* block */ comments with a brace and a quote inside',
    reply: r`{"operation": "read", /* show "one" task {like this} */ "target": "task", "args": {"id": 6}}`,
    commands: [task('read', { id: 6 })],
  },
  {
    name: 'trailing commas',
    reply: r`${F}json
{
  "operation": "insert",
  "target": "task",
  "args": {
    "name": "Submit expense report 🧾",
    "done": false,
  },
}
${F}`,
    commands: [task('insert', { name: 'Submit expense report 🧾', done: false })],
  },
  {
    name: 'Python literals: single quotes, True and None',
    reply: r`Marking it done:
{'operation': 'update', 'target': 'task', 'args': {'id': 7, 'done': True, 'priority': None}}`,
    commands: [task('update', { id: 7, done: true })],
  },
  {
    name: 'Python dict with an apostrophe in a double-quoted string and False',
    reply: r`{'operation': 'insert', 'target': 'task', 'args': {'name': "Don't skip leg day 🏋️", 'done': False}}`,
    commands: [task('insert', { name: "Don't skip leg day 🏋️", done: false })],
  },
  {
    name: "Python dict with an unescaped apostrophe inside single quotes (Mom's)",
    reply: r`Of course! Adding it now 🩺
{'operation': 'insert', 'target': 'task', 'args': {'name': 'Call Mom's doctor', 'done': False}}`,
    commands: [task('insert', { name: "Call Mom's doctor", done: false })],
    visible: 'Of course! Adding it now 🩺\n',
  },
  {
    name: "Python dict with several apostrophes ('n', dogs')",
    reply: r`{'operation': 'insert', 'args': {'name': 'Rock 'n' roll night at the dogs' park 🎸'}}`,
    commands: [task('insert', { name: "Rock 'n' roll night at the dogs' park 🎸" })],
  },
  {
    name: 'Python dict with # comments',
    reply: r`${F}python
{'operation': 'delete',  # remove the task
 'target': 'task',
 'args': {'id': 12}}  # a real id from the list
${F}`,
    commands: [task('delete', { id: 12 })],
  },
  {
    name: 'unquoted keys',
    reply: r`Removing it now. {operation: "delete", target: "task", args: {id: 9}}`,
    commands: [task('delete', { id: 9 })],
  },
  {
    name: 'typographic double quotes',
    reply: `I’ll add that:\n{“operation”: “insert”, “target”: “task”, “args”: {“name”: “Book flights ✈️”}}`,
    commands: [task('insert', { name: 'Book flights ✈️' })],
  },
  {
    name: 'typographic single quotes',
    reply: `{‘operation’: ‘delete’, ‘target’: ‘task’, ‘args’: {‘id’: 4}}`,
    commands: [task('delete', { id: 4 })],
  },
  {
    name: 'typographic single quotes with a typographic apostrophe inside',
    reply: `Sure! {‘operation’: ‘insert’, ‘target’: ‘task’, ‘args’: {‘name’: ‘Don’t forget the keys 🔑’}}`,
    commands: [task('insert', { name: 'Don’t forget the keys 🔑' })],
    visible: 'Sure! ',
  },
  {
    name: '"action" instead of "operation"',
    reply: r`{"action": "toggle", "target": "task", "args": {"id": 5}}`,
    commands: [task('toggle', { id: 5 })],
  },
  {
    name: 'common verbs for operations ("add", "remove")',
    reply: r`Swapping them out:
{"operation": "add", "target": "task", "args": {"name": "🧹 Vacuum the living room"}}
{"operation": "remove", "target": "task", "args": {"id": 31}}`,
    commands: [task('insert', { name: '🧹 Vacuum the living room' }), task('delete', { id: 31 })],
  },
  {
    name: 'args flattened into the top level',
    reply: r`Added to your list:
{"operation": "insert", "target": "task", "name": "Pay rent 🏠", "priority": 0}`,
    commands: [task('insert', { name: 'Pay rent 🏠', priority: 0 })],
  },
  {
    name: 'missing target means task',
    reply: r`{"operation": "delete", "args": {"id": 3}}`,
    commands: [task('delete', { id: 3 })],
  },
  {
    name: 'case and plural variants of target and operation',
    reply: r`Let me look: {"Operation": "LIST", "Target": "Tasks", "Args": {}}`,
    commands: [task('list')],
  },
  {
    name: 'capitalised operation, upper-case plural profile target',
    reply: r`{"operation": "List", "target": "PROFILES"}`,
    commands: [profile('list')],
  },
  {
    name: '"title" for name',
    reply: r`{"operation": "insert", "target": "task", "args": {"title": "Renew the car insurance 🚗"}}`,
    commands: [task('insert', { name: 'Renew the car insurance 🚗' })],
  },
  {
    name: '"task_id" for id',
    reply: r`{"operation": "delete", "target": "task", "args": {"task_id": 14}}`,
    commands: [task('delete', { id: 14 })],
  },
  {
    name: 'ids written "12" and "#12"',
    reply: r`${F}json
{"operation": "read", "target": "task", "args": {"id": "12"}}
{"operation": "toggle", "target": "task", "args": {"id": "#12"}}
${F}`,
    commands: [task('read', { id: 12 }), task('toggle', { id: 12 })],
  },
  {
    name: 'done written 1 and 0',
    reply: r`{"operation": "update", "target": "task", "args": {"id": 2, "done": 1}} {"operation": "update", "target": "task", "args": {"id": 3, "done": 0}}`,
    commands: [task('update', { id: 2, done: true }), task('update', { id: 3, done: false })],
  },
  {
    name: 'done written "true" and "false"',
    reply: r`{"operation": "update", "target": "task", "args": {"id": 2, "done": "true"}}
{"operation": "insert", "target": "task", "args": {"name": "Stretch", "done": "false"}}`,
    commands: [task('update', { id: 2, done: true }), task('insert', { name: 'Stretch', done: false })],
  },
  {
    name: 'done written "yes" and "no"',
    reply: r`{"operation": "update", "target": "task", "args": {"id": 8, "done": "yes"}}
{"operation": "update", "target": "task", "args": {"id": 9, "done": "no"}}`,
    commands: [task('update', { id: 8, done: true }), task('update', { id: 9, done: false })],
  },
  {
    name: 'numeric string priority',
    reply: r`{"operation": "insert", "target": "task", "args": {"name": "Plan the sprint 📅", "priority": "3"}}`,
    commands: [task('insert', { name: 'Plan the sprint 📅', priority: 3 })],
  },
  {
    name: 'sort: ids in order without priorities',
    reply: r`Here's the new order:

${F}json
{"operation": "sort", "target": "task", "args": {"items": [12, 7, 3]}}
${F}`,
    commands: [
      task('sort', {
        items: [
          { id: 12, priority: 0 },
          { id: 7, priority: 1 },
          { id: 3, priority: 2 },
        ],
      }),
    ],
  },
  {
    name: 'sort: item objects without priorities, ids as strings',
    reply: r`{"operation": "sort", "target": "task", "args": {"items": [{"id": "#4"}, {"id": "2"}, {"task_id": 9}]}}`,
    commands: [
      task('sort', {
        items: [
          { id: 4, priority: 0 },
          { id: 2, priority: 1 },
          { id: 9, priority: 2 },
        ],
      }),
    ],
  },
  {
    name: 'many habits at once: unquoted keys, single quotes, flattened, comment, trailing comma',
    reply: r`Okay!
{
  action: 'update', // change the task
  target: 'Task',
  task_id: '#15',
  done: 'yes',
  priority: '1',
}`,
    commands: [task('update', { id: 15, done: true, priority: 1 })],
  },
  {
    name: 'Python literals in an array of commands',
    reply: r`[{'operation': 'toggle', 'args': {'id': 1, 'value': True}}, {'operation': 'toggle', 'args': {'id': 2, 'value': False}}]`,
    commands: [task('toggle', { id: 1, value: true }), task('toggle', { id: 2, value: false })],
  },

  // ───────────────────────── Refused, with a message for the model ─────────────────────────
  {
    name: 'placeholder id, quoted',
    reply: r`I'll delete that task for you:

${F}json
{"operation": "delete", "target": "task", "args": {"id": "<task_id>"}}
${F}`,
    commands: [bad(ERRORS.placeholder)],
  },
  {
    name: 'placeholder id, unquoted',
    reply: r`{"operation": "update", "target": "task", "args": {"id": <task_id>, "done": true}}`,
    commands: [bad(ERRORS.placeholder)],
  },
  {
    name: 'unknown operation "complete"',
    reply: r`Marking it complete! {"operation": "complete", "target": "task", "args": {"id": 4}}`,
    commands: [bad(ERRORS.unknownTaskOperation('complete'))],
    visible: 'Marking it complete! ',
  },
  {
    name: 'unknown operation for a profile ("switch")',
    reply: r`Switching to your Work profile:
{"operation": "switch", "target": "profile", "args": {"id": 2}}`,
    commands: [bad(ERRORS.unknownProfileOperation('switch'))],
  },
  {
    name: 'unknown target',
    reply: r`{"operation": "insert", "target": "reminder", "args": {"name": "Dentist at 3pm"}}`,
    commands: [bad(ERRORS.unknownTarget)],
  },
  {
    name: 'insert without a name',
    reply: r`{"operation": "insert", "target": "task", "args": {"priority": 1}}`,
    commands: [bad(ERRORS.missing('insert', 'task', 'name'))],
  },
  {
    name: 'delete without an id',
    reply: r`Deleting the finished ones... {"operation": "delete", "target": "task", "args": {}}`,
    commands: [bad(ERRORS.missing('delete', 'task', 'id'))],
  },
  {
    name: 'an update that changes nothing',
    reply: r`Updating task 3:
{"operation": "update", "target": "task", "args": {"id": 3}}`,
    commands: [bad(ERRORS.noChange)],
  },
  {
    name: 'non-numeric priority',
    reply: r`This one is urgent! {"operation": "insert", "target": "task", "args": {"name": "File taxes 💸", "priority": "high"}}`,
    commands: [bad(ERRORS.priority)],
  },
  {
    name: 'sort with no items',
    reply: r`{"operation": "sort", "target": "task", "args": {"items": []}}`,
    commands: [bad(ERRORS.emptySort)],
  },
  {
    name: 'reply cut off inside a command',
    reply: r`Sure, adding it now:

${F}json
{"operation": "insert", "target": "task", "args": {"name": "Buy ba`,
    commands: [bad(ERRORS.cut)],
    visible: 'Sure, adding it now:\n\n```json\n',
  },
  {
    name: 'cut off inside the second command of an array',
    reply: r`[{"operation": "insert", "args": {"name": "Flour"}}, {"operation": "insert", "args": {"name": "Eg`,
    commands: [task('insert', { name: 'Flour' }), bad(ERRORS.cut)],
  },
  {
    name: 'good, bad, good: each command judged on its own',
    reply: r`Here's everything:

{"operation": "insert", "target": "task", "args": {"name": "📞 Call Alex"}}
{"operation": "read", "target": "task", "args": {"id": "<id>"}}
{"operation": "toggle", "target": "task", "args": {"id": 2}}`,
    commands: [task('insert', { name: '📞 Call Alex' }), bad(ERRORS.placeholder), task('toggle', { id: 2 })],
  },
  {
    name: 'profile update without the new name',
    reply: r`{"operation": "update", "target": "profile", "args": {"id": 2}}`,
    commands: [bad(ERRORS.missing('update', 'profile', 'name'))],
  },

  // ───────────────────────── Profiles ─────────────────────────
  {
    name: 'profile list',
    reply: r`Let me show your profiles: {"operation": "list", "target": "profile", "args": {}}`,
    commands: [profile('list')],
  },
  {
    name: 'new profile, then tasks in it',
    reply: r`Great, a fresh start for work! 💼

${F}json
{"operation": "insert", "target": "profile", "args": {"name": "Work 💼"}}
{"operation": "insert", "target": "task", "args": {"name": "Prepare the Monday stand-up"}}
{"operation": "insert", "target": "task", "args": {"name": "Answer Priya's email"}}
${F}`,
    commands: [
      profile('insert', { name: 'Work 💼' }),
      task('insert', { name: 'Prepare the Monday stand-up' }),
      task('insert', { name: "Answer Priya's email" }),
    ],
  },
  {
    name: 'profile read',
    reply: r`{"operation": "read", "target": "profile", "args": {"id": 2}}`,
    commands: [profile('read', { id: 2 })],
  },
  {
    name: 'profile rename with profile_id and title',
    reply: r`Renaming it to "Office 🏢": {"operation": "update", "target": "profile", "args": {"profile_id": "3", "title": "Office 🏢"}}`,
    commands: [profile('update', { id: 3, name: 'Office 🏢' })],
  },
  {
    name: 'profile delete',
    reply: r`⚠️ This will delete the "Old stuff" profile and all of its tasks:

${F}json
{"operation": "delete", "target": "profile", "args": {"id": 4}}
${F}`,
    commands: [profile('delete', { id: 4 })],
  },

  // ───────────────────────── Apologies and retries ─────────────────────────
  {
    name: 'apology after a placeholder, with the list first',
    reply: r`I apologize for the confusion! You're right, I should use a real id. Let me list your tasks first:

${F}json
{"operation": "list", "target": "task", "args": {}}
${F}`,
    commands: [task('list')],
  },
  {
    name: 'apology and corrected command',
    reply: r`Sorry about that — "complete" isn't a valid operation. Here's the corrected command:

${F}json
{"operation": "update", "target": "task", "args": {"id": 4, "done": true}}
${F}

Task 4 should now be marked as done. ✅`,
    commands: [task('update', { id: 4, done: true })],
  },
  {
    name: 'repeats the wrong example as data, then the right command',
    reply: r`Oops, I wrote {"id": "<task_id>"} instead of a real number. Fixed:
{"operation": "delete", "target": "task", "args": {"id": 21}}`,
    commands: [task('delete', { id: 21 })],
    visible: 'Oops, I wrote {"id": "<task_id>"} instead of a real number. Fixed:\n',
  },
  {
    name: 'long gemma reply: plan, commands and a summary table',
    reply: r`Okay, here's a plan for your week! 📅

**Monday**
* Finish the report

**Tuesday**
* Call the bank

${F}json
[
  {"operation": "insert", "target": "task", "args": {"name": "📝 Finish the report", "priority": 0}},
  {"operation": "insert", "target": "task", "args": {"name": "🏦 Call the bank", "priority": 1}}
]
${F}

| Day | Task |
|-----|------|
| Mon | Finish the report |
| Tue | Call the bank |

Good luck, you've got this! 💪`,
    commands: [task('insert', { name: '📝 Finish the report', priority: 0 }), task('insert', { name: '🏦 Call the bank', priority: 1 })],
    visible: /^Okay, here's a plan[\s\S]*```json\n\n```\n\n\| Day \| Task \|[\s\S]*you've got this! 💪$/,
  },
  {
    name: 'sort then list, the list as a flattened object without args',
    reply: r`I moved "Pay rent" to the top.
{"operation": "sort", "target": "task", "args": {"items": [{"id": 4, "priority": 0}, {"id": 1, "priority": 1}]}}
And here's the updated list: {"operation": "list", "target": "task"}`,
    commands: [
      task('sort', {
        items: [
          { id: 4, priority: 0 },
          { id: 1, priority: 1 },
        ],
      }),
      task('list'),
    ],
  },
];
