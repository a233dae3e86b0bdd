// The ports panel of the devices screen: each device's port and how it is on it (looked at every
// second while the screen is open), and a choice among the ports this machine offers now, another
// serial path typed in, or "no such device here". Choosing asks a manager's approval when the
// signed-in staff is not one; the device reconnects on the new port at once.
import { useState } from 'react';
import type {
  DevicePortsView,
  PortChoice,
  PortDevice,
  PortOption,
  PortSlotView,
} from '../../app/commands';
import { BAUD_RATES, SERIAL_PATH } from '../../app/commands';
import { useClient } from '../client/client-context';
import { useCoreQuery, useRefresh } from '../client/register-queries';
import { useApprovedCommand } from '../client/use-approved-command';
import type { MessageKey } from '../i18n/messages';
import type { Words } from '../i18n/use-text';
import { useWords } from '../i18n/use-text';

type Baud = (typeof BAUD_RATES)[number];

const DEVICE_WORDS: Readonly<Record<PortDevice, MessageKey>> = {
  printer: 'ports.device.printer',
  terminal: 'ports.device.terminal',
  scanner: 'ports.device.scanner',
  cardReader: 'ports.device.cardReader',
  display: 'ports.device.display',
  scale: 'ports.device.scale',
  sensor: 'ports.device.sensor',
};

/** One key per port, for the select: the same port listed twice is one choice. */
function keyOf(port: PortChoice | PortOption): string {
  switch (port.type) {
    case 'serial':
      return `serial:${port.path}`;
    case 'hid':
      return `hid:${port.vendorId}:${port.productId}:${port.path ?? ''}`;
    case 'memory':
      return `memory:${port.name}`;
  }
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0');
}

function optionLabel(words: Words, option: PortOption): string {
  switch (option.type) {
    case 'serial':
      return option.description === option.path
        ? option.path
        : `${option.path} (${option.description})`;
    case 'hid':
      return `USB ${option.description}`;
    case 'memory':
      return words.t('ports.simulated', { name: option.name });
  }
}

function portLabel(words: Words, port: PortChoice, available: readonly PortOption[]): string {
  switch (port.type) {
    case 'serial':
      return `${port.path} · ${port.baudRate}`;
    case 'hid': {
      const listed = available.find((option) => keyOf(option) === keyOf(port));
      return listed === undefined
        ? `USB ${hex4(port.vendorId)}:${hex4(port.productId)}`
        : optionLabel(words, listed);
    }
    case 'memory':
      return words.t('ports.simulated', { name: port.name });
  }
}

function stateWords(slot: PortSlotView): MessageKey {
  return slot.port === null ? 'ports.state.none' : `ports.state.${slot.state}`;
}

