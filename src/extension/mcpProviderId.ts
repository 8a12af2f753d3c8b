/** The MCP provider's id, as `contributes.mcpServerDefinitionProviders` declares it. */
export const MCP_PROVIDER_ID = 'ollamaTasks.mcp';
