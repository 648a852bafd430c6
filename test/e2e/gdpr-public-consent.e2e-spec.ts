// Privacy review: the public forms that do not ask for mailing consent (a registry reservation
// request) or that meet a signature staff recorded must neither bring back an erased address nor
// subscribe anyone; only a confirmed public sign-up subscribes, with its own consent text.
import { PublicSigningService } from '@chorus/campaigns';
import { audiencePeopleSql } from '@chorus/people';
import { gql, gqlOk } from '../support/gql';
import { uniqueEmail } from '../support/fixtures';
import { waitFor } from '../support/wait-for';
import {
  createActiveCampaign,
  createPerson,
  GdprStack,
  signPublicly,
  startGdprStack,
  stopGdprStack,
} from './gdpr/gdpr-helpers';

const REQUEST = 'mutation($i: CampaignReservationInput!) { requestTdmReservation(input: $i) }';
const SIGN = 'mutation($i: SignCampaignInput!) { signCampaign(input: $i) }';
const EVENTS =
  'query($id: ID!) { person(id: $id) { id emailStatus emailConfirmedAt consentEvents { status source textShown ipHash } } }';
const UPDATE = 'mutation($id: ID!, $i: UpdatePersonInput!) { updatePerson(id: $id, input: $i) { id emailStatus } }';

