/**
 * The seed article's two prompts (../shared/seed/using-logs-to-improve-llm-prompt.md), rendered the
 * way its code renders them, as prompt files for the eval (`--prompt FILE`):
 *
 * - before: API_SYNTAX_TEMPLATES, the dict with `<placeholders>`. The article builds the system
 *   message from the dict itself (its comments "get lost because of the way I build
 *   API_SYNTAX_TEMPLATES as an actual dict"), so each template is serialised as JSON
 *   (`json.dumps(template, indent=4)`: the same text as JSON.stringify(…, null, 4)).
 * - after: the `operation_docs` strings with their `#` comments, word for word (their leading
 *   newline and indentation too: they are Python triple-quoted strings), after the "Important
 *   notes" preamble the article proposes.
 *
 * Both go through the article's loop: `f"{i}. {operation_name}\n\n```json\n{doc}\n```\n\n"`. The
 * article never shows its `operations` list of (name, key) pairs; the names below are ours. The
 * article's emoji arrive mis-decoded ("üéØ"); they are written as meant (🎯, 📝). What the
 * article's prompt had before the syntax (its intro) is not shown either: our Intro stays (what a
 * command is), and the article's text replaces our Rules and Examples (a prompt file's sections).
 * The article's templates know tasks only: the suite's profile requests are beyond them.
 */

const OPERATIONS: [string, string][] = [
  ['List all tasks', 'list'],
  ['Insert a task', 'insert'],
  ['Read a task', 'read'],
  ['Update a task', 'update'],
  ['Delete a task', 'delete'],
  ['Toggle a task', 'toggle'],
  ['Sort tasks', 'sort'],
];

/** API_SYNTAX_TEMPLATES as the article's "Before" block has it (the Python dict, as data). */
const BEFORE_TEMPLATES: Record<string, object> = {
  list: { operation: 'list', target: 'task' },
  insert: { operation: 'insert', target: 'task', args: { name: '<task_name_or_emoji>', done: 0, priority: 0 } },
  read: { operation: 'read', target: 'task', args: { id: '<task_id>' } },
  update: { operation: 'update', target: 'task', args: { id: '<task_id>', name: '<new_task_name>', done: '<true/false>', priority: '<new_priority_value>' } },
  delete: { operation: 'delete', target: 'task', args: { id: '<task_id>' } },
  toggle: { operation: 'toggle', target: 'task', args: { id: '<task_id>', field: 'done', new_value: '<new_boolean_value>' } },
  sort: {
    operation: 'sort',
    target: 'task',
    args: {
      items: [
        { id: '<task_id>', priority: '<new_priority_value>' },
        { id: '<task_id2>', priority: '<new_priority_value2>' },
      ],
    },
  },
};

/** operation_docs from the article's last code block, verbatim (indentation included). */
const AFTER_DOCS: Record<string, string> = {
  list: `
        # List all tasks
        {
            "operation": "list",
            "target": "task"
        }`,
  insert: `
        # Create a new task
        # - name: Can include emoji (e.g. "🎯 Important Task")
        # - done: 0 for incomplete, 1 for complete
        # - priority: Lower number = higher priority (0 is highest)
        {
            "operation": "insert",
            "target": "task",
            "args": {
                "name": "🎯 Sample Task",
                "done": 0,
                "priority": 0
            }
        }`,
  read: `
        # Retrieve a specific task by ID
        {
            "operation": "read",
            "target": "task",
            "args": {
                "id": "123"    # Must be a string
            }
        }`,
  update: `
        # Update an existing task
        # All fields are optional except id
        {
            "operation": "update",
            "target": "task",
            "args": {
                "id": "123",           # Required: task ID as string
                "name": "📝 New Name",  # Optional: new task name
                "done": 1,             # Optional: 0=incomplete, 1=complete
                "priority": 2          # Optional: new priority
            }
        }`,
  delete: `
        # Delete a task by ID
        {
            "operation": "delete",
            "target": "task",
            "args": {
                "id": "123"    # Must be a string
            }
        }`,
  toggle: `
        # Toggle a task's status (usually the 'done' field)
        {
            "operation": "toggle",
            "target": "task",
            "args": {
                "id": "123",        # Must be a string
                "field": "done"     # Field to toggle
            }
        }`,
  sort: `
        # Reorder tasks by priority
        # Lower priority number = higher in list
        {
            "operation": "sort",
            "target": "task",
            "args": {
                "items": [
                    {"id": "123", "priority": 0},    # First item
                    {"id": "456", "priority": 1},    # Second item
                    {"id": "789", "priority": 2}     # Third item
                ]
            }
        }`,
};

const PREAMBLE = 'You can use the following JSON syntax to perform operations on the database.\n';

/** The article's proposed notes, prepended in its generate_system_message. */
const NOTES =
  'Important notes:\n' +
  '1. All IDs should be strings (e.g. "123")\n' +
  '2. Priority values are numbers (lower = higher priority)\n' +
  "3. The 'done' field uses 0 for incomplete, 1 for complete\n" +
  '4. Task names can include emojis (e.g. "🎯 Important Task")\n' +
  "5. All operations use 'task' as the target\n\n";

function render(preamble: string, doc: (key: string) => string): string {
  let syntax = preamble;
  OPERATIONS.forEach(([name, key], i) => {
    syntax += `${i + 1}. ${name}\n\n\`\`\`json\n${doc(key)}\n\`\`\`\n\n`;
  });
  return syntax;
}

/** A prompt file: the article's syntax instructions as our Rules, nothing as Examples. */
function promptFile(syntax: string): string {
  return `## Rules\n\n${syntax.trimEnd()}\n\n## Examples\n\n`;
}

export const ARTICLE_BEFORE = promptFile(render(PREAMBLE, (key) => JSON.stringify(BEFORE_TEMPLATES[key], null, 4)));
export const ARTICLE_AFTER = promptFile(render(PREAMBLE + NOTES, (key) => AFTER_DOCS[key]));
