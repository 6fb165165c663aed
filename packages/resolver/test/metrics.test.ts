import { describe, expect, it } from 'vitest';
import { recorder, rejection, resolverFor, useResolverEmulator } from './helpers.js';

// One emulator for the file, never reset: each test makes its own resolver and counts its own events.
const emulator = useResolverEmulator({});

describe('metrics hooks', () => {
  it('count hits, misses, API calls by action and errors by code, without names', async () => {
    const rec = recorder();
    await using resolver = await resolverFor(emulator(), { options: { metrics: rec.metrics } });
    await Promise.all([resolver.getValue('prod/db:username'), resolver.getValue('app/plain')]);
    await resolver.getValue('prod/db:password');
    await rejection(resolver.getValue('missing/secret'));
    expect(rec.count('miss')).toBe(3);
    expect(rec.count('hit')).toBe(1);
    expect(rec.count('api BatchGetSecretValue')).toBe(1);
    expect(rec.count('api GetSecretValue')).toBe(1);
    expect(rec.events).toContain('error SECRET_NOT_FOUND {}');
    expect(rec.events.join('\n')).not.toMatch(/prod\/db|app\/plain|missing\/secret/);
    const call = rec.events.find((e) => e.startsWith('api BatchGetSecretValue'))!;
    expect(JSON.parse(call.slice(call.indexOf('{')))).toMatchObject({ ok: true, secrets: 2 });
  });

  it('label with secret names only when metricLabelsWithNames is set', async () => {
    const rec = recorder();
    await using resolver = await resolverFor(emulator(), {
      options: { metrics: rec.metrics, metricLabelsWithNames: true },
    });
    await resolver.getValue('prod/db:username');
    await resolver.getValue('prod/db:username');
    expect(rec.events).toContain('hit {"secret":"prod/db"}');
  });

  it('a throwing hook or logger does not break resolution', async () => {
    const boom = () => {
      throw new Error('hook failed');
    };
    await using resolver = await resolverFor(emulator(), {
      options: {
        metrics: { onHit: boom, onMiss: boom, onApiCall: boom, onError: boom },
        logger: { warn: boom, info: boom, debug: boom },
      },
    });
    expect(await resolver.getValue('prod/db:username')).toBe('app');
    expect(await resolver.getValue('prod/db:username')).toBe('app');
  });
});
