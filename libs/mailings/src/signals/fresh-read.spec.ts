import { FreshRead } from './fresh-read';

describe('FreshRead', () => {
  it('serves callers that arrive during a read with the next read, and shares that read', async () => {
    let value = 0;
    let reads = 0;
    const release: (() => void)[] = [];
    const fresh = new FreshRead(() => {
      reads++;
      const seen = value;
      return new Promise<number>((resolve) => release.push(() => resolve(seen)));
    });
    const first = fresh.get();
    value = 1; // changed after the first read started: later callers must see it
    const second = fresh.get();
    const third = fresh.get();
    release.shift()!();
    expect(await first).toBe(0);
    await new Promise((r) => setImmediate(r));
    release.shift()!();
    expect(await second).toBe(1);
    expect(await third).toBe(1);
    expect(reads).toBe(2);
  });

  it('a failed read fails its callers only; the next caller reads again', async () => {
    let fail = true;
    const fresh = new FreshRead(async () => {
      if (fail) throw new Error('down');
      return 'ok';
    });
    await expect(fresh.get()).rejects.toThrow('down');
    fail = false;
    expect(await fresh.get()).toBe('ok');
  });
});
