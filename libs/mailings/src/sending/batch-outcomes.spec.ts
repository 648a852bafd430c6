import { DeliveryStatus } from '../entities/mailing.entity';
import { isMailboxRefusal, outcomeOf, StormWatch } from './batch-outcomes';

const refused = (message: string) => ({ ok: false as const, bounce: true, message });
const rules = { maxAttempts: 3, retryBaseMs: 100, storm: false };

describe('batch outcomes', () => {
  it('tells a mailbox refusal (5.1.x) from a policy refusal', () => {
    expect(isMailboxRefusal('550 5.1.1 no such user')).toBe(true);
    expect(isMailboxRefusal('550-5.1.10 recipient not found')).toBe(true);
    expect(isMailboxRefusal('550 5.7.1 relay access denied')).toBe(false);
    expect(isMailboxRefusal('554 5.2.1 mailbox disabled')).toBe(false);
    expect(isMailboxRefusal('550 no such user')).toBe(false);
  });

  it('trips the storm rule at the threshold once enough recipients were tried, counting skipped messages out', () => {
    const storm = new StormWatch(50, 4);
    expect(storm.add(refused('550 5.7.1 denied'))).toBe(false);
    expect(storm.add(refused('550 5.7.1 denied'))).toBe(false);
    expect(storm.add({ ok: false, skipped: 'suppress' })).toBe(false);
    expect(storm.add(refused('550 5.1.1 no such user'))).toBe(false);
    expect(storm.add({ ok: true })).toBe(true); // 2 policy refusals of 4 tried = 50%
    expect(storm.add(refused('550 5.7.1 denied'))).toBe(false); // trips once
    expect(storm.reason()).toMatch(/refused 3 of 5 .*550 5\.7\.1 denied/);
    const calm = new StormWatch(50, 4);
    for (const result of [
      refused('550 5.7.1 denied'),
      { ok: true as const },
      { ok: true as const },
      { ok: true as const },
    ])
      expect(calm.add(result)).toBe(false);
  });

  it('a policy refusal bounces outside a storm and goes back to the queue, attempt refunded, in one; 5.1.1 always bounces', () => {
    const d = { id: '1', attempts: 1 };
    expect(outcomeOf(d, refused('550 5.7.1 denied'), rules)).toMatchObject({ status: DeliveryStatus.BOUNCED });
    expect(outcomeOf(d, refused('550 5.7.1 denied'), { ...rules, storm: true })).toMatchObject({
      status: DeliveryStatus.QUEUED,
      refund: true,
      retryMs: 0,
    });
    expect(outcomeOf(d, refused('550 5.1.1 gone'), { ...rules, storm: true })).toMatchObject({
      status: DeliveryStatus.BOUNCED,
    });
  });

  it('skipped messages give their attempt back; transient failures retry then fail', () => {
    expect(outcomeOf({ id: '1', attempts: 2 }, { ok: false, skipped: 'suppress' }, rules)).toMatchObject({
      status: DeliveryStatus.SUPPRESSED,
      refund: true,
    });
    expect(outcomeOf({ id: '1', attempts: 2 }, { ok: false, skipped: 'release' }, rules)).toMatchObject({
      status: DeliveryStatus.QUEUED,
      refund: true,
      retryMs: 0,
    });
    expect(
      outcomeOf({ id: '1', attempts: 2 }, { ok: false, bounce: false, message: '451 later' }, rules),
    ).toMatchObject({ status: DeliveryStatus.QUEUED, retryMs: 200, refund: false });
    expect(
      outcomeOf({ id: '1', attempts: 3 }, { ok: false, bounce: false, message: '451 later' }, rules),
    ).toMatchObject({ status: DeliveryStatus.FAILED });
  });
});
