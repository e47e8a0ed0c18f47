import { describe, expect, it } from 'vitest';
import { remembered } from '../../shared/api/identity.ts';

const tokenExpiringAt = (exp: number, sub = 'coord-pe') =>
  `h.${Buffer.from(JSON.stringify({ sub, exp })).toString('base64url')}.sig`;

describe('remembered token verification', () => {
  it('checks a token once and answers again from memory until it expires', async () => {
    let now = 1_000_000;
    let checks = 0;
    const verifier = remembered(async () => (checks++, { userId: 'coord-pe', role: 'coordinator' }), () => now);
    const token = tokenExpiringAt(1_000 + 60);
    await verifier.verify(token);
    await verifier.verify(token);
    expect(checks).toBe(1);
    now = 1_061_000; // past exp
    await verifier.verify(token);
    expect(checks).toBe(2);
  });

  it('does not remember failures', async () => {
    let checks = 0;
    const verifier = remembered(async () => {
      checks++;
      throw new Error('bad signature');
    }, () => 0);
    const token = tokenExpiringAt(999_999);
    await expect(verifier.verify(token)).rejects.toThrow('bad signature');
    await expect(verifier.verify(token)).rejects.toThrow('bad signature');
    expect(checks).toBe(2);
  });

  it('keeps a bounded number of tokens', async () => {
    let checks = 0;
    const verifier = remembered(async () => (checks++, { userId: 'x', role: 'admin' }), () => 0, 2);
    for (const sub of ['a', 'b', 'c']) await verifier.verify(tokenExpiringAt(999_999, sub));
    await verifier.verify(tokenExpiringAt(999_999, 'a')); // evicted first, so checked again
    expect(checks).toBe(4);
  });
});
