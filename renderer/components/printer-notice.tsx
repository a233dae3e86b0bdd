// The receipt printer's trouble, said where the cashier looks after a sale, with what to do: the
// receipt waits in the core's print journal and prints by itself once the printer can.
import { useWords } from '../i18n/use-text';
import { printerProblem, useDeviceStatus } from '../state/device-status-store';

export function PrinterNotice() {
  const words = useWords();
  const printer = useDeviceStatus((s) => s.printer);
  const problem = printerProblem(printer);
  if (problem === undefined) return null;
  return (
    <p
      className={problem === 'paperLow' ? 'device-notice warn' : 'device-notice'}
      role="status"
      data-testid="printer-notice"
      data-problem={problem}
    >
      {words.t(`printer.${problem}`)}
    </p>
  );
}
