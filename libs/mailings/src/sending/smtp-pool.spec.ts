import { setTimeout as sleep } from 'node:timers/promises';
import { startScriptedSmtp, ScriptedSmtp } from '../../../../test/support/scripted-smtp';
import { SmtpPool } from './smtp-pool';

const RAW = 'From: news@chorus.test\r\nTo: x@example.test\r\nSubject: t\r\n\r\nhello\r\n';

describe('SmtpPool against misbehaving SMTP servers', () => {
  let server: ScriptedSmtp | undefined;
  let pool: SmtpPool | undefined;
  afterEach(async () => {
    pool?.close();
    await server?.close();
    server = pool = undefined;
  });

  it('a refused recipient is a bounce, and a server closing the connection instead of answering RSET does not hang the pool', async () => {
    server = await startScriptedSmtp({
      rcpt: (a) => (a.startsWith('gone') ? '550 5.1.1 no such user' : undefined),
      rset: 'close',
    });
    pool = new SmtpPool(server.url, 'news@chorus.test', 1);
    let timer: NodeJS.Timeout | undefined;
    const refused = await Promise.race([
      pool.send('gone@example.test', RAW),
      new Promise((resolve) => (timer = setTimeout(() => resolve('hung'), 5000))),
    ]);
    clearTimeout(timer);
    expect(refused).toMatchObject({ ok: false, bounce: true });
    expect(await pool.send('fine@example.test', RAW)).toEqual({ ok: true });
    expect(server.connections).toBe(2); // the dropped connection was replaced
    expect(server.accepted).toEqual(['fine@example.test']);
  }, 15_000);

  it.each([
    ['a 554 to DATA (content refused)', { data: '554 5.7.1 message refused' }],
    ['a 550 to MAIL FROM (sender refused)', { mailFrom: '550 5.7.1 sender not allowed' }],
    ['a 451 to RCPT TO', { rcpt: () => '451 4.7.1 try later' }],
  ])('%s is no bounce', async (_what, script) => {
    server = await startScriptedSmtp(script);
    pool = new SmtpPool(server.url, 'news@chorus.test', 1);
    expect(await pool.send('someone@example.test', RAW)).toMatchObject({ ok: false, bounce: false });
  });

  it('a refused login (535) is no bounce and its connection is closed', async () => {
    server = await startScriptedSmtp({ auth: '535 5.7.8 authentication failed' });
    pool = new SmtpPool(server.url.replace('smtp://', 'smtp://user:wrong@'), 'news@chorus.test', 1);
    expect(await pool.send('someone@example.test', RAW)).toMatchObject({
      ok: false,
      bounce: false,
      message: expect.stringMatching(/535/),
    });
    for (let i = 0; i < 50 && server.open > 0; i++) await sleep(20);
    expect(server.open).toBe(0);
  });

  it('while the relay hangs up on every connection, messages wait (no failure) and go out once it answers again', async () => {
    const script = { down: true };
    server = await startScriptedSmtp(script);
    pool = new SmtpPool(server.url, 'news@chorus.test', { connections: 2, backoffMs: 50, backoffMaxMs: 200 });
    const results = [pool.send('a@example.test', RAW), pool.send('b@example.test', RAW)];
    await sleep(1000);
    const tries = server.connections;
    expect(tries).toBeGreaterThan(2); // probing with backoff…
    expect(tries).toBeLessThan(20); // …not hammering
    script.down = false;
    expect(await Promise.all(results)).toEqual([{ ok: true }, { ok: true }]);
    expect(server.accepted.sort()).toEqual(['a@example.test', 'b@example.test']);
  });

  it('asks the batch just before each hand-off, and withdraws a stopped batch at once', async () => {
    server = await startScriptedSmtp({ dataDelayMs: 100 });
    pool = new SmtpPool(server.url, 'news@chorus.test', 1);
    let stop = false;
    const batch = {
      decide: async (key: string) =>
        stop ? ('release' as const) : key === 'skip' ? ('suppress' as const) : ('send' as const),
    };
    const results = [
      pool.send('a@example.test', RAW, batch, 'a'),
      pool.send('s@example.test', RAW, batch, 'skip'),
      pool.send('b@example.test', RAW, batch, 'b'),
      pool.send('c@example.test', RAW, batch, 'c'),
    ];
    expect(await results[0]).toEqual({ ok: true });
    stop = true;
    pool.withdraw(batch);
    expect(await results[1]).toEqual({ ok: false, skipped: 'suppress' });
    expect(await results[3]).toEqual({ ok: false, skipped: 'release' });
    expect(server.accepted).not.toContain('c@example.test');
  });
});
