/**
 * An error whose message is meant for a person (or, later, the model): it says what happened and
 * what to do. Anything else that is thrown is a bug and gets logged with its stack.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly code: 'invalid' | 'not-found' | 'conflict' | 'storage' | 'model' = 'invalid',
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** The message to show for any thrown value; non-user errors get a generic lead-in. */
export function messageOf(err: unknown): string {
  if (err instanceof UserError) return err.message;
  const text = err instanceof Error ? err.message : String(err);
  return `Something went wrong: ${text}`;
}
