// VS Code's name for an agent tool (`ollamaTasks_<name>`), the same in package.json.
import type { AgentTool } from '../core/agentTools';

/** VS Code's name for an agent tool (package.json `languageModelTools` lists the same names). */
export const lmToolName = (t: AgentTool): string => `ollamaTasks_${t.name}`;
