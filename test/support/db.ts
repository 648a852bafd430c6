import { Client } from 'pg';

/** A direct connection to the test database (process.env.DATABASE_URL), for fixtures the API cannot make and for checks. */
export async function database(): Promise<Client> {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  return client;
}
