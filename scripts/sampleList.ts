// `npm start`'s first screen: a workspace whose list already holds a few realistic tasks in two
// profiles, written by the extension's own store (TaskDb + TaskService) so the file is exactly
// what the panel writes. Only when the folder has no list yet: a list someone used is never touched.
//   node --import tsx scripts/sampleList.ts WORKSPACE_FOLDER
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TaskDb } from '../src/store/taskDb';
import { TaskService } from '../src/store/taskService';

/** Where the panel keeps a folder's list by default (`ollamaTasks.databasePath`). */
export const LIST_FILE = path.join('.vscode', 'tasks.sqlite');

/** The sample: the first profile is the one the panel opens on. `[x]` marks a done task. */
export const SAMPLE_PROFILES: readonly { name: string; tasks: readonly string[] }[] = [
  { name: 'Home', tasks: ['Buy milk and eggs', 'Book a dentist appointment', '[x] Pay the electricity bill', 'Water the plants', 'Call mum on Sunday'] },
  { name: 'Work', tasks: ['Finish the quarterly report', "Review Sam's pull request", '[x] Send the meeting notes', "Prepare slides for Monday's demo"] },
];

/**
 * Writes the sample list into FOLDER's `.vscode/tasks.sqlite` when there is none yet. Returns
 * whether it wrote one. The sample's own changes are left out of Undo: the first Ctrl+Z a new
 * person presses must not take a sample task away.
 */
export async function createSampleList(folder: string): Promise<boolean> {
  const file = path.join(folder, LIST_FILE);
  if (fs.existsSync(file)) return false;
  const db = await TaskDb.open(file);
  try {
    const service = await TaskService.open(db);
    // Another process may have made the list between the check and the open (a second `npm start`).
    if (service.profiles().some((p) => service.tasks(p.id).length > 0) || service.profiles().length > 1) return false;
    const [first, ...rest] = SAMPLE_PROFILES;
    const home = await service.renameProfile(service.profiles()[0].id, first.name);
    const ids = [home.id];
    for (const profile of rest) ids.push((await service.createProfile(profile.name, false)).id);
    for (const [i, profile] of SAMPLE_PROFILES.entries()) {
      for (const task of profile.tasks) {
        const done = task.startsWith('[x] ');
        await service.addTask(done ? task.slice(4) : task, { profileId: ids[i], done });
      }
    }
    await service.switchProfile(home.id);
    await db.write(null, (tx) => tx.run('DELETE FROM undo_entry'));
    return true;
  } finally {
    db.close(); // saves what is pending first
  }
}

if (require.main === module) {
  const folder = process.argv[2];
  if (!folder) {
    console.error('usage: node --import tsx scripts/sampleList.ts WORKSPACE_FOLDER');
    process.exit(2);
  }
  createSampleList(path.resolve(folder)).then(
    (wrote) => console.log(wrote ? `Sample list written: ${path.join(folder, LIST_FILE)}` : `Kept the list already in ${path.join(folder, LIST_FILE)}`),
    (err) => {
      console.error(`Could not write the sample list: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
