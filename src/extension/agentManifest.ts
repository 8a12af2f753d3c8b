import { AGENT_TOOLS, agentInputSchema } from '../core/agentTools';
import { lmToolName } from './agentToolNames';
import { MCP_PROVIDER_ID } from './mcpProviderId';

/**
 * The manifest's `languageModelTools` and `mcpServerDefinitionProviders`, generated from the
 * operation definitions (`npm run manifest` writes them into package.json; a test checks they
 * match), so the schemas VS Code shows a model are the ones the tools check.
 */
export function agentContributions(): { languageModelTools: object[]; mcpServerDefinitionProviders: object[] } {
  return {
    languageModelTools: AGENT_TOOLS.map((t) => ({
      name: lmToolName(t),
      displayName: t.title,
      toolReferenceName: t.name.replace(/_/g, '-'),
      canBeReferencedInPrompt: true,
      icon: t.readOnly ? '$(checklist)' : t.destructive ? '$(trash)' : '$(edit)',
      userDescription: `${t.title} in the workspace's shared Ollama Tasks list.`,
      modelDescription: t.description,
      tags: ['tasks', 'todo', 'ollama-tasks'],
      inputSchema: agentInputSchema(t),
    })),
    mcpServerDefinitionProviders: [{ id: MCP_PROVIDER_ID, label: 'Ollama Tasks (the workspace’s shared task list)' }],
  };
}
