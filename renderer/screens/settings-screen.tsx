// The store settings: receipt header and footer, money (currency, tax mode, cash rounding), how
// scans are read (scale-label layouts, UPC-E, member-card and coupon rules), the scale's PLU table
// (rows added and removed), what points are worth and the register's default language. Anyone may
// look; a manager saves. Every field is checked here with the core's own schema and its problem
// shown under it in the manager's language; the core checks again and refuses anyone but a manager.
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { RegisterSettings, SettingsView } from '../../app/commands';
import { VARIABLE_MEASURE_PRESETS } from '../../app/barcode';
import { useCommand, useCoreQuery, useRefresh } from '../client/register-queries';
import { ScreenFrame } from '../components/screen-frame';
import { Field, ListProblem, StoreCodeRules } from '../components/settings-fields';
import { LOCALES } from '../i18n/messages';
import { useWords } from '../i18n/use-text';
import { useUiStore } from '../state/ui-store';
import type { FieldErrors, SettingsDraft } from './settings-draft';
import { draftOf, settingsFromDraft } from './settings-draft';

const ROUNDING_MODES: readonly RegisterSettings['cashRounding']['mode'][] = [
  'halfUp',
  'halfEven',
  'down',
  'up',
];

export function SettingsScreen() {
  const words = useWords();
  const query = useCoreQuery('settings.get', {});
  return (
    <ScreenFrame title={words.t('settings.heading')} testId="settings-screen">
      {query.data !== undefined && <SettingsForm view={query.data} />}
    </ScreenFrame>
  );
}

