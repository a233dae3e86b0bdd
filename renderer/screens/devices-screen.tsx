// The counter's devices: the receipt printer asked now (online, paper, cover, the drawer on its kick
// connector), whether a card terminal and a cash drawer are connected, a test slip through the
// printer and a test of the drawer (a no-sale: a supervisor signs it off), and the port each device
// is on (components/device-ports.tsx). The printer's reports while the screen is open
// (printer.status events) bring a fresh look.
import { useEffect, useState } from 'react';
import type { DevicesStatusView } from '../../app/commands';
import { useClient } from '../client/client-context';
import { useCommand, useCoreQuery } from '../client/register-queries';
import { useApprovedCommand } from '../client/use-approved-command';
import { DevicePorts } from '../components/device-ports';
import { ScreenFrame } from '../components/screen-frame';
import { formatDateTime } from '../i18n/format';
import type { Words } from '../i18n/use-text';
import { useWords } from '../i18n/use-text';
import { useDeviceStatus } from '../state/device-status-store';

function PrinterFacts(props: { words: Words; printer: DevicesStatusView['printer'] }) {
  const { words, printer } = props;
  if (!printer.connected) {
    return <dd data-testid="printer-state">{words.t('devices.notConnected')}</dd>;
  }
  if (printer.status === null) {
    return (
      <dd data-testid="printer-state" className="bad">
        {words.t('devices.noAnswer')}
      </dd>
    );
  }
  const s = printer.status;
  return (
    <dd
      data-testid="printer-state"
      data-online={s.online}
      data-paper={s.paper}
      data-cover={s.coverOpen}
    >
      <span className={s.online ? 'good' : 'bad'}>
        {words.t(s.online ? 'devices.online' : 'devices.offline')}
      </span>
      {' · '}
      {words.t('devices.paper')}{' '}
      <span className={s.paper === 'ok' ? 'good' : 'bad'} data-testid="printer-paper">
        {words.t(`devices.paper.${s.paper}`)}
      </span>
      {' · '}
      {words.t('devices.cover')}{' '}
      <span className={s.coverOpen ? 'bad' : 'good'} data-testid="printer-cover">
        {words.t(s.coverOpen ? 'devices.coverOpen' : 'devices.coverClosed')}
      </span>
      {' · '}
      {words.t('devices.drawerState')}{' '}
      {words.t(s.drawerOpen ? 'devices.drawerOpen' : 'devices.drawerClosed')}
    </dd>
  );
}

/** What the scale shows: the settled or swinging weight, overloaded, or nothing heard yet. */
function scaleWords(words: Words, reading: DevicesStatusView['scale']['reading']): string {
  if (reading === null) return words.t('devices.scaleSilent');
  if (reading.state === 'overload') return words.t('devices.scaleOverload');
  return words.t(reading.state === 'stable' ? 'devices.scaleStable' : 'devices.scaleSwinging', {
    grams: reading.grams ?? 0,
  });
}

export function DevicesScreen() {
  const words = useWords();
  const client = useClient();
  const send = useCommand();
  const approved = useApprovedCommand();
  const status = useCoreQuery('devices.status', {});
  const printerReport = useDeviceStatus((s) => s.printer);
  const [done, setDone] = useState<'printed' | 'waiting' | 'drawer' | 'display' | null>(null);
  const [busy, setBusy] = useState(false);
  const { refetch } = status;
  useEffect(() => {
    void refetch();
  }, [printerReport, refetch]);

  const testPrint = (): void => {
    setDone(null);
    setBusy(true);
    void send('devices.testPrint', {})
      .then((answer) => {
        if (answer !== undefined) setDone(answer.printed ? 'printed' : 'waiting');
        void refetch();
      })
      .finally(() => setBusy(false));
  };
  const testDisplay = (): void => {
    setDone(null);
    void send('devices.testDisplay', {}).then((answer) => {
      if (answer !== undefined) setDone('display');
    });
  };
  const testDrawer = (): void => {
    setDone(null);
    const reason = words.t('devices.testDrawerReason');
    void approved('drawer.noSale', (approvalId) =>
      client.send('drawer.open', { reason, ...(approvalId === undefined ? {} : { approvalId }) }),
    ).then((opened) => {
      if (opened !== undefined) setDone('drawer');
      void refetch();
    });
  };

  const data = status.data;
  const connected = (yes: boolean) => (
    <span className={yes ? 'good' : 'bad'}>
      {words.t(yes ? 'devices.connected' : 'devices.notConnected')}
    </span>
  );
  return (
    <ScreenFrame title={words.t('devices.heading')} testId="devices-screen">
      {data !== undefined && (
        <dl className="facts card" data-testid="device-facts">
          <dt>{words.t('devices.printer')}</dt>
          <PrinterFacts words={words} printer={data.printer} />
          <dt>{words.t('devices.terminal')}</dt>
          <dd data-testid="terminal-state" data-connected={data.terminal.connected}>
            {connected(data.terminal.connected)}
          </dd>
          <dt>{words.t('devices.drawer')}</dt>
          <dd data-testid="drawer-state" data-connected={data.drawer.connected}>
            {connected(data.drawer.connected)}
          </dd>
          <dt>{words.t('devices.scale')}</dt>
          <dd
            data-testid="scale-state"
            data-connected={data.scale.connected}
            data-grams={data.scale.reading?.grams ?? ''}
          >
            {connected(data.scale.connected)}
            {data.scale.connected && (
              <>
                {' · '}
                {scaleWords(words, data.scale.reading)}
              </>
            )}
          </dd>
          <dt>{words.t('devices.display')}</dt>
          <dd data-testid="display-state" data-connected={data.display.connected}>
            {connected(data.display.connected)}
          </dd>
        </dl>
      )}
      {data !== undefined && (
        <p className="hint">
          {words.t('devices.checkedAt', { time: formatDateTime(words.locale, data.checkedAt) })}
        </p>
      )}
      <div className="device-actions">
        <button type="button" className="secondary" onClick={() => void refetch()}>
          {words.t('devices.refresh')}
        </button>
        <button
          type="button"
          className="primary"
          data-testid="test-print"
          disabled={busy}
          onClick={testPrint}
        >
          {words.t('devices.testPrint')}
        </button>
        <button type="button" className="primary" data-testid="test-drawer" onClick={testDrawer}>
          {words.t('devices.testDrawer')}
        </button>
        <button type="button" className="primary" data-testid="test-display" onClick={testDisplay}>
          {words.t('devices.testDisplay')}
        </button>
      </div>
      {done !== null && (
        <p className="saved" role="status" data-testid="device-test-done" data-done={done}>
          {words.t(
            done === 'printed'
              ? 'devices.testPrinted'
              : done === 'waiting'
                ? 'devices.testWaiting'
                : done === 'display'
                  ? 'devices.displayTested'
                  : 'devices.drawerOpened',
          )}
        </p>
      )}
      <DevicePorts />
    </ScreenFrame>
  );
}
