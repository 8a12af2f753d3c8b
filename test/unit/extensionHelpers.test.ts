// Unit: the model picker's target, the status check with no panel, exit listeners (issue #13, 19–21).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { settingTarget } from '../../src/extension/settingTarget';
import { pollWhileActive } from '../../src/host/poller';
import { tempDir } from '../helpers';

// Issue #13, 19–21: the model picker's target, the status check with no panel, listeners left behind.

test('the model picked goes where the value that counts lives: the workspace when it sets one (trusted), else the user', () => {
  assert.equal(settingTarget({ workspaceValue: 'llama3.2:3b' }, true), 'workspace');
  assert.equal(settingTarget({ workspaceValue: undefined }, true), 'global');
  assert.equal(settingTarget(undefined, true), 'global');
  // In Restricted Mode the workspace's value is ignored: the user's setting is the one in effect.
  assert.equal(settingTarget({ workspaceValue: 'llama3.2:3b' }, false), 'global');
});

test('the status check runs only while a panel is open, and never twice at once', async () => {
  let open = false;
  let polls = 0;
  let inFlight = 0;
  let overlapped = false;
  const poller = pollWhileActive({
    intervalMs: 5,
    active: () => open,
    poll: async () => {
      polls++;
      overlapped ||= ++inFlight > 1;
      await new Promise((r) => setTimeout(r, 25));
      inFlight--;
    },
  });
  try {
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(polls, 0, 'polled with no panel open');
    open = true;
    await new Promise((r) => setTimeout(r, 120));
    assert.ok(polls >= 2, `polled ${polls} times while open`);
    assert.equal(overlapped, false);
    open = false;
    await new Promise((r) => setTimeout(r, 40)); // the one in flight ends
    const atClose = polls;
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(polls, atClose, 'went on polling after the panel closed');
  } finally {
    poller.dispose();
  }
});

test('many temp folders add one exit listener, not one each (npm run bench warned of 11)', () => {
  const before = process.listenerCount('exit');
  for (let i = 0; i < 12; i++) tempDir('ot-listeners-');
  assert.ok(process.listenerCount('exit') - before <= 1, `${process.listenerCount('exit') - before} exit listeners added`);
});
