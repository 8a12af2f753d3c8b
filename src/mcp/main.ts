// `ollama-tasks mcp`: parses its flags and runs the MCP server on stdio until the client goes away.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { version } from '../../package.json';
import { startMcpServer } from './server';

/** Usage of `ollama-tasks mcp` (also `node dist/mcp.js`, as VS Code's MCP provider starts it). */
export const MCP_USAGE = `  ollama-tasks mcp [--workspace DIR] [--database PATH]
                                        Serve the workspace's task list over the Model Context
                                        Protocol on stdin/stdout (tools and a list resource).
                                        DIR: the workspace folder (default: the current folder)
                                        PATH: the list inside it (default .vscode/tasks.sqlite)`;

/** Runs the MCP server on stdio until the client goes away. Logs go to stderr (stdout is the protocol). */
export async function runMcp(args: string[]): Promise<number> {
  const value = (flag: string) => {
    const at = args.indexOf(flag);
    return at >= 0 ? args[at + 1] : undefined;
  };
  const unknown = args.filter(
    (a, i) => a.startsWith('--') && !['--workspace', '--database'].includes(a) && !['--workspace', '--database'].includes(args[i - 1]),
  );
  if (unknown.length || args.includes('--help')) {
    console.error(`${unknown.length ? `Unknown argument “${unknown[0]}” for mcp.\n\n` : ''}Usage:\n${MCP_USAGE}`);
    return unknown.length ? 2 : 0;
  }
  const transport = new StdioServerTransport();
  const server = await startMcpServer(transport, {
    workspace: value('--workspace') ?? process.cwd(),
    database: value('--database'),
    version,
    log: (message) => process.stderr.write(`[ollama-tasks mcp] ${message}\n`),
  });
  // The client closing stdin ends the server (and saves what is pending).
  await Promise.race([server.closed, new Promise((resolve) => process.stdin.once('end', resolve))]);
  await server.close();
  return 0;
}
