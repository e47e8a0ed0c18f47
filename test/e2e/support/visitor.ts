/**
 * A browser in miniature for in-process page tests (app.request): keeps cookies, sends Origin on
 * POSTs, and reads the CSRF field of the last page it got.
 */
import { expect } from 'vitest';

type Requester = { request(url: string, init?: RequestInit): Response | Promise<Response> };

export class Visitor {
  readonly cookies = new Map<string, string>();
  csrf = '';

  constructor(private readonly app: Requester, private readonly site: string) {}

  async get(path: string): Promise<Response> {
    const response = await this.send(path, {});
    const m = /name="_csrf" value="([^"]+)"/.exec(await response.clone().text());
    if (m) this.csrf = m[1]!;
    return response;
  }

  /** A form POST with this visitor's CSRF token unless the fields give one. */
  post(path: string, fields: Record<string, string>, headers: Record<string, string> = { Origin: this.site }): Promise<Response> {
    return this.send(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams({ _csrf: this.csrf, ...fields }).toString(),
    });
  }

  /** A POST with any body and content type (for malformed requests). */
  raw(path: string, body: string, contentType: string): Promise<Response> {
    return this.send(path, { method: 'POST', headers: { 'Content-Type': contentType, Origin: this.site }, body });
  }

  async send(path: string, init: RequestInit): Promise<Response> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await this.app.request(`${this.site}${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), ...(cookie ? { Cookie: cookie } : {}) } });
    for (const c of response.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [name, value] = pair!.split(/=(.*)/s) as [string, string];
      if (/Max-Age=0/.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /** Signs in on the development sign-in page; `lang` then chooses the page language. */
  static async signedIn(app: Requester, site: string, person: string, lang?: string): Promise<Visitor> {
    const v = new Visitor(app, site);
    await v.get('/sign-in');
    const response = await v.post('/sign-in/dev', { person, next: '/' });
    expect(response.status, `sign-in of ${person}`).toBe(303);
    // Signing in sets the person's own language; a chosen one replaces it.
    if (lang) await v.get(`/language/${lang}?next=/`);
    await v.get('/');
    return v;
  }
}
