import htmx from 'htmx.org';

/** The one Trusted Types policy the page's CSP allows (`trusted-types htmx`). */
const POLICY_NAME = 'htmx';

/** What the minimal Trusted Types API we use looks like (not in TypeScript's DOM lib yet). */
interface TrustedTypesLike {
  createPolicy(name: string, rules: { createHTML(input: string): string }): { createHTML(input: string): unknown };
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
  const policy = tt?.createPolicy(POLICY_NAME, { createHTML: (input) => input });
  const refuse = function (): never {
    throw new EvalError('Ollama Tasks: htmx may not compile code from attributes in this panel');
  } as unknown as FunctionConstructor;
  htmx.registerExtension('ollama-tasks-security', {
    init(api: { initSecurity(policy: unknown, syncFn: unknown, asyncFn: unknown): void }) {
      api.initSecurity(policy, refuse, refuse);
    },
  } as never);
}
