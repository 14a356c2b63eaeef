// @ts-check
const Sequencer = require('@jest/test-sequencer').default;

/**
 * Jest's usual order, except that the specs needing Jaeger run last: on a fresh clone (CI) Jaeger is still being
 * built in the background (.ci/run), and those specs would otherwise wait for the build while everything else queues.
 */
class JaegerLastSequencer extends Sequencer {
  /** @param {import('@jest/test-result').Test[]} tests */
  sort(tests) {
    const sorted = /** @type {import('@jest/test-result').Test[]} */ (super.sort(tests));
    const needsJaeger = (/** @type {{ path: string }} */ t) => /jaeger\.e2e-spec\.ts$/.test(t.path);
    return [...sorted.filter((t) => !needsJaeger(t)), ...sorted.filter(needsJaeger)];
  }
}

module.exports = JaegerLastSequencer;
