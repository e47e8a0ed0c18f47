/**
 * RFC 5322 / MIME text for a message: used for the outbox's `.eml` files and for the address
 * form both adapters send (non-ASCII display names as RFC 2047 encoded words, which SES requires).
 */
import type { Address, MailMessage } from './port.ts';

const ASCII_PRINTABLE = /^[\x20-\x7e]*$/;

/** A header value as-is when it is printable ASCII, else as one or more UTF-8 base64 encoded words. */
export function encodeWord(value: string): string {
  if (ASCII_PRINTABLE.test(value)) return value;
  // Encoded words of at most 64 characters, so that even the first one fits on a 78-character line
  // after its header name; split on characters, not bytes, so none is cut.
  const words: string[] = [];
  let chunk = '';
  for (const ch of value) {
    if (Buffer.byteLength(chunk + ch) > 39) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w).toString('base64')}?=`).join('\r\n ');
}

/** `Name <email>`: the display name quoted (ASCII) or encoded (non-ASCII) when it needs to be. */
export function formatAddress(a: Address): string {
  if (!a.name) return a.email;
  if (!ASCII_PRINTABLE.test(a.name)) return `${encodeWord(a.name)} <${a.email}>`;
  const atom = /^[A-Za-z0-9 !#$%&'*+/=?^_`{|}~-]*$/.test(a.name);
  return atom ? `${a.name} <${a.email}>` : `"${a.name.replace(/["\\]/g, '\\$&')}" <${a.email}>`;
}

/**
 * A header field folded at white space into lines of at most 78 characters (RFC 5322, 2.1.1);
 * lines already folded (encoded words) are kept, and a word longer than a line stays whole.
 */
export function fold(field: string): string {
  return field
    .split('\r\n')
    .map((line) => {
      const out: string[] = [];
      let rest = line;
      while (rest.length > 78) {
        const cut = rest.lastIndexOf(' ', 78);
        if (cut <= 0 || (out.length === 0 && cut <= rest.indexOf(':'))) break;
        out.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      out.push(rest);
      return out.join('\r\n');
    })
    .join('\r\n');
}

/** Base64 body lines of at most 76 characters (RFC 2045). */
function base64Lines(text: string): string {
  return (Buffer.from(text, 'utf8').toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
}

export interface EmlOptions {
  messageId: string;
  date: Date;
  /** MIME boundary; derived from the message id when omitted. */
  boundary?: string;
}

/** The whole message as an RFC 5322 text with a multipart/alternative body (text, then HTML). */
export function toEml(message: MailMessage, options: EmlOptions): string {
  const boundary = options.boundary ?? `alt-${options.messageId.replace(/[^A-Za-z0-9]/g, '').slice(0, 40)}`;
  const headers: [string, string][] = [
    ['From', message.from],
    ['To', formatAddress(message.to)],
    ['Subject', encodeWord(message.subject)],
    ['Date', options.date.toUTCString().replace('GMT', '+0000')],
    ['Message-ID', `<${options.messageId}>`],
    ['Content-Language', message.language],
    ['MIME-Version', '1.0'],
    ...Object.entries(message.headers),
    ['Content-Type', `multipart/alternative; boundary="${boundary}"`],
  ];
  const part = (type: string, body: string) =>
    [`--${boundary}`, `Content-Type: ${type}; charset=UTF-8`, 'Content-Transfer-Encoding: base64', '', base64Lines(body)].join('\r\n');
  return [
    ...headers.map(([name, value]) => fold(`${name}: ${value}`)),
    '',
    part('text/plain', message.text),
    part('text/html', message.html),
    `--${boundary}--`,
    '',
  ].join('\r\n');
}

export interface ParsedEml {
  headers: Record<string, string>;
  text: string;
  html: string;
}

/** Reads back what `toEml` wrote (for the local /outbox pages; not a general MIME parser). */
export function parseEml(eml: string): ParsedEml {
  const [head = '', ...rest] = eml.split('\r\n\r\n');
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).toLowerCase()] = decodeWords(line.slice(i + 1).trim());
  }
  const body = rest.join('\r\n\r\n');
  const boundary = /boundary="([^"]+)"/.exec(headers['content-type'] ?? '')?.[1];
  let text = '';
  let html = '';
  if (boundary) {
    for (const section of body.split(`--${boundary}`)) {
      const [partHead = '', ...partBody] = section.split('\r\n\r\n');
      const decoded = Buffer.from(partBody.join('').replace(/\s+/g, ''), 'base64').toString('utf8');
      if (/text\/plain/i.test(partHead)) text = decoded;
      else if (/text\/html/i.test(partHead)) html = decoded;
    }
  }
  return { headers, text, html };
}

function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=/gi, (_m, b64: string) => Buffer.from(b64, 'base64').toString('utf8'));
}
