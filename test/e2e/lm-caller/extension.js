// A stand-in for an agent in VS Code (the chat in agent mode, another extension): it finds the
// Ollama Tasks tools in vscode.lm.tools and calls them with vscode.lm.invokeTool, as any agent
// does, and writes what it got to .vscode/lm-result.json for the e2e test to read.
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

async function call(name, input) {
  try {
    const result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined });
    return result.content.map((part) => part.value ?? '').join('');
  } catch (err) {
    return `THREW ${err && err.message}`;
  }
}

function write(out) {
  const folder = vscode.workspace.workspaceFolders[0].uri.fsPath;
  fs.mkdirSync(path.join(folder, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(folder, '.vscode', 'lm-result.json'), JSON.stringify(out, null, 2));
}

exports.activate = (context) => {
  context.subscriptions.push(
    vscode.commands.registerCommand('otTest.callTools', async () => {
      const out = {
        tools: vscode.lm.tools
          .map((t) => t.name)
          .filter((n) => n.startsWith('ollamaTasks_'))
          .sort(),
      };
      out.add = await call('ollamaTasks_add_task', { name: 'Added by an agent' });
      out.bad = await call('ollamaTasks_toggle_task', { id: 'the first one' });
      out.list = await call('ollamaTasks_list_tasks', {});
      write(out);
    }),
  );
};
