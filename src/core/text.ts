/**
 * Characters that make one log line look like something else: line breaks (a forged second
 * line), ANSI escapes and other controls, bidirectional overrides and isolates (text that reads
 * in another order than it is), zero-width characters and the byte-order mark.
 */
const UNPRINTABLE = /[\u0000-\u001F\u007F-\u009F\u200B-\u200F\u2028\u2029\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * One line of log text that shows what it holds: every character of UNPRINTABLE becomes a visible
 * escape (`\n`, `\u{1B}`, `\u{202E}`), and text past `max` characters is cut with a count.
 */
export function printable(text: string, max = 2000): string {
  const cut = text.length > max ? text.slice(0, max) : text;
  const shown = cut.replace(UNPRINTABLE, (c) => NAMED[c] ?? `\\u{${c.codePointAt(0)!.toString(16).toUpperCase()}}`);
  return text.length > max ? `${shown}… (${text.length - max} more characters)` : shown;
}

/** `scheme://user:password@` in a URL: what `redactCredentials` hides. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>]+@/gi;

/**
 * Text with the credentials of every URL in it hidden (`http://***@host`): a host setting may
 * carry `user:password@`, and log lines, panel errors and the status bar name the host.
 */
export function redactCredentials(text: string): string {
  return text.replace(URL_CREDENTIALS, '$1***@');
}
