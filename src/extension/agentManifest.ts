// package.json's languageModelTools and MCP provider entries, from the operations (npm run manifest).
import { AGENT_TOOLS, agentInputSchema } from '../core/agentTools';
import { lmToolName } from './agentToolNames';
import { MCP_PROVIDER_ID } from './mcpProviderId';

/**
 * The manifest's `languageModelTools` and `mcpServerDefinitionProviders`, generated from the
 * operation definitions (`npm run manifest` writes them into package.json; a test checks they
 * match), so the schemas VS Code shows a model are the ones the tools check.
 */
export function agentContributions(): { languageModelTools: object[]; mcpServerDefinitionProviders: object[]; nls: Record<string, string> } {
  const nls: Record<string, string> = { 'mcp.provider.label': 'Ollama Tasks (the workspace’s shared task list)' };
  for (const t of AGENT_TOOLS) {
    nls[`lmTool.${t.name}.displayName`] = t.title;
    nls[`lmTool.${t.name}.userDescription`] = `${t.title} in the workspace’s shared Ollama Tasks list.`;
  }
  return {
    nls,
    languageModelTools: AGENT_TOOLS.map((t) => ({
      name: lmToolName(t),
      // What the person reads is translatable (package.nls.json); what the model reads stays English.
      displayName: `%lmTool.${t.name}.displayName%`,
      toolReferenceName: t.name.replace(/_/g, '-'),
      canBeReferencedInPrompt: true,
      icon: t.readOnly ? '$(checklist)' : t.destructive ? '$(trash)' : '$(edit)',
      userDescription: `%lmTool.${t.name}.userDescription%`,
      modelDescription: t.description,
      tags: ['tasks', 'todo', 'ollama-tasks'],
      inputSchema: agentInputSchema(t),
    })),
    mcpServerDefinitionProviders: [{ id: MCP_PROVIDER_ID, label: '%mcp.provider.label%' }],
  };
}
