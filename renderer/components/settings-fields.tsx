// The settings form's pieces: a field with its problem under it in the manager's language, a
// problem with a whole list, and the member-card and coupon rules (one component for both).
import type { ReactNode } from 'react';
import type { FieldErrors, FieldProblem, StoreCodeRow } from '../screens/settings-draft';
import { NEW_STORE_CODE_ROW } from '../screens/settings-draft';
import { useWords } from '../i18n/use-text';

/** One field with its label and, when it has one, its problem in the manager's language. */
export function Field(props: {
  label: string;
  problem: FieldProblem | undefined;
  children: ReactNode;
}) {
  const words = useWords();
  return (
    <label className={props.problem === undefined ? 'field' : 'field invalid'}>
      <span>{props.label}</span>
      {props.children}
      {props.problem !== undefined && (
        <span className="field-error" role="alert" data-testid="field-error">
          {words.t(props.problem.key, props.problem.params)}
        </span>
      )}
    </label>
  );
}

/** A problem with a whole list (too many rows) or with no field of its own, above or below it. */
export function ListProblem(props: { problem: FieldProblem | undefined }) {
  const words = useWords();
  if (props.problem === undefined) return null;
  return (
    <p className="field-error" role="alert" data-testid="field-error">
      {words.t(props.problem.key, props.problem.params)}
    </p>
  );
}

/** The words and names that tell member-card rules from coupon rules; the rows are the same. */
const STORE_CODE_KINDS = {
  memberCards: {
    legend: 'settings.memberCards',
    add: 'settings.addMemberCard',
    testId: 'member-card',
    name: 'memberCard',
  },
  coupons: {
    legend: 'settings.coupons',
    add: 'settings.addCoupon',
    testId: 'coupon',
    name: 'coupon',
  },
} as const;

/** Member-card or coupon rules: prefixes, length and check digit per row, rows added and removed. */
export function StoreCodeRules(props: {
  kind: keyof typeof STORE_CODE_KINDS;
  rows: readonly StoreCodeRow[];
  errors: FieldErrors;
  onChange: (rows: readonly StoreCodeRow[]) => void;
}) {
  const words = useWords();
  const { kind, rows, errors, onChange } = props;
  const { legend, add, testId, name } = STORE_CODE_KINDS[kind];
  const edit = (i: number, change: Partial<StoreCodeRow>): void =>
    onChange(rows.map((row, j) => (j === i ? { ...row, ...change } : row)));
  return (
    <fieldset data-testid={`${testId}-rules`}>
      <legend>{words.t(legend)}</legend>
      <ListProblem problem={errors[kind]} />
      {rows.map((row, i) => (
        <div className="settings-row" key={i} data-testid={`${testId}-row`}>
          <Field label={words.t('settings.codePrefixes')} problem={errors[`${kind}.${i}.prefixes`]}>
            <input
              name={`${name}Prefixes${i}`}
              autoComplete="off"
              value={row.prefixes}
              onChange={(e) => edit(i, { prefixes: e.target.value })}
            />
          </Field>
          <Field label={words.t('settings.codeLength')} problem={errors[`${kind}.${i}.length`]}>
            <input
              name={`${name}Length${i}`}
              inputMode="numeric"
              autoComplete="off"
              value={row.length}
              onChange={(e) => edit(i, { length: e.target.value })}
            />
          </Field>
          <Field label={words.t('settings.checkDigit')} problem={errors[`${kind}.${i}.checkDigit`]}>
            <select
              name={`${name}CheckDigit${i}`}
              value={row.checkDigit}
              onChange={(e) =>
                edit(i, { checkDigit: e.target.value as StoreCodeRow['checkDigit'] })
              }
            >
              <option value="none">{words.t('settings.checkDigit.none')}</option>
              <option value="mod10">{words.t('settings.checkDigit.mod10')}</option>
            </select>
          </Field>
          <button
            type="button"
            className="secondary"
            data-testid={`remove-${testId}`}
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
          >
            {words.t('settings.remove')}
          </button>
        </div>
      ))}
      <button
        type="button"
        className="secondary"
        data-testid={`add-${testId}`}
        onClick={() => onChange([...rows, NEW_STORE_CODE_ROW])}
      >
        {words.t(add)}
      </button>
    </fieldset>
  );
}