describe('gdpr: public forms and consent', () => {
  let stack: GdprStack;
  const events = async (id: string) => (await gqlOk(stack.api.url, EVENTS, { id }, stack.world.admin)).person;
  const peopleWithEmail = async (email: string) =>
    (await stack.db.query(`SELECT id FROM people WHERE lower(email::text) = lower($1)`, [email])).rows;
  /** Whether a mailing whose audience selects the person would leave them out (the audiences' own rule). */
  const mailable = async (personId: string) =>
    (
      await stack.db.query(`SELECT NOT a.do_not_mail AS mailable FROM ${audiencePeopleSql()} a WHERE a.id = $1`, [
        personId,
      ])
    ).rows[0]?.mailable ?? false;
  const reservationInput = (slug: string, email: string) => ({
    slug,
    email,
    firstName: 'Zelda',
    lastName: 'Quixote',
    organizationId: stack.world.orgA.id,
    consentText: 'Reserve my works',
  });

  beforeAll(async () => {
    stack = await startGdprStack();
  });
  afterAll(() => stopGdprStack(stack));

  it("requestTdmReservation ignores an erased person's email: true, nothing stored, nothing sent", async () => {
    const campaign = await createActiveCampaign(stack);
    const person = await createPerson(stack, stack.world.staffA.token);
    await gqlOk(
      stack.api.url,
      'mutation($id: ID!) { erasePerson(id: $id) { id } }',
      { id: person.id },
      stack.world.admin,
    );

    const erased = reservationInput(campaign.slug, person.email.toUpperCase());
    expect(await gql(stack.api.url, REQUEST, { i: erased })).toEqual({ data: { requestTdmReservation: true } });
    // A request behind it is mailed: the erased address's would have gone first.
    const control = uniqueEmail('control');
    expect(await gql(stack.api.url, REQUEST, { i: reservationInput(campaign.slug, control) })).toEqual({
      data: { requestTdmReservation: true },
    });
    await waitFor(() => stack.sink.to(control)[0], { what: 'the control reservation confirmation' });
    expect(stack.sink.to(person.email)).toHaveLength(0);
    expect(await peopleWithEmail(person.email)).toEqual([]);
  });

  it('a reservation request is not consent to be mailed: the person it creates is not subscribed, even once the reservation is confirmed; a confirmed sign-up subscribes them with its text', async () => {
    const campaign = await createActiveCampaign(stack);
    const email = uniqueEmail('creator');
    expect(await gql(stack.api.url, REQUEST, { i: reservationInput(campaign.slug, email) })).toEqual({
      data: { requestTdmReservation: true },
    });
    const [{ id }] = await peopleWithEmail(email);
    const created = await events(id);
    expect(created.emailStatus).toBe('UNSUBSCRIBED');
    expect(created.consentEvents).toEqual([
      {
        status: 'UNSUBSCRIBED',
        source: 'PUBLIC_SIGNUP',
        textShown: 'Reserve my works',
        ipHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    ]);
    expect(await mailable(id)).toBe(false);

    // The creator confirms the reservation: their address is proven, their consent log unchanged.
    const mail = await waitFor(() => stack.sink.to(email)[0], { what: 'the reservation confirmation' });
    const path = /http:\/\/chorus\.test(\/confirm\/reservation\/[\w.-]+)/.exec(mail.parsed.text ?? '')![1];
    expect((await fetch(`${stack.api.url}${path}`, { method: 'POST' })).status).toBe(200);
    const confirmed = await events(id);
    expect(confirmed).toMatchObject({ emailStatus: 'UNSUBSCRIBED', emailConfirmedAt: expect.any(String) });
    expect(confirmed.consentEvents).toHaveLength(1);
    expect(await mailable(id)).toBe(false);

    // Signing the campaign and confirming is the opt-in: SUBSCRIBED with that sign-up's text.
    await signPublicly(stack, campaign.slug, { email, consentText: 'Keep me posted about the letter.' });
    const subscribed = await events(id);
    expect(subscribed.emailStatus).toBe('SUBSCRIBED');
    expect(subscribed.consentEvents[0]).toMatchObject({
      status: 'SUBSCRIBED',
      source: 'PUBLIC_SIGNUP',
      textShown: 'Keep me posted about the letter.',
    });
    expect(await mailable(id)).toBe(true);
  });

  it("a reservation request leaves an existing person's consent as it is", async () => {
    const campaign = await createActiveCampaign(stack);
    const person = await createPerson(stack, stack.world.staffA.token, { consentText: 'Agreed on the phone.' });
    expect(await gql(stack.api.url, REQUEST, { i: reservationInput(campaign.slug, person.email) })).toEqual({
      data: { requestTdmReservation: true },
    });
    const after = await events(person.id);
    expect(after.emailStatus).toBe('SUBSCRIBED');
    expect(after.consentEvents).toEqual([expect.objectContaining({ textShown: 'Agreed on the phone.' })]);
  });

  /** An UNSUBSCRIBED person with a signature staff recorded (channel STAFF, not listed publicly). */
  const staffSignedPerson = async () => {
    const campaign = await createActiveCampaign(stack);
    const person = await createPerson(stack, stack.world.staffA.token);
    await gqlOk(stack.api.url, UPDATE, { id: person.id, i: { emailStatus: 'UNSUBSCRIBED' } }, stack.world.staffA.token);
    const signatureId: string = (
      await gqlOk(
        stack.api.url,
        'mutation($i: RecordSignatureInput!) { recordSignature(input: $i) { id } }',
        { i: { campaignId: campaign.id, personId: person.id, publicDisplay: false } },
        stack.world.staffA.token,
      )
    ).recordSignature.id;
    const signatureRow = async () =>
      (
        await stack.db.query(
          `SELECT channel, public_display, display_title, consent_text, confirmed_at, confirmation_sent_at
             FROM signatures WHERE id = $1`,
          [signatureId],
        )
      ).rows[0];
    const before = await signatureRow();
    expect(before).toMatchObject({ channel: 'STAFF', confirmed_at: null, confirmation_sent_at: null });
    return { campaign, person, signatureId, signatureRow, before };
  };

  it('signCampaign with the email of a person whose signature staff recorded answers true, sends nothing and changes nothing', async () => {
    const { campaign, person, signatureRow, before } = await staffSignedPerson();
    const attack = {
      slug: campaign.slug,
      email: person.email,
      firstName: 'Anyone',
      publicDisplay: true,
      displayTitle: 'Troll',
      consentText: 'attacker text',
    };
    expect(await gql(stack.api.url, SIGN, { i: attack })).toEqual({ data: { signCampaign: true } });
    // A sign-up behind it is mailed: the attack's confirmation would have gone first.
    const control = uniqueEmail('control');
    await signPublicly(stack, campaign.slug, { email: control }, false);
    await waitFor(() => stack.sink.to(control)[0], { what: 'the control confirmation' });
    expect(stack.sink.to(person.email)).toHaveLength(0);
    expect(await signatureRow()).toEqual(before);
    expect(await events(person.id)).toMatchObject({
      emailStatus: 'UNSUBSCRIBED',
      consentEvents: [
        expect.objectContaining({ status: 'UNSUBSCRIBED' }),
        expect.objectContaining({ status: 'SUBSCRIBED' }),
      ],
    });
  });

  it('a confirmation link to a staff signature (say, mailed before the fix) is NOT_FOUND and re-subscribes nobody', async () => {
    const { person, signatureId, signatureRow, before } = await staffSignedPerson();
    const path = new URL(stack.api.app.get(PublicSigningService).confirmationUrl(signatureId)).pathname;
    expect((await fetch(`${stack.api.url}${path}`)).status).toBe(404);
    expect((await fetch(`${stack.api.url}${path}`, { method: 'POST' })).status).toBe(404);
    expect(await signatureRow()).toEqual(before);
    const after = await events(person.id);
    expect(after.emailStatus).toBe('UNSUBSCRIBED');
    expect(after.consentEvents).toHaveLength(2);
  });
});