function PortSlot(props: {
  slot: PortSlotView;
  available: readonly PortOption[];
  onChosen: (device: PortDevice, port: PortChoice | null) => void;
}) {
  const { slot, onChosen } = props;
  const words = useWords();
  const client = useClient();
  const approved = useApprovedCommand();
  // HID carries scanners only (HID POS mode); the others talk serial.
  const offered = props.available.filter((o) => o.type !== 'hid' || slot.device === 'scanner');
  const current = slot.port;
  const [choice, setChoice] = useState(() => {
    if (current === null) return 'none';
    const key = keyOf(current);
    return offered.some((o) => keyOf(o) === key) || current.type !== 'serial' ? key : 'other';
  });
  const [path, setPath] = useState(current?.type === 'serial' ? current.path : '');
  const [baud, setBaud] = useState<Baud>(current?.type === 'serial' ? current.baudRate : 9600);
  const [pathError, setPathError] = useState(false);
  const [busy, setBusy] = useState(false);
  const id = `port-${slot.device}`;
  const serial = choice === 'other' || choice.startsWith('serial:');

  function chosenPort(): PortChoice | null | undefined {
    if (choice === 'none') return null;
    if (choice === 'other') {
      const typed = path.trim();
      if (!SERIAL_PATH.test(typed)) return undefined;
      return { type: 'serial', path: typed, baudRate: baud };
    }
    const option = offered.find((o) => keyOf(o) === choice);
    if (option === undefined) return undefined;
    switch (option.type) {
      case 'serial':
        return { type: 'serial', path: option.path, baudRate: baud };
      case 'hid':
        return {
          type: 'hid',
          vendorId: option.vendorId,
          productId: option.productId,
          ...(option.path === undefined ? {} : { path: option.path }),
        };
      case 'memory':
        return { type: 'memory', name: option.name };
    }
  }

  const use = (): void => {
    const port = chosenPort();
    setPathError(port === undefined);
    if (port === undefined) return;
    setBusy(true);
    void approved('devices.choosePort', (approvalId) =>
      client.send('devices.choosePort', {
        device: slot.device,
        port,
        ...(approvalId === undefined ? {} : { approvalId }),
      }),
    )
      .then((view) => {
        if (view !== undefined) onChosen(slot.device, port);
      })
      .finally(() => setBusy(false));
  };

  return (
    <fieldset
      data-testid={`port-slot-${slot.device}`}
      data-state={slot.port === null ? 'none' : slot.state}
    >
      <legend>{words.t(DEVICE_WORDS[slot.device])}</legend>
      <p className="facts port-state" data-testid={`port-state-${slot.device}`}>
        <span className={slot.state === 'online' ? 'good' : 'bad'}>
          {words.t(stateWords(slot))}
        </span>
        {slot.port !== null && (
          <> · {words.t('ports.current', { port: portLabel(words, slot.port, props.available) })}</>
        )}
        {slot.state === 'waiting' && slot.lastError !== null && <> · {slot.lastError}</>}
      </p>
      <div className="settings-row">
        <label className="field">
          {words.t('ports.choose')}
          <select
            id={`${id}-choice`}
            data-testid={`port-choice-${slot.device}`}
            value={choice}
            onChange={(e) => {
              setChoice(e.target.value);
              setPathError(false);
            }}
          >
            <option value="none">{words.t('ports.none')}</option>
            {offered.map((option) => (
              <option key={keyOf(option)} value={keyOf(option)}>
                {optionLabel(words, option)}
              </option>
            ))}
            <option value="other">{words.t('ports.other')}</option>
          </select>
        </label>
        {choice === 'other' && (
          <label className={pathError ? 'field invalid' : 'field'}>
            {words.t('ports.path')}
            <input
              data-testid={`port-path-${slot.device}`}
              value={path}
              placeholder={words.t('ports.pathPlaceholder')}
              onChange={(e) => setPath(e.target.value)}
            />
            {pathError && (
              <span className="field-error" role="alert">
                {words.t('ports.badPath')}
              </span>
            )}
          </label>
        )}
        {serial && (
          <label className="field">
            {words.t('ports.speed')}
            <select
              data-testid={`port-baud-${slot.device}`}
              value={baud}
              onChange={(e) => setBaud(Number(e.target.value) as Baud)}
            >
              {BAUD_RATES.map((rate) => (
                <option key={rate} value={rate}>
                  {rate}
                </option>
              ))}
            </select>
          </label>
        )}
        <button
          type="button"
          className="secondary"
          data-testid={`port-use-${slot.device}`}
          disabled={busy}
          onClick={use}
        >
          {words.t('ports.use')}
        </button>
      </div>
    </fieldset>
  );
}

export function DevicePorts() {
  const words = useWords();
  const refresh = useRefresh();
  const ports = useCoreQuery('devices.ports', {}, { refetchInterval: 1000 });
  const [saved, setSaved] = useState<string | null>(null);
  const view: DevicePortsView | undefined = ports.data;
  if (view === undefined) return null;
  if (!view.choosable) {
    return (
      <p className="hint" data-testid="ports-fixed">
        {words.t('ports.fixed')}
      </p>
    );
  }
  const chosen = (device: PortDevice, port: PortChoice | null): void => {
    const name = words.t(DEVICE_WORDS[device]);
    setSaved(
      port === null
        ? words.t('ports.savedNone', { device: name })
        : words.t('ports.saved', { device: name, port: portLabel(words, port, view.available) }),
    );
    refresh('devices.ports', 'devices.status');
  };
  return (
    <section className="settings-form device-ports" data-testid="device-ports">
      <h2>{words.t('ports.heading')}</h2>
      <p className="hint">{words.t('ports.hint')}</p>
      {view.slots.map((slot) => (
        <PortSlot key={slot.device} slot={slot} available={view.available} onChosen={chosen} />
      ))}
      {saved !== null && (
        <p className="saved" role="status" data-testid="ports-saved">
          {saved}
        </p>
      )}
    </section>
  );
}
