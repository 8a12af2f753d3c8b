// zod, configured once (jitless: no `new Function`, which the webview's CSP forbids) for every schema here.
import { z } from 'zod';

/**
 * zod, configured once for everything that imports schemas from here. Jitless: zod's JIT probes
 * `navigator` (VS Code's extension host logs an error for that) and compiles code with
 * `new Function` (which a strict webview CSP forbids). Plain parsing is fast enough for messages.
 */
z.config({ jitless: true });

export { z };
