/**
 * The loop the project comes from: paste the teaching prompt and a session log into a stronger
 * model and ask for a clearer prompt. These build that text, for the clipboard and for
 * "Improve the Prompt from This Session".
 */

export const IMPROVE_INSTRUCTION = `You are helping improve the system prompt that teaches a small local model (such as gemma2:2b) to manage a task list by writing JSON commands.
Below are the current teaching prompt and a log of a real session: what the user asked, what the model replied, which commands it wrote, which were accepted, and the errors it got.
Write a clearer teaching prompt that would have avoided the mistakes in the log. Keep every operation and its JSON shape exactly as they are (the program parses them), keep concrete example values (never placeholders like <task_id>), keep comments in the examples short, and keep it brief: a small model reads it on every turn.
Answer with the new prompt only, inside one fenced block (\`\`\`markdown … \`\`\`). Do not include the task list itself; the program appends it.`;

export function improvementMaterial(teaching: string, log: string): string {
  return `${IMPROVE_INSTRUCTION}

## Current teaching prompt

\`\`\`\`markdown
${teaching}
\`\`\`\`

## Session log (JSON lines, one per model reply)

\`\`\`\`jsonl
${log.trim() || '(no turns yet in this session)'}
\`\`\`\``;
}

/** The proposed prompt from a reply: the first fenced block, or the whole reply without one. */
export function extractProposal(reply: string): string {
  const fenced = /(`{3,}|~{3,})[\w-]*[ \t]*\n([\s\S]*?)\n\1/.exec(reply);
  return (fenced ? fenced[2] : reply).trim();
}
