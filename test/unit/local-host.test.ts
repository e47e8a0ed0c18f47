/** The local stack listens on this machine only unless HOST says otherwise, and then it warns (issue 10, item 14). */
import { describe, expect, it } from 'vitest';
import { listenHost } from '../../local/host.ts';

describe('where npm start listens', () => {
  it('is 127.0.0.1 by default, without a warning', () => {
    expect(listenHost({})).toEqual({ host: '127.0.0.1' });
    expect(listenHost({ HOST: '  ' })).toEqual({ host: '127.0.0.1' });
    expect(listenHost({ HOST: 'localhost' })).toEqual({ host: 'localhost' });
  });

  it('is what HOST names, with a warning saying what it exposes', () => {
    const all = listenHost({ HOST: '0.0.0.0' });
    expect(all.host).toBe('0.0.0.0');
    expect(all.warning).toMatch(/anyone who can reach it can sign in as anyone and read the outbox/);
  });
});
