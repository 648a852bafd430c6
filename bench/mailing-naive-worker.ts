// The naive baseline of bench/mailing-throughput.ts: one BullMQ job per recipient that loads
// the person, renders, sends through stock nodemailer and updates its row. Like a default
// @Processor (concurrency 1) with the app's MailTransport settings (pool of 4); NAIVE_CONCURRENCY
// raises the concurrency for a tuned variant.
import { ConnectionOptions, Worker } from 'bullmq';
import { Pool } from 'pg';
import { createTransport } from 'nodemailer';
import Handlebars from 'handlebars';
import { redisOptionsFromUrl } from '../libs/core/src/queue/redis-options';

const env = process.env as Record<string, string>;
const db = new Pool({ connectionString: env.DATABASE_URL, max: 10 });
const smtp = new URL(env.SMTP_URL);
const transport = createTransport({
  pool: true,
  host: smtp.hostname,
  port: Number(smtp.port),
  maxConnections: 4,
  maxMessages: Infinity,
  ignoreTLS: true,
});
const templates = new Map<string, { subject: HandlebarsTemplateDelegate; body: HandlebarsTemplateDelegate }>();

const worker = new Worker(
  'naive',
  async (job) => {
    const { rows } = await db.query(
      `SELECT d.id, d.mailing_id, m.subject, m.body_template, p.email, p.first_name, p.last_name
       FROM mailing_deliveries d JOIN mailings m ON m.id = d.mailing_id JOIN people p ON p.id = d.person_id WHERE d.id = $1`,
      [job.data.deliveryId],
    );
    const row = rows[0];
    let template = templates.get(row.mailing_id);
    if (!template)
      templates.set(
        row.mailing_id,
        (template = { subject: Handlebars.compile(row.subject), body: Handlebars.compile(row.body_template) }),
      );
    const fields = {
      firstName: row.first_name,
      lastName: row.last_name,
      unsubscribeUrl: 'https://chorus.example/unsubscribe/x',
    };
    await transport.sendMail({
      from: 'Chorus <bench@chorus.test>',
      to: row.email,
      subject: template.subject(fields),
      text: template.body(fields),
      html: `<p>${template.body(fields)}</p>`,
      messageId: `<${row.mailing_id}.${row.id}@chorus.test>`,
    });
    await db.query(`UPDATE mailing_deliveries SET status = 'SENT', sent_at = now() WHERE id = $1`, [row.id]);
  },
  {
    connection: { ...redisOptionsFromUrl(env.REDIS_URL), maxRetriesPerRequest: null } as ConnectionOptions,
    prefix: env.QUEUE_PREFIX,
    concurrency: Number(env.NAIVE_CONCURRENCY ?? 1),
    removeOnComplete: { count: 1000 },
  },
);
worker.on('ready', () => process.stdout.write('naive worker ready\n'));
process.on('SIGTERM', async () => {
  await worker.close();
  transport.close();
  await db.end();
  process.exit(0);
});
