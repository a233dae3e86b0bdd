// Moving to another screen: the last screen's error goes with it, the open sale stays in the core.
import { useUiStore } from '../state/ui-store';
import { screenStore } from '../state/screen-store';
import type { Screen } from './screens';

export function useNavigate(): (screen: Screen) => void {
  const clearNotice = useUiStore((s) => s.clearNotice);
  return (screen) => {
    clearNotice();
    screenStore.getState().go(screen);
  };
}
