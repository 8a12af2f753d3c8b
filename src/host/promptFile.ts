// Reads the workspace prompt file, never in Restricted Mode; a missing file means no changes.
import * as fs from 'node:fs';
import { parsePromptFile, type PromptOverride } from '../core/prompt';

/**
 * Reads the workspace prompt file, unless the workspace is untrusted: in Restricted Mode nothing
 * from the workspace may change what is sent to the model. A missing file means "no changes".
 */
export async function loadPromptOverride(trusted: boolean, file: string | undefined): Promise<PromptOverride | undefined> {
  if (!trusted || !file) return undefined;
  try {
    return parsePromptFile(await fs.promises.readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
}
