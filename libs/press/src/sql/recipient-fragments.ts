/**
 * SQL fragments for the mailing pipeline (issue 15): mailings selects and addresses press
 * contacts through these, never through press's tables. The derived tables are simple
 * subqueries that PostgreSQL pulls up into the caller's query (same plan as the tables').
 */

/**
 * The contacts of these press lists (an SQL expression of type uuid[]), as a derived table
 * `(id, email, do_not_mail)`; do-not-contact ones are kept, flagged, so that their deliveries record them.
 */
export const pressListRecipientsSql = (pressListIds: string): string =>
  `(SELECT pc.id, pc.email, pc.do_not_contact AS do_not_mail FROM press_contacts pc
     WHERE EXISTS (SELECT 1 FROM press_list_contacts l WHERE l.press_contact_id = pc.id AND l.press_list_id = ANY(${pressListIds})))`;

/**
 * Press recipients at send time, as a derived table `(id, email, name, outlet, do_not_mail)` to
 * LEFT JOIN on a press contact id: what a message needs and whether it may still go out.
 */
export const pressRecipientsSql = (): string =>
  `(SELECT pc.id, pc.email, pc.name, ou.name AS outlet, pc.do_not_contact AS do_not_mail
     FROM press_contacts pc LEFT JOIN outlets ou ON ou.id = pc.outlet_id)`;
