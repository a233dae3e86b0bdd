// Every register of the store as head office last told this one: how far each has synced and when
// it last pushed, so a manager at any register sees a till that stopped reaching head office.
import type { SyncStatusView } from '../../app/commands';
import { formatDateTime, formatNumber } from '../i18n/format';
import { useWords } from '../i18n/use-text';

export function StoreRegisters(props: { status: SyncStatusView | undefined }) {
  const words = useWords();
  const known = props.status?.storeRegisters ?? null;
  if (known === null) return <p className="hint">{words.t('storeRegisters.unknown')}</p>;
  return (
    <>
      <table className="store-registers" data-testid="store-registers">
        <thead>
          <tr>
            <th>{words.t('storeRegisters.register')}</th>
            <th className="num">{words.t('storeRegisters.lastSeq')}</th>
            <th>{words.t('storeRegisters.lastPush')}</th>
          </tr>
        </thead>
        <tbody>
          {known.registers.map((r) => (
            <tr key={r.registerId} data-testid="store-register" data-register={r.registerId}>
              <td>{r.name}</td>
              <td className="num">{formatNumber(words.locale, r.lastSeq)}</td>
              <td>
                {r.lastPushAt === null
                  ? words.t('storeRegisters.never')
                  : formatDateTime(words.locale, r.lastPushAt)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">
        {words.t('storeRegisters.asOf', { at: formatDateTime(words.locale, known.at) })}
      </p>
    </>
  );
}