function SettingsForm(props: { view: SettingsView }) {
  const words = useWords();
  const send = useCommand();
  const refresh = useRefresh();
  const role = useUiStore((s) => s.session?.role);
  const [draft, setDraft] = useState<SettingsDraft>(() => draftOf(props.view.settings));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saved, setSaved] = useState<number | null>(null);
  const set = <K extends keyof SettingsDraft>(key: K, value: SettingsDraft[K]): void => {
    setSaved(null);
    setDraft((d) => ({ ...d, [key]: value }));
  };
  const input = (
    key:
      | 'storeName'
      | 'storeAddress'
      | 'currency'
      | 'cashIncrement'
      | 'points'
      | 'pointsValue'
      | 'discountPercent'
      | 'discountAmount',
  ) => ({
    name: key,
    value: draft[key],
    autoComplete: 'off',
    onChange: (e: { target: { value: string } }) => set(key, e.target.value),
  });

  const save = (event: FormEvent): void => {
    event.preventDefault();
    const checked = settingsFromDraft(draft);
    if (!checked.ok) {
      setErrors(checked.errors);
      useUiStore
        .getState()
        .showNotice({ code: 'settings.fields', message: words.t('settings.fixFields') });
      return;
    }
    setErrors({});
    void send('settings.update', { changes: checked.settings }).then((view) => {
      if (view === undefined) return;
      setDraft(draftOf(view.settings));
      setSaved(view.version);
      refresh('settings.get');
    });
  };

  const plu = (i: number, key: 'plu' | 'gtin', value: string): void =>
    set(
      'pluRows',
      draft.pluRows.map((row, j) => (j === i ? { ...row, [key]: value } : row)),
    );
  const label = (i: number, key: 'layout' | 'prefixes', value: string): void =>
    set(
      'scaleLabels',
      draft.scaleLabels.map((row, j) => (j === i ? { ...row, [key]: value } : row)),
    );

  return (
    <form className="settings-form" onSubmit={save} data-testid="settings-form" noValidate>
      <p className="hint">
        {words.t('settings.version', { version: props.view.version })}
        {role !== 'manager' && role !== 'admin' && (
          <span data-testid="settings-manager-only"> · {words.t('settings.managerOnly')}</span>
        )}
      </p>
      <fieldset>
        <Field label={words.t('settings.storeName')} problem={errors['storeName']}>
          <input {...input('storeName')} />
        </Field>
        <Field label={words.t('settings.storeAddress')} problem={errors['storeAddress']}>
          <input {...input('storeAddress')} />
        </Field>
        <Field label={words.t('settings.receiptFooter')} problem={errors['receiptFooter']}>
          <textarea
            name="receiptFooter"
            rows={3}
            value={draft.receiptFooter}
            onChange={(e) => set('receiptFooter', e.target.value)}
          />
        </Field>
      </fieldset>
      <fieldset>
        <Field label={words.t('settings.currency')} problem={errors['currency']}>
          <input {...input('currency')} />
        </Field>
        <Field label={words.t('settings.taxMode')} problem={errors['taxMode']}>
          <select
            name="taxMode"
            value={draft.taxMode}
            onChange={(e) => set('taxMode', e.target.value as RegisterSettings['taxMode'])}
          >
            <option value="inclusive">{words.t('settings.taxMode.inclusive')}</option>
            <option value="exclusive">{words.t('settings.taxMode.exclusive')}</option>
          </select>
        </Field>
        <Field label={words.t('settings.cashIncrement')} problem={errors['cashRounding.increment']}>
          <input {...input('cashIncrement')} inputMode="numeric" />
        </Field>
        <Field label={words.t('settings.cashMode')} problem={errors['cashRounding.mode']}>
          <select
            name="cashMode"
            value={draft.cashMode}
            onChange={(e) => set('cashMode', e.target.value as SettingsDraft['cashMode'])}
          >
            {ROUNDING_MODES.map((mode) => (
              <option key={mode} value={mode}>
                {words.t(`settings.rounding.${mode}`)}
              </option>
            ))}
          </select>
        </Field>
      </fieldset>
      <fieldset data-testid="scale-labels">
        <legend>{words.t('settings.scaleLabels')}</legend>
        <ListProblem problem={errors['scaleLabels']} />
        {draft.scaleLabels.map((row, i) => (
          <div className="settings-row" key={i} data-testid="scale-label-row">
            <Field
              label={words.t('settings.scaleLayout')}
              problem={errors[`scaleLabels.${i}.layout`]}
            >
              <select
                name={`scaleLayout${i}`}
                value={row.layout}
                onChange={(e) => label(i, 'layout', e.target.value)}
              >
                {VARIABLE_MEASURE_PRESETS.map((preset) => (
                  <option key={preset.id} value={preset.id}>
                    {preset.id}
                  </option>
                ))}
              </select>
            </Field>
            <Field
              label={words.t('settings.scalePrefixes')}
              problem={errors[`scaleLabels.${i}.prefixes`]}
            >
              <input
                name={`scalePrefixes${i}`}
                autoComplete="off"
                value={row.prefixes}
                onChange={(e) => label(i, 'prefixes', e.target.value)}
              />
            </Field>
            <button
              type="button"
              className="secondary"
              onClick={() =>
                set(
                  'scaleLabels',
                  draft.scaleLabels.filter((_, j) => j !== i),
                )
              }
            >
              {words.t('settings.remove')}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="secondary"
          data-testid="add-scale-label"
          onClick={() =>
            set('scaleLabels', [
              ...draft.scaleLabels,
              { layout: VARIABLE_MEASURE_PRESETS[0]?.id ?? '', prefixes: '' },
            ])
          }
        >
          {words.t('settings.addScaleLabel')}
        </button>
        <label className="check">
          <input
            type="checkbox"
            name="scannerSendsUpcE"
            checked={draft.scannerSendsUpcE}
            onChange={(e) => set('scannerSendsUpcE', e.target.checked)}
          />
          {words.t('settings.upcE')}
        </label>
      </fieldset>
      <StoreCodeRules
        kind="memberCards"
        rows={draft.memberCards}
        errors={errors}
        onChange={(rows) => set('memberCards', rows)}
      />
      <StoreCodeRules
        kind="coupons"
        rows={draft.coupons}
        errors={errors}
        onChange={(rows) => set('coupons', rows)}
      />
      <fieldset data-testid="plu-table">
        <legend>{words.t('settings.plu')}</legend>
        <ListProblem problem={errors['pluTable']} />
        {draft.pluRows.map((row, i) => (
          <div className="settings-row" key={i} data-testid="plu-row">
            <Field label={words.t('settings.pluNumber')} problem={errors[`pluRows.${i}.plu`]}>
              <input
                name={`plu${i}`}
                inputMode="numeric"
                autoComplete="off"
                value={row.plu}
                onChange={(e) => plu(i, 'plu', e.target.value)}
              />
            </Field>
            <Field label={words.t('settings.pluGtin')} problem={errors[`pluRows.${i}.gtin`]}>
              <input
                name={`pluGtin${i}`}
                inputMode="numeric"
                autoComplete="off"
                value={row.gtin}
                onChange={(e) => plu(i, 'gtin', e.target.value)}
              />
            </Field>
            <button
              type="button"
              className="secondary"
              data-testid="remove-plu"
              onClick={() =>
                set(
                  'pluRows',
                  draft.pluRows.filter((_, j) => j !== i),
                )
              }
            >
              {words.t('settings.remove')}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="secondary"
          data-testid="add-plu"
          onClick={() => set('pluRows', [...draft.pluRows, { plu: '', gtin: '' }])}
        >
          {words.t('settings.addPlu')}
        </button>
      </fieldset>
      <fieldset>
        <legend>
          {words.t('settings.pointsRate', { points: draft.points, value: draft.pointsValue })}
        </legend>
        <Field label={words.t('settings.points')} problem={errors['pointsRate.points']}>
          <input {...input('points')} inputMode="numeric" />
        </Field>
        <Field label={words.t('settings.pointsValue')} problem={errors['pointsRate.value']}>
          <input {...input('pointsValue')} inputMode="numeric" />
        </Field>
        <Field label={words.t('settings.language')} problem={errors['language']}>
          <select
            name="language"
            value={draft.language}
            onChange={(e) => set('language', e.target.value as SettingsDraft['language'])}
          >
            {LOCALES.map((locale) => (
              <option key={locale} value={locale}>
                {locale === 'en' ? 'English' : '简体中文'}
              </option>
            ))}
          </select>
        </Field>
      </fieldset>
      <fieldset>
        <legend>{words.t('settings.discountLimit')}</legend>
        <Field
          label={words.t('settings.discountPercent')}
          problem={errors['discountLimit.basisPoints']}
        >
          <input {...input('discountPercent')} inputMode="decimal" />
        </Field>
        <Field label={words.t('settings.discountAmount')} problem={errors['discountLimit.amount']}>
          <input {...input('discountAmount')} inputMode="decimal" />
        </Field>
      </fieldset>
      <ListProblem problem={errors['form']} />
      <button type="submit" className="primary" data-testid="save-settings">
        {words.t('settings.save')}
      </button>
      {saved !== null && (
        <p className="saved" role="status" data-testid="settings-saved">
          {words.t('settings.saved', { version: saved })}
        </p>
      )}
    </form>
  );
}
