// The MCP server: the workspace's list as tools and a resource, on the same engine and file as the panel.
import * as path from 'node:path';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  CallToolRequestSchema,
  ListResourcesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { AGENT_TOOLS, agentInputSchema } from '../core/agentTools';
import { callAgentTool, listText } from '../host/agentCalls';
import { TaskDb } from '../store/taskDb';
import { TaskService } from '../store/taskService';
import { watchFile } from '../store/watch';
import { resolveInFolder } from '../store/workspacePath';

/** The list as a resource: the shown profile's tasks, as agents read them. */
export const TASKS_URI = 'ollama-tasks://tasks';

export interface McpOptions {
  /** The workspace folder whose list this server serves (and the only one it can reach). */
  workspace: string;
  /** The list's file, relative to the folder (ollamaTasks.databasePath); never outside it. */
  database?: string;
  version: string;
  log?(message: string): void;
}

/**
 * `ollama-tasks mcp`: the workspace's task list over the Model Context Protocol, on the same
 * engine as the panel. It opens the file as a second window would (the lock, reload-if-changed),
 * so a change from an MCP client shows in every open panel, and the panel's changes reach
 * subscribers of the list resource.
 */
export async function startMcpServer(transport: Transport, options: McpOptions): Promise<{ closed: Promise<void>; close(): Promise<void> }> {
  // An MCP client can reach this one file, inside the folder it was started for, and no other.
  const resolved = resolveInFolder(options.workspace, options.database ?? path.join('.vscode', 'tasks.sqlite'), '--database');
  if ('error' in resolved) throw new Error(resolved.error);
  const file = resolved.path;
  const db = await TaskDb.open(file, { within: options.workspace }); // checked again before each read and save
  const service = await TaskService.open(db);
  const server = new Server(
    { name: 'ollama-tasks', title: 'Ollama Tasks', version: options.version },
    {
      capabilities: { tools: {}, resources: { subscribe: true } },
      instructions:
        'A task list shared by the person (in VS Code’s Ollama Tasks panel) and every agent in this workspace. Call list_tasks first: the other tools take the ids it shows. Changes show at once in the panel and can be undone there.',
    },
  );

  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: AGENT_TOOLS.map((t) => ({
      name: t.name,
      title: t.title,
      description: t.description,
      inputSchema: agentInputSchema(t) as { type: 'object' },
      annotations: { title: t.title, readOnlyHint: t.readOnly, destructiveHint: t.destructive, openWorldHint: false },
    })),
  }));

  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    service.refreshIfChanged(); // another window may have changed the file since
    const result = await callAgentTool(service, request.params.name, request.params.arguments);
    options.log?.(`${request.params.name} → ${result.ok ? 'ok' : 'refused'}: ${result.text.split('\n')[0]}`);
    return { content: [{ type: 'text' as const, text: result.text }], isError: !result.ok };
  });

  server.setRequestHandler(ListResourcesRequestSchema, async () => ({
    resources: [
      { uri: TASKS_URI, name: 'tasks', title: 'Task list', description: 'The shown profile’s tasks: id, done, priority, name.', mimeType: 'text/plain' },
    ],
  }));

  server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
    if (request.params.uri !== TASKS_URI) throw new Error(`No resource ${request.params.uri}; the list is ${TASKS_URI}.`);
    service.refreshIfChanged();
    return { contents: [{ uri: TASKS_URI, mimeType: 'text/plain', text: listText(service) }] };
  });

  const subscribed = new Set<string>();
  server.setRequestHandler(SubscribeRequestSchema, async (request) => {
    if (request.params.uri !== TASKS_URI) throw new Error(`No resource ${request.params.uri}; the list is ${TASKS_URI}.`);
    subscribed.add(request.params.uri);
    return {};
  });
  server.setRequestHandler(UnsubscribeRequestSchema, async (request) => {
    subscribed.delete(request.params.uri);
    return {};
  });

  // Every change, ours or another process's (read again when the file changes), tells subscribers.
  let pending: NodeJS.Timeout | undefined;
  const offChange = service.onChange(() => {
    if (!subscribed.has(TASKS_URI) || pending) return;
    pending = setTimeout(() => {
      pending = undefined;
      void server.sendResourceUpdated({ uri: TASKS_URI }).catch(() => undefined);
    }, 20); // a burst (a sort, an undo) is one notification
  });
  const unwatch = watchFile(file, () => {
    try {
      service.refreshIfChanged();
    } catch (err) {
      options.log?.(`Reading ${file} again failed: ${String(err)}`);
    }
  });

  const closed = new Promise<void>((resolve) => (server.onclose = resolve));
  await server.connect(transport);
  options.log?.(`Serving ${file} over MCP`);
  return {
    closed,
    close: async () => {
      clearTimeout(pending);
      unwatch();
      offChange();
      await server.close();
      db.close();
    },
  };
}
