// Unit: what a waiting chip shows is made from the command its Apply runs, never from stored text (#23.12).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chatFileOf } from '../../src/store/chatFile';
import { routerApp } from '../helpers';

/** Plants, as a repository's chat file could ship it, a waiting chip whose stored text lies about its command. */
async function plantedChip(command: unknown, commands?: unknown) {
  const { app, request } = routerApp(['one']);
  const service = await app.service();
  const profile = service.activeProfile().id;
  const doomed = await service.createProfile('Work', false);
  const chips = [
    {
      index: 0,
      state: 'pending',
      summary: 'insert “Buy milk”? Apply or Reject',
      ...(commands === 'doomed' ? { commands: [deleteProfile(doomed.id)] } : { command: command === 'doomed' ? deleteProfile(doomed.id) : command }),
    },
  ];
  let id = 0;
  await chatFileOf(service.db).write(null, (tx) => {
    tx.run("INSERT INTO chat_message (profile_id, role, content, status, chips) VALUES (?, 'assistant', 'Adding it.', 'complete', ?)", [
      profile,
      JSON.stringify(chips),
    ]);
    id = tx.lastId();
  });
  return { app, request, service, id, doomed };
}

const deleteProfile = (id: number) => ({ operation: 'delete', target: 'profile', args: { id } });
/** The chip's text as the panel shows it (its title attribute too). */
const chipOf = (html: string, id: number) => new RegExp(`<span id="chip-${id}-0"[^]*?</span>(?:<button[^]*?</button>)*</span>`).exec(html)?.[0] ?? '';

// #23.12: a chat file shipped in a repository showed “insert “Buy milk”? Apply” over a command that deletes a profile.
test('a stored waiting chip shows the command its Apply runs, not its stored text; Apply does what was shown', async () => {
  const { app, request, service, id, doomed } = await plantedChip('doomed');
  const view = await request('GET', '/view');
  const shown = chipOf(view.html, id);
  assert.ok(shown, view.html);
  assert.doesNotMatch(shown, /Buy milk/, 'the chip shows the stored text, not the command Apply runs');
  assert.match(shown, new RegExp(`>delete profile #${doomed.id}\\? Apply or Reject<`), shown);
  assert.match(shown, new RegExp(`title="delete profile #${doomed.id}\\? Apply or Reject"`));
  assert.match(shown, /class="chip-action apply"/);
  await app.chat.confirm(id, 0, true);
  assert.equal(
    service.profiles().some((p) => p.id === doomed.id),
    false,
    'Apply did not delete the profile it showed',
  );
});

test('a stored waiting chip whose command is not valid offers no Apply and says so (its stored text is not shown)', async () => {
  const { request, id } = await plantedChip({ operation: 'explode', args: {} });
  const shown = chipOf((await request('GET', '/view')).html, id);
  assert.ok(shown);
  assert.doesNotMatch(shown, /Buy milk/);
  assert.doesNotMatch(shown, /class="chip-action apply"/);
  assert.match(shown, /not a valid command/);
});

// The same for a guided action's chip, which holds several commands: its text is theirs.
test('a stored waiting guided action shows the commands its Apply runs, not its stored text', async () => {
  const { app, request, service, id, doomed } = await plantedChip(undefined, 'doomed');
  const shown = chipOf((await request('GET', '/view')).html, id);
  assert.doesNotMatch(shown, /Buy milk/, 'the chip shows the stored text, not the commands Apply runs');
  assert.match(shown, new RegExp(`>delete profile #${doomed.id}\\? Apply or Reject<`), shown);
  await app.chat.confirm(id, 0, true);
  assert.equal(
    service.profiles().some((p) => p.id === doomed.id),
    false,
  );
});
