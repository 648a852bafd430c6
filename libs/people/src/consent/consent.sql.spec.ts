import { EmailStatus } from '../entities/person.entity';
import { ConsentSource } from './consent-event.entity';
import { consentChangeSql, mostProtective, STATUS_PROTECTION } from './consent.sql';

describe('consent rules', () => {
  it('the most protective status wins a merge, whatever the order (an opt-out is never lost)', () => {
    expect(mostProtective(EmailStatus.SUBSCRIBED, EmailStatus.UNSUBSCRIBED)).toBe(EmailStatus.UNSUBSCRIBED);
    expect(mostProtective(EmailStatus.UNSUBSCRIBED, EmailStatus.SUBSCRIBED)).toBe(EmailStatus.UNSUBSCRIBED);
    expect(mostProtective(EmailStatus.BOUNCING, EmailStatus.UNSUBSCRIBED)).toBe(EmailStatus.UNSUBSCRIBED);
    expect(mostProtective(EmailStatus.SPAM_COMPLAINT, EmailStatus.UNSUBSCRIBED)).toBe(EmailStatus.SPAM_COMPLAINT);
    expect(STATUS_PROTECTION).toHaveLength(Object.keys(EmailStatus).length);
  });

  it('writes the status and its event in one statement, guarded by the rule', () => {
    const sql = consentChangeSql('bounced', 'SELECT 1', {
      status: EmailStatus.BOUNCING,
      source: ConsentSource.MAIL_SYSTEM,
      rule: 'more-protective',
      mailingId: '$5',
    });
    expect(sql).toContain(`UPDATE people pe SET email_status = 'BOUNCING'`);
    expect(sql).toContain(`bounced_events AS (\n      INSERT INTO consent_events`);
    expect(sql).toMatch(/array_position\(.*old\.before\) < array_position\(.*'BOUNCING'\)/);
    expect(sql).toContain('($5)::uuid');
    expect(
      consentChangeSql('c', 'SELECT 1', {
        status: EmailStatus.SUBSCRIBED,
        source: ConsentSource.PUBLIC_SIGNUP,
        rule: 'always',
      }),
    ).toContain('AND true');
    expect(
      consentChangeSql('c', 'SELECT 1', {
        status: EmailStatus.UNSUBSCRIBED,
        source: ConsentSource.STAFF,
        rule: 'changed',
      }),
    ).toContain(`old.before <> 'UNSUBSCRIBED'`);
  });
});
