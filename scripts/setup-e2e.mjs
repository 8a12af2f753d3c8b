// Installs what the e2e tests need (chromium, Node 24, code-server), cached outside the repo.
// Idempotent and fast once installed; the first run on a fresh machine takes a few minutes.
import { ensureInstalled } from './code-server.mjs';

try {
  const paths = await ensureInstalled();
  console.log(`e2e prerequisites ready: code-server ${paths.codeServerBin}, node ${paths.node24Bin}, chromium ${paths.chromium}`);
} catch (e) {
  console.error(e.message);
  process.exit(1);
}
