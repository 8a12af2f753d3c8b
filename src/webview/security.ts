// The page's one Trusted Types policy for htmx: scripts in swapped fragments are refused quietly.
import htmx from 'htmx.org';

/** The one Trusted Types policy the page's CSP allows (`trusted-types htmx`). */
const POLICY_NAME = 'htmx';

/** What the minimal Trusted Types API we use looks like (not in TypeScript's DOM lib yet). */
interface TrustedTypesLike {
  createPolicy(
    name: string,
    rules: { createHTML(input: string): string; createScript(input: string): string },
  ): { createHTML(input: string): unknown; createScript(input: string): unknown };
}

/**
 * htmx re-creates every `<script>` of a swapped fragment through the policy's `createScript`. No
 * fragment of this panel holds a script, so one that does came from data: its text is refused by
 * turning it into an empty script. Refused quietly, not by throwing: a throw there would stop the
 * swap half done (the rest of the fragment, and every out-of-band part after it, never lands).
 */
const NO_SCRIPT = (): string => '';

/** A script start tag anywhere in a fragment (the host's own fragments never hold one). */
const SCRIPT_TAG = /<script/i;

/**
 * The fragment with every script element removed. htmx copies a script's attributes one by one,
 * and a `src` needs a TrustedScriptURL that nothing here makes: it would throw in the middle of
 * the swap, like a script text without `createScript`. The slow path (a second parse) runs only
 * for a fragment that holds a script, which is data gone wrong, never the host's own markup.
 */
function withoutScripts(policy: { createHTML(input: string): unknown }, input: string): string {
  const doc = new DOMParser().parseFromString(policy.createHTML(input) as string, 'text/html');
  const strip = (root: ParentNode) => {
    for (const script of root.querySelectorAll('script')) script.remove();
    for (const template of root.querySelectorAll('template')) strip(template.content);
  };
  strip(doc);
  return doc.documentElement.outerHTML;
}

/**
 * Defence in depth behind the escaping: with the CSP's `require-trusted-types-for 'script'`, no
 * HTML string reaches a DOM sink (innerHTML, DOMParser, …) unless it passes through this policy,
 * and only htmx holds it; htmx only ever parses the host's fragments, which are escaped by
 * construction. htmx's code compilers (`hx-on`, `js:` values, trigger filters) are replaced by ones
 * that refuse: the panel's markup uses none, so any attempt came from data.
 */
export function installSecurity(): void {
  const tt = (window as unknown as { trustedTypes?: TrustedTypesLike }).trustedTypes;
  const real = tt?.createPolicy(POLICY_NAME, { createHTML: (input) => input, createScript: NO_SCRIPT });
  // What htmx is given: the policy, with scripts taken out of any fragment that holds one.
  const policy = real && {
    createHTML: (input: string) => real.createHTML(SCRIPT_TAG.test(input) ? withoutScripts(real, input) : input),
    createScript: (input: string) => real.createScript(input),
  };
  const refuse = function (): never {
    throw new EvalError('Ollama Tasks: htmx may not compile code from attributes in this panel');
  } as unknown as FunctionConstructor;
  htmx.registerExtension('ollama-tasks-security', {
    init(api: { initSecurity(policy: unknown, syncFn: unknown, asyncFn: unknown): void }) {
      api.initSecurity(policy, refuse, refuse);
    },
  } as never);
}
