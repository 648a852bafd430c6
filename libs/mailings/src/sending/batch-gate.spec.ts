import { BatchGate, BatchTruth } from './batch-gate';
import { SignalVersions } from '../signals/mailing-signals';

function gate(options: { fresh: () => SignalVersions | undefined; truth: BatchTruth; recheckMs?: number }) {
  let truthReads = 0;
  const stops: string[] = [];
  const g: BatchGate = new BatchGate(
    {
      signals: async () => options.fresh() ?? { mailing: 0, suppression: 0 },
      freshSignals: options.fresh,
      baseline: { mailing: 1, suppression: 1 },
      truth: async () => {
        truthReads += 1;
        return options.truth;
      },
      recheckMs: options.recheckMs ?? 60_000,
      onStop: () => stops.push('stop'),
    },
    ['d1', 'd2', 'd3'],
  );
  return { g, truthReads: () => truthReads, stops };
}

describe('BatchGate', () => {
  it('decides at once, without reading PostgreSQL, while the signals are fresh and unchanged', () => {
    const { g, truthReads } = gate({
      fresh: () => ({ mailing: 1, suppression: 1 }),
      truth: { mailingSending: true, suppressed: [] },
    });
    expect(g.decide('d1')).toBe('send');
    expect(g.decide('d2')).toBe('send');
    expect(truthReads()).toBe(0);
  });

  it('re-reads PostgreSQL before the next message once a counter moved: an opt-out is suppressed', async () => {
    let versions = { mailing: 1, suppression: 1 };
    const { g, truthReads } = gate({ fresh: () => versions, truth: { mailingSending: true, suppressed: ['d2'] } });
    expect(g.decide('d1')).toBe('send');
    versions = { mailing: 1, suppression: 2 };
    expect(await g.decide('d2')).toBe('suppress');
    expect(g.decide('d3')).toBe('send');
    expect(truthReads()).toBe(1);
  });

  it('releases the rest of the batch once the mailing is paused', async () => {
    let versions = { mailing: 1, suppression: 1 };
    const { g, stops } = gate({ fresh: () => versions, truth: { mailingSending: false, suppressed: [] } });
    versions = { mailing: 2, suppression: 1 };
    expect(await g.decide('d1')).toBe('release');
    expect(g.decide('d2')).toBe('release');
    expect(stops).toEqual(['stop']);
  });

  it('waits for a read when no fresh counters are at hand', async () => {
    const { g } = gate({ fresh: () => undefined, truth: { mailingSending: true, suppressed: [] } });
    const decision = g.decide('d1');
    expect(decision).toBeInstanceOf(Promise);
    expect(await decision).toBe('send');
  });
});
