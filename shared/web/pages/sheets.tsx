/**
 * Spreadsheets on the web: the plan page's "Spreadsheets" section (export links for every reader;
 * the template and the upload form for those who may import), the import preview as a page, its
 * confirm, and the downloads (template; plan, strategy and donor exports). The pages only
 * translate: the commands (shared/commands/imports.ts, exports.ts) decide, the spreadsheet module
 * (shared/sheets) reads and writes files and is loaded on the first upload or download.
 */
import type { FC } from 'hono/jsx';
import {
  Forbidden, Invalid, NothingToConfirm, PlanChangedSincePreview, badFileMessage, confirmImport, describeChanges, donorExport, planImportTemplate, planExport, previewImport,
  readImport, startUpload, strategyExport, takeUpload, UploadsNotUsed, type ImportView,
} from '../../commands/index.ts';
import type { AppDeps } from '../../deps.ts';
import { can, type Principal, type Scope } from '../../domain/policy.ts';
import { translator, type Translate } from '../../i18n/index.ts';
import { sheets as catalogs } from '../../i18n/sheets.ts';
import { downloadHeaders, fileBaseName, sourceSheets } from '../../sheets/port.ts';
import { BadFile, LIMITS, badFileStatus, type SheetOut } from '../../sheets/types.ts';
import type { UploadForm } from '../../sheets/uploads.ts';
import { formBody, requireCsrf } from '../forms.tsx';
import { Layout, Notice } from '../layout.tsx';
import { PageError, forbidden, me, render, type Pages, type WebContext } from '../page.tsx';
import { CSRF_FIELD } from '../session.ts';
import type { View } from '../view.ts';
import { href } from './planning/common.tsx';

/** The upload's path: it takes a file of up to 5 MB (index.tsx gives it its own body limit). */
export const isWebUploadPath = (path: string) => /^\/plans\/[^/]+\/imports$/.test(path);

const words = (v: View): Translate => translator(catalogs, v.lang);

/** Where S3 sends the browser back after an upload to the uploads bucket, with `?bucket=&key=&etag=`. */
const uploadedPath = (planId: string) => `${href('plans', planId)}/imports/uploaded`;

/**
 * The upload form: to the uploads bucket (a presigned POST: its fields as hidden inputs, the file
 * last, as S3 requires), or to the app itself where there is no bucket.
 */
const UploadFormFields: FC<{ v: View; planId: string; upload?: UploadForm }> = ({ v, planId, upload }) => {
  const s = words(v);
  const fields = upload
    ? Object.entries(upload.fields).map(([name, value]) => <input type="hidden" name={name} value={value} />)
    : <input type="hidden" name={CSRF_FIELD} value={v.csrf} />;
  return (
    <form method="post" action={upload ? upload.url : `${href('plans', planId)}/imports`} enctype="multipart/form-data" class="upload">
      {fields}
      <p><label for="import-file">{s('page.upload')}</label></p>
      <p>
        <input id="import-file" type="file" name="file" required accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" />{' '}
        <button type="submit" class="button small">{s('page.preview')}</button>
      </p>
    </form>
  );
};

/** The plan page's section: exports for every reader, template and upload for who may import. */
export const SpreadsheetSection: FC<{ v: View; p: Principal; planId: string; scope: Scope; deps: AppDeps }> = async ({ v, p, planId, scope, deps }) => {
  const s = words(v);
  const base = href('plans', planId);
  const mayImport = can(p, 'milestone:update', scope);
  // In AWS the file goes straight to S3 (API Gateway passes a function at most 6 MB, base64-encoded).
  const upload = mayImport && deps.uploads
    ? await startUpload(deps, p, { planId, scope, redirect: `${deps.config.publicUrl.replace(/\/$/, '')}${uploadedPath(planId)}` })
    : undefined;
  return (
    <section aria-labelledby="spreadsheets" class="noprint">
      <h2 id="spreadsheets">{s('page.section')}</h2>
      <p>
        {s('page.export')}: <a href={`${base}/export/xlsx`} download>{s('page.exportXlsx')}</a> · <a href={`${base}/export/csv`} download>{s('page.exportCsv')}</a>
        {' · '}<a href={`${base}/export/csv?sheet=contributions`} download>{s('page.exportContributionsCsv')}</a>
        {' · '}<a href={`${base}/export/csv?sheet=indicators`} download>{s('page.exportIndicatorsCsv')}</a>
      </p>
      {mayImport ? (
        <>
          <p class="small muted">{s('page.templateHint')} {s('page.csvContributions')}</p>
          <p><a href={`${base}/import-template/xlsx`} download>{s('page.template')} (.xlsx)</a> · <a href={`${base}/import-template/csv`} download>CSV</a></p>
          <UploadFormFields v={v} planId={planId} {...(upload ? { upload } : {})} />
        </>
      ) : null}
    </section>
  );
};

