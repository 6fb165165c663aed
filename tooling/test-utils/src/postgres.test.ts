import { describe, expect, it } from 'vitest';
import { postgresAvailability, startTestPostgres } from './postgres.js';

const pg = postgresAvailability();

describe('startTestPostgres', () => {
  it.skipIf(!pg.available)(
    `a throwaway cluster: a role logs in with its password only, and disposal stops it${pg.reason ? ` (skipped: ${pg.reason})` : ''}`,
    async () => {
      let port = 0;
      {
        await using db = await startTestPostgres(pg.bin ?? '');
        port = db.port;
        const created = await db.sql("CREATE ROLE probe LOGIN PASSWORD 'probe-pass-1';");
        expect(created.status, created.stderr).toBe(0);
        const ok = await db.login('probe', 'probe-pass-1', 'postgres', 'select current_user');
        expect(ok.status, ok.stderr).toBe(0);
        expect(ok.stdout.trim()).toBe('probe');
        const wrong = await db.login('probe', 'not-it', 'postgres', 'select 1');
        expect(wrong.status).not.toBe(0);
        expect(wrong.stderr).toContain('password authentication failed');
      }
      const { createConnection } = await import('node:net');
      const refused = await new Promise<boolean>((resolve) => {
        const socket = createConnection({ host: '127.0.0.1', port });
        socket.once('connect', () => resolve(false));
        socket.once('error', () => resolve(true));
      });
      expect(refused).toBe(true);
    },
    60_000,
  );
});
