/**
 * The application layer: one function per user action. Each takes the caller, the input and (for a
 * change) the version the caller read; it authorizes through the policy table, validates with the
 * domain schema, calls the store, and returns the result or a typed error (errors.ts). No HTTP, no
 * HTML: the doors (API routes, web forms, mail links, jobs) translate in and out.
 */
export * from './context.ts';
export * from './errors.ts';
export * from './calendar-feeds.ts';
export * from './contributions.ts';
export * from './directory.ts';
export * from './exchange-rates.ts';
export * from './milestones.ts';
export * from './plans.ts';
export * from './strategies.ts';
export * from './results.ts';
export * from './exports.ts';
export * from './imports.ts';
export * from './uploads.ts';
export * from './iati.ts';
export * from './donor-report.ts';