const shownValue = (value: unknown): string => (value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value));

const ActionCells: FC<{ v: View; rows: { action: 'create' | 'update' | 'unchanged'; changes?: { field: string; before: unknown; after: unknown }[] }; field: (f: string) => string }> = ({ v, rows, field }) => {
  const s = words(v);
  return (
    <>
      <td><span class={`badge ${rows.action}`}>{s(`page.action.${rows.action}`)}</span></td>
      <td>
        {rows.changes && rows.action === 'update' ? (
          <ul class="small">{rows.changes.map((c) => <li>{field(c.field)}: {shownValue(c.before)} → {shownValue(c.after)}</li>)}</ul>
        ) : null}
      </td>
    </>
  );
};

const CONTRIBUTION_FIELD_COLUMN: Record<string, string> = { donorId: 'donor', milestoneId: 'milestoneRef', stageDates: 'stage' };

/** A saved preview: what each row will do, every error, what the file leaves out, and where it stands (stale, imported). */
const PreviewPage: FC<{ v: View; view: ImportView; planTitle: string }> = ({ v, view, planTitle }) => {
  const s = words(v);
  const { preview, state } = view;
  const base = href('plans', preview.planId);
  const contributions = preview.contributions;
  const count = preview.summary.create + preview.summary.update + (contributions ? contributions.summary.create + contributions.summary.update : 0);
  const title = s('page.previewTitle', { file: preview.fileName });
  const hasMilestones = preview.rows.length > 0 || preview.missing.length > 0 || !contributions;
  return (
    <Layout v={v} title={title} crumbs={[{ href: '/', label: v.t('nav.home') }, { href: base, label: planTitle }, { label: title }]}>
      <h1>{title}</h1>
      {state === 'stale' ? (
        <Notice kind="warn" role="alert"><p><strong>{s('page.staleTitle')}.</strong> {s('page.stale', { changes: describeChanges(v.lang, view.changes ?? []) })}</p></Notice>
      ) : null}
      {state === 'imported' ? <Notice kind="ok" role="status"><p>{s('page.imported')}</p></Notice> : null}
      {state === 'partial' ? <Notice kind="warn" role="status"><p>{s('page.partial')}</p></Notice> : null}
      {preview.errors.length > 0 ? (
        <div class="notice error" role="alert" id="errors">
          <h2>{s('page.errorsTitle')}</h2>
          <div class="scroll">
            <table>
              <thead><tr><th scope="col">{s('page.sheet')}</th><th scope="col">{s('page.row')}</th><th scope="col">{s('page.column')}</th><th scope="col">{s('page.value')}</th><th scope="col">{s('page.problem')}</th></tr></thead>
              <tbody>
                {preview.errors.map((e) => <tr><td>{e.sheet}</td><td>{e.row}</td><td>{e.column}</td><td>{e.value}</td><td>{e.message}</td></tr>)}
              </tbody>
            </table>
          </div>
        </div>
      ) : state === 'open' ? <p>{count > 0 ? s('page.previewLead') : s('page.nothing')}</p> : null}
      {hasMilestones ? <p><strong>{s('page.summary', { create: preview.summary.create, update: preview.summary.update, unchanged: preview.summary.unchanged })}</strong></p> : null}
      {contributions ? <p><strong>{s('page.contributionsSummary', { create: contributions.summary.create, update: contributions.summary.update, unchanged: contributions.summary.unchanged })}</strong></p> : null}
      {preview.confirmable && (state === 'open' || state === 'partial') ? (
        <form method="post" action={`${base}/imports/${encodeURIComponent(preview.id)}/confirm`} class="action">
          <input type="hidden" name={CSRF_FIELD} value={v.csrf} />
          <button type="submit" class="button">{s('page.confirm', { count })}</button>
        </form>
      ) : null}
      {state === 'stale' ? <p><a class="button" href={`${base}#spreadsheets`}>{s('page.uploadAgain')}</a></p> : null}
      {hasMilestones ? (
        <div class="scroll">
          <table>
            <caption>{s('sheet.milestones')}</caption>
            <thead><tr><th scope="col">{s('page.row')}</th><th scope="col">{s('col.ref')}</th><th scope="col">{s('col.title')}</th><th scope="col">{s('page.action')}</th><th scope="col">{s('page.changes')}</th></tr></thead>
            <tbody>
              {preview.rows.map((r) => (
                <tr>
                  <td>{r.row}</td>
                  <td>{r.ref ?? ''}</td>
                  <td>{r.title}</td>
                  <ActionCells v={v} rows={r} field={(f) => s(`col.${f === 'ownerAdministrationId' ? 'owner' : f}`)} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {contributions ? (
        <div class="scroll">
          <table>
            <caption>{s('sheet.contributions')}</caption>
            <thead><tr><th scope="col">{s('page.row')}</th><th scope="col">{s('page.donor')}</th><th scope="col">{s('page.description')}</th><th scope="col">{s('page.action')}</th><th scope="col">{s('page.changes')}</th></tr></thead>
            <tbody>
              {contributions.rows.map((r) => (
                <tr>
                  <td>{r.row}</td>
                  <td>{r.donor}</td>
                  <td>{r.description}</td>
                  <ActionCells v={v} rows={r} field={(f) => s(`col.${CONTRIBUTION_FIELD_COLUMN[f] ?? f}`)} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {preview.missing.length > 0 ? (
        <section aria-labelledby="missing">
          <h2 id="missing">{s('page.missingTitle')}</h2>
          <p class="small muted">{s('page.missingLead')}</p>
          <ul>{preview.missing.map((m) => <li>{m.ref ?? '-'}. {m.title}</li>)}</ul>
        </section>
      ) : null}
      {contributions && contributions.missing.length > 0 ? (
        <section aria-labelledby="missing-contributions">
          <h2 id="missing-contributions">{s('page.missingContributionsTitle')}</h2>
          <p class="small muted">{s('page.missingLead')}</p>
          <ul>{contributions.missing.map((m) => <li>{m.donor}: {m.description}</li>)}</ul>
        </section>
      ) : null}
      <p><a href={base}>{s('page.back')}</a></p>
    </Layout>
  );
};

/** A refused file: one sentence in the reader's language, and the way back to the plan's upload form. */
export function badFileResponse(c: WebContext, planId: string, message: string, status: 400 | 404 | 413 | 422) {
  const v = c.get('view');
  const s = words(v);
  return c.html(
    `<!doctype html>${(
      <Layout v={v} title={s('page.badFile')}>
        <h1>{s('page.badFile')}</h1>
        <Notice kind="error" role="alert"><p>{message}</p></Notice>
        <p><a href={`${href('plans', planId)}#spreadsheets`}>{s('page.back')}</a></p>
      </Layout>
    ).toString()}`,
    status,
    { 'Cache-Control': 'no-store' },
  );
}

/** An upload over the body limit, stopped before it is read (index.tsx): the same page as any refused file. */
export function uploadTooLarge(c: WebContext) {
  const planId = decodeURIComponent(/^\/plans\/([^/]+)\/imports$/.exec(c.req.path)?.[1] ?? '');
  return badFileResponse(c, planId, badFileMessage(new BadFile('too_large'), c.get('view').lang), 413);
}

export function sheetPages(pages: Pages) {
  const { app, deps, signedIn } = pages;
  const load = deps.sheets ?? sourceSheets;
  const localeOf = (c: WebContext) => c.req.header('Accept-Language')?.split(',')[0]?.split(';')[0]?.trim();

  async function send(c: WebContext, title: string, tables: SheetOut[], format: 'xlsx' | 'csv') {
    const module = await load();
    const headers = downloadHeaders(fileBaseName(title), format);
    // A CSV file holds one table: the first, or the one named (`?sheet=contributions`, `?sheet=indicators`).
    const sheet = c.req.query('sheet');
    if (format === 'csv') return c.body(module.writeCsv(tables.find((x) => x.key === sheet) ?? tables[0]!), 200, headers);
    return c.body((await module.writeXlsx(tables)) as Uint8Array<ArrayBuffer>, 200, headers);
  }
  const formatOf = (c: WebContext) => (c.req.param('format') === 'csv' ? 'csv' : 'xlsx') as 'xlsx' | 'csv';

  const badFilePage = badFileResponse;

  app.get('/plans/:id/import-template/:format{xlsx|csv}', signedIn, async (c) => {
    const { planId, sheets: tables } = await planImportTemplate(deps, me(c), { planId: c.req.param('id'), language: c.get('view').lang });
    return send(c, `${tables[0]!.name}-${planId}`, tables, formatOf(c));
  });

  app.get('/plans/:id/export/:format{xlsx|csv}', signedIn, async (c) => {
    const out = await planExport(deps, me(c), { planId: c.req.param('id'), language: c.get('view').lang });
    // The milestones and the contributions (`?sheet=contributions`) import back on their own.
    return send(c, out.title, out.sheets, formatOf(c));
  });

  app.get('/strategies/:id/export/:format{xlsx|csv}', signedIn, async (c) => {
    const out = await strategyExport(deps, me(c), { strategyId: c.req.param('id'), language: c.get('view').lang });
    return send(c, out.title, out.sheets, formatOf(c));
  });

  app.get('/donors/:id/export/:format{xlsx|csv}', signedIn, async (c) => {
    const out = await donorExport(deps, me(c), { donorId: c.req.param('id'), language: c.get('view').lang });
    return send(c, out.title, out.sheets, formatOf(c));
  });

  app.post('/plans/:id/imports', signedIn, async (c) => {
    const planId = c.req.param('id');
    const v = c.get('view');
    let body: Record<string, string | File>;
    try {
      body = (await c.req.parseBody()) as Record<string, string | File>;
    } catch {
      return badFilePage(c, planId, badFileMessage(new BadFile('not_spreadsheet'), v.lang), 422);
    }
    requireCsrf(c, pages, Object.fromEntries(Object.entries(body).filter(([, x]) => typeof x === 'string')) as Record<string, string>);
    const file = body.file;
    return previewPage(c, planId, async () => {
      if (!(file instanceof File) || file.size === 0) throw new BadFile('empty');
      if (file.size > LIMITS.bytes) throw new BadFile('too_large');
      return { fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
    });
  });

  /** Reads the file, makes the preview and sends the browser to it; a refused file gets its one sentence. */
  async function previewPage(c: WebContext, planId: string, file: () => Promise<{ fileName: string; bytes: Uint8Array }>) {
    const v = c.get('view');
    try {
      const { fileName, bytes } = await file();
      const module = await load();
      const tables = module.readSpreadsheet(bytes);
      const preview = await previewImport(deps, me(c), { planId, fileName, tables, language: v.lang, locale: localeOf(c) });
      // The preview is saved: its own page, so a reload (or the back button) shows it again without sending the file.
      return c.redirect(`${href('plans', planId)}/imports/${encodeURIComponent(preview.id)}`, 303);
    } catch (error) {
      if (error instanceof BadFile) return badFilePage(c, planId, badFileMessage(error, v.lang), badFileStatus(error.code));
      if (error instanceof Forbidden) throw forbidden();
      throw error;
    }
  }

  // S3 sends the browser here after an upload to the uploads bucket (in AWS), with the object's key.
  // Registered before `/imports/:importId`, which would otherwise take `uploaded` for a preview's id.
  app.get('/plans/:id/imports/uploaded', signedIn, async (c) => {
    const planId = c.req.param('id');
    const key = c.req.query('key') ?? '';
    try {
      return await previewPage(c, planId, () => takeUpload(deps, me(c), { planId, key }));
    } catch (error) {
      if (error instanceof UploadsNotUsed) throw new PageError(404);
      // Not an upload of this person to this plan (another plan's key, a made-up one): upload again.
      if (error instanceof Invalid) return badFilePage(c, planId, badFileMessage(new BadFile('upload_missing'), c.get('view').lang), 400);
      throw error;
    }
  });

  app.get('/plans/:id/imports/:importId', signedIn, async (c) => {
    const planId = c.req.param('id');
    const view = await readImport(deps, me(c), { planId, importId: c.req.param('importId') });
    return render(c, <PreviewPage v={c.get('view')} view={view} planTitle={view.planTitle} />);
  });

  app.post('/plans/:id/imports/:importId/confirm', signedIn, async (c) => {
    const planId = c.req.param('id');
    const v = c.get('view');
    const s = words(v);
    requireCsrf(c, pages, await formBody(c));
    try {
      const done = await confirmImport(deps, me(c), { planId, importId: c.req.param('importId') });
      return render(c, (
        <Layout v={v} title={s('page.doneTitle')}>
          <h1>{s('page.doneTitle')}</h1>
          <Notice kind="ok" role="status">
            <p>{s('page.done', { create: done.summary.create, update: done.summary.update, file: done.fileName })}</p>
            {done.contributionSummary ? <p>{s('page.doneContributions', { create: done.contributionSummary.create, update: done.contributionSummary.update })}</p> : null}
          </Notice>
          <p><a class="button" href={href('plans', planId)}>{s('page.back')}</a></p>
        </Layout>
      ));
    } catch (error) {
      if (!(error instanceof PlanChangedSincePreview || error instanceof NothingToConfirm)) throw error;
      return render(c, (
        <Layout v={v} title={s('page.badFile')}>
          <h1>{s('page.badFile')}</h1>
          <Notice kind="warn" role="alert"><p>{error.sentence(v.lang)}</p></Notice>
          <p><a href={`${href('plans', planId)}#spreadsheets`}>{s('page.back')}</a></p>
        </Layout>
      ), 409);
    }
  });
}

/** Export links of a strategy or a donor page. */
export const ExportLinks: FC<{ v: View; base: string }> = ({ v, base }) => {
  const s = words(v);
  return (
    <p class="small noprint">
      {s('page.export')}: <a href={`${base}/export/xlsx`} download>{s('page.exportXlsx')}</a> · <a href={`${base}/export/csv`} download>CSV</a>
      {' · '}<a href={`${base}/export/csv?sheet=indicators`} download>{s('page.exportIndicatorsCsv')}</a>
    </p>
  );
};
