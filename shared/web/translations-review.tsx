/**
 * Translations to review (issue 14): after the original of a text changes, its translations are
 * marked possibly outdated (domain/translations.ts). Those who may edit the text see which ones on
 * the item's page, each with a button that confirms it as still correct (a write guarded by the
 * version the page showed, like every other form) and a link to correct it in the form. Readers who
 * cannot edit see none of this. Generic over the item: the page says which texts the person may
 * edit and where the button posts.
 */
import type { FC } from 'hono/jsx';
import { LANGUAGES, type Language } from '../domain/constants.ts';
import { ActionButton, type Values } from './forms.tsx';
import { Notice } from './layout.tsx';
import { languageName, textIn, type TranslatableText } from './translations-field.tsx';
import type { View } from './view.ts';

/** A text the person may edit, with its label and where it is edited (a form's address or anchor). */
export type ReviewedText = TranslatableText & { label: string; edit: string };

const outdatedIn = (t: TranslatableText): Language[] => LANGUAGES.filter((l) => t.field?.texts[l]?.outdated === true);

export const ReviewTranslations: FC<{ v: View; action: string; version: number; texts: readonly ReviewedText[] }> = ({ v, action, version, texts }) => {
  const items = texts.flatMap((t) => outdatedIn(t).map((l) => ({ t, l })));
  if (items.length === 0) return null;
  return (
    <div class="review" id="review">
      <Notice kind="warn" title={v.t('content.reviewTitle')}>
        <p>{v.t('content.reviewBody')}</p>
        <ul>
          {items.map(({ t, l }) => {
            const what = { field: t.label, language: languageName(v, l) };
            return (
              <li>
                <strong>{v.t('content.reviewItem', what)}</strong>: <q lang={l !== v.lang ? l : undefined}>{textIn(t, l)}</q>
                <div class="actions">
                  <ActionButton v={v} action={action} version={version} label={v.t('content.confirmButton', what)} fields={{ field: t.name, lang: l }} />
                  <a href={t.edit.startsWith('#') ? t.edit : `${t.edit}#tr-${t.name}`}>{v.t('content.correct')}</a>
                </div>
              </li>
            );
          })}
        </ul>
      </Notice>
    </div>
  );
};

/**
 * What a confirmation button asks: the patch that sends the translation again as it is (which
 * clears its mark), `'nothing'` when it is no longer marked (someone confirmed or corrected it), or
 * undefined when the form names no text of ours.
 */
export function confirmationOf(body: Values, texts: readonly TranslatableText[]): { patch: Record<string, unknown> } | 'nothing' | undefined {
  const t = texts.find((x) => x.name === body.field);
  const l = LANGUAGES.find((x) => x === body.lang);
  if (!t || !l || l === (t.field?.lang ?? 'en')) return undefined;
  const held = t.field?.texts[l];
  if (!held) return undefined;
  if (!held.outdated) return 'nothing';
  return { patch: { [t.name]: { [l]: held.text } } };
}

