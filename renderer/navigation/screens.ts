// The register's screens and the function key that opens each. Checkout is home: every other
// screen sits beside the open sale, which lives in the core, so moving between them loses nothing.
// Every function key but F5, F11 and F12 (the browser's) is taken, so the dashboard, the store
// settings and the devices are a tap on the bar only; the dashboard shows to the roles that may
// open it. Settings show to everyone (anyone may read them; the core lets only a manager save).
import type { StaffRole } from '../../app/catalog';
import { roleAtLeast } from '../../app/catalog';
import type { MessageKey } from '../i18n/messages';

export type Screen =
  | 'checkout'
  | 'search'
  | 'members'
  | 'returns'
  | 'parked'
  | 'stocktake'
  | 'shift'
  | 'inventory'
  | 'sync'
  | 'dashboard'
  | 'settings'
  | 'devices';

export interface ScreenEntry {
  readonly screen: Screen;
  /** KeyboardEvent.key of the shortcut, if it has one. */
  readonly key?: string;
  readonly label: MessageKey;
  /** The lowest role that sees it; everyone when left out. */
  readonly minRole?: StaffRole;
}

export const SCREENS: readonly ScreenEntry[] = [
  { screen: 'checkout', key: 'F1', label: 'nav.checkout' },
  { screen: 'search', key: 'F2', label: 'nav.search' },
  { screen: 'members', key: 'F3', label: 'nav.members' },
  { screen: 'returns', key: 'F4', label: 'nav.returns' },
  { screen: 'parked', key: 'F6', label: 'nav.parked' },
  { screen: 'stocktake', key: 'F7', label: 'nav.stocktake' },
  { screen: 'shift', key: 'F8', label: 'nav.shift' },
  { screen: 'inventory', key: 'F9', label: 'nav.inventory' },
  { screen: 'sync', key: 'F10', label: 'nav.sync' },
  { screen: 'dashboard', label: 'nav.dashboard', minRole: 'supervisor' },
  { screen: 'settings', label: 'nav.settings' },
  { screen: 'devices', label: 'nav.devices' },
];

const BY_KEY = new Map(
  SCREENS.flatMap((entry) => (entry.key === undefined ? [] : [[entry.key, entry.screen] as const])),
);

/** The screens a role sees on the bar. */
export function screensFor(role: StaffRole): readonly ScreenEntry[] {
  return SCREENS.filter((entry) => entry.minRole === undefined || roleAtLeast(role, entry.minRole));
}

/** The screen a key opens, if it is a shortcut; modifier chords are the browser's or the IME's. */
export function screenForKey(key: {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly altKey: boolean;
  readonly metaKey: boolean;
}): Screen | undefined {
  if (key.ctrlKey || key.altKey || key.metaKey) return undefined;
  return BY_KEY.get(key.key);
}

export function isScreen(value: unknown): value is Screen {
  return SCREENS.some((entry) => entry.screen === value);
}
