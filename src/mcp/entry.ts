// dist/mcp.js: the MCP server alone (what VS Code's MCP provider starts), without the CLI's eval.
import { runMcp } from './main';

runMcp(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`ollama-tasks mcp: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
