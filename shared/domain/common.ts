/** Scalar schemas every resource uses. Plain zod: the API layer turns them into OpenAPI. */
import { z } from 'zod';
import { COUNTRY_CODES } from './codes.ts';
import { isCalendarDate, isTimeZone } from './dates.ts';
import { amountProblem, isCurrency } from './money.ts';

import { LANGUAGES } from './constants.ts';

export { LANGUAGES };
export type Language = (typeof LANGUAGES)[number];

export const Slug = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, 'must be lowercase letters, digits and dashes (1-64)');

export const CountryCode = z
  .string()
  .refine((v) => COUNTRY_CODES.has(v), 'must be an ISO 3166-1 alpha-2 code in capitals, such as PE')
  .meta({ example: 'PE' });

export const CurrencyCode = z
  .string()
  .refine(isCurrency, 'must be an ISO 4217 currency code in capitals, such as USD')
  .meta({ example: 'USD' });

export const CalendarDate = z
  .string()
  .refine(isCalendarDate, 'must be a calendar date YYYY-MM-DD')
  .meta({ format: 'date', example: '2026-12-01' });

export const Instant = z.string().meta({ format: 'date-time', example: '2026-11-22T10:00:00.000Z' });

export const Language = z.enum(LANGUAGES).meta({ description: 'BCP 47 language tag' });

export const TimeZone = z
  .string()
  .refine(isTimeZone, 'must be an IANA time zone such as America/Lima')
  .meta({ example: 'America/Lima' });

export const Email = z.email().max(254);

export const HttpUrl = z
  .url({ protocol: /^https?$/, hostname: z.regexes.domain })
  .max(2000);

export const Text = (max: number) => z.string().trim().min(1).max(max);

/** Money: a decimal string and its currency, checked together (JPY has no minor unit). */
export const Money = z
  .strictObject({ amount: z.string().meta({ example: '15000.00' }), currency: CurrencyCode })
  .superRefine((m, ctx) => {
    const problem = amountProblem(m.amount, m.currency);
    if (problem) ctx.addIssue({ code: 'custom', path: ['amount'], message: problem });
  })
  .meta({ id: 'Money' });
export type Money = z.infer<typeof Money>;

export const Version = z.number().int().positive().meta({ description: 'Optimistic-concurrency version; also sent as ETag' });

/** Fields every stored resource carries. */
export const Stamp = {
  version: Version,
  createdAt: Instant,
  updatedAt: Instant,
};
