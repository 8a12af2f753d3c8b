/** Where a setting the person picks in a dialog is written, so that it takes effect. */
export type SettingTarget = 'workspace' | 'global';

/**
 * A workspace value hides the user's value: a pick written to the user settings would change
 * nothing. So the pick goes where the value that counts now lives; in Restricted Mode the
 * workspace's value is ignored anyway, so the user's settings are the ones that count.
 */
export function settingTarget(inspection: { workspaceValue?: unknown; workspaceFolderValue?: unknown } | undefined, trusted: boolean): SettingTarget {
  return trusted && inspection?.workspaceValue !== undefined ? 'workspace' : 'global';
}
