import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gaveUpMessage, RestartPolicy } from '../../../client/extension/server/restartPolicy';
import { gate, type Feature } from '../../../client/extension/trust';

describe('workspace trust gate', () => {
  it('allows everything in a trusted workspace', () => {
    for (const f of ['preview', 'send', 'secrets', 'env', 'resend'] as Feature[]) assert.deepEqual(gate(f, true), { allowed: true });
  });

  it('keeps the preview in an untrusted workspace and refuses the rest, saying why', () => {
    assert.deepEqual(gate('preview', false), { allowed: true });
    for (const f of ['send', 'secrets', 'env', 'resend'] as Feature[]) {
      const g = gate(f, false);
      assert.equal(g.allowed, false);
      if (!g.allowed) {
        assert.match(g.message, /not trusted/);
        assert.match(g.message, /Trust the folder/);
      }
    }
  });
});

describe('language server restart policy', () => {
  it('restarts up to the limit within the window, then gives up', () => {
    const p = new RestartPolicy(3, 60_000);
    assert.equal(p.shouldRestart(0), true);
    assert.equal(p.shouldRestart(1000), true);
    assert.equal(p.shouldRestart(2000), true);
    assert.equal(p.shouldRestart(3000), false);
    assert.match(gaveUpMessage(p), /crashed 4 times in 1 minutes/);
  });

  it('forgets crashes older than the window', () => {
    const p = new RestartPolicy(2, 60_000);
    assert.equal(p.shouldRestart(0), true);
    assert.equal(p.shouldRestart(10_000), true);
    assert.equal(p.shouldRestart(70_001), true, 'the first crash fell out of the window');
  });

  it('starts over after a manual restart', () => {
    const p = new RestartPolicy(1, 60_000);
    p.shouldRestart(0);
    assert.equal(p.shouldRestart(1), false);
    p.reset();
    assert.equal(p.shouldRestart(2), true);
  });
});
