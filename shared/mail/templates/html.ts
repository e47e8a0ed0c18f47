/**
 * Building blocks for HTML mail that renders in common clients (Outlook, Gmail, Apple Mail):
 * tables for layout, every style inline, system fonts, no scripts, no images, no remote resources.
 * Every text that reaches HTML goes through `esc`.
 */
import type { Language } from '../../domain/common.ts';

export function esc(value: string | number): string {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const FONT = 'Arial,Helvetica,sans-serif';
export const COLORS = {
  ink: '#1f2933',
  muted: '#52606d',
  line: '#d9dde3',
  band: '#12355b',
  page: '#f3f4f6',
  link: '#1d5fa8',
  late: '#b42318',
  soon: '#b54708',
  ok: '#1d6b43',
} as const;

export interface LayoutParts {
  language: Language;
  title: string;
  /** The line clients show after the subject in the inbox. */
  preheader: string;
  appName: string;
  body: string;
  footer: string;
}

export function layout(p: LayoutParts): string {
  return `<!DOCTYPE html>
<html lang="${esc(p.language)}" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${esc(p.title)}</title>
</head>
<body style="margin:0;padding:0;background-color:${COLORS.page};">
<div style="display:none;max-height:0;overflow:hidden;mso-hide:all;">${esc(p.preheader)}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:${COLORS.page};">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:600px;background-color:#ffffff;border:1px solid ${COLORS.line};">
<tr><td style="background-color:${COLORS.band};color:#ffffff;padding:16px 24px;font-family:${FONT};font-size:16px;font-weight:bold;">${esc(p.appName)}</td></tr>
<tr><td style="padding:24px;font-family:${FONT};font-size:15px;line-height:1.5;color:${COLORS.ink};">
${p.body}
</td></tr>
<tr><td style="padding:16px 24px;border-top:1px solid ${COLORS.line};font-family:${FONT};font-size:12px;line-height:1.5;color:${COLORS.muted};">
${p.footer}
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}

export const paragraph = (html: string, style = '') => `<p style="margin:0 0 12px 0;${style}">${html}</p>`;

export const heading = (text: string) =>
  `<h2 style="margin:24px 0 8px 0;font-family:${FONT};font-size:17px;line-height:1.3;color:${COLORS.band};">${esc(text)}</h2>`;

export const link = (href: string, text: string) => `<a href="${esc(href)}" style="color:${COLORS.link};">${esc(text)}</a>`;

/** A button made of a table cell, which every client draws. */
export function button(href: string, label: string): string {
  return `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 0 0;"><tr>
<td style="background-color:${COLORS.link};border-radius:4px;"><a href="${esc(href)}" style="display:inline-block;padding:8px 16px;font-family:${FONT};font-size:14px;font-weight:bold;color:#ffffff;text-decoration:none;">${esc(label)}</a></td>
</tr></table>`;
}

/** A progress bar of two table cells. */
export function progressBar(percent: number, color: string = COLORS.ok): string {
  const done = Math.max(0, Math.min(100, Math.round(percent)));
  const cell = (width: number, bg: string) =>
    width > 0 ? `<td width="${width}%" style="width:${width}%;background-color:${bg};font-size:1px;line-height:6px;height:6px;">&nbsp;</td>` : '';
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:6px 0 0 0;"><tr>${cell(done, color)}${cell(100 - done, '#e4e7eb')}</tr></table>`;
}

/** A data table: header row, then rows; `align` per column ('right' for numbers). */
export function dataTable(headers: string[], rows: string[][], align: ('left' | 'right')[] = []): string {
  const th = headers
    .map((h, i) => `<th scope="col" align="${align[i] ?? 'left'}" style="padding:6px 8px;border-bottom:2px solid ${COLORS.line};font-family:${FONT};font-size:13px;color:${COLORS.muted};">${esc(h)}</th>`)
    .join('');
  const tr = rows
    .map((r) => `<tr>${r.map((c, i) => `<td align="${align[i] ?? 'left'}" valign="top" style="padding:6px 8px;border-bottom:1px solid ${COLORS.line};font-family:${FONT};font-size:13px;">${c}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;margin:0 0 8px 0;">
<tr>${th}</tr>
${tr}
</table>`;
}

/** A boxed block with a coloured left edge (one milestone). */
export function card(html: string, edge: string): string {
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 12px 0;border:1px solid ${COLORS.line};border-left:4px solid ${edge};">
<tr><td style="padding:12px 14px;font-family:${FONT};font-size:14px;line-height:1.45;color:${COLORS.ink};">${html}</td></tr>
</table>`;
}

export const small = (html: string, color: string = COLORS.muted) => `<span style="font-size:13px;color:${color};">${html}</span>`;
