// Device profiles as settings hold them: which device, where it is plugged in, and how it talks.
import { z } from 'zod';
import type { Connection } from '../transport/byte-transport';

export type DeviceKind =
  | 'scanner'
  | 'receiptPrinter'
  | 'paymentTerminal'
  | 'cardReader'
  | 'poleDisplay'
  | 'scale'
  | 'environmentSensor';

/** 58 mm paper takes 32 columns of font A, 80 mm takes 48. */
export type PaperWidth = 58 | 80;

/** gb18030: a printer with the Chinese font; the others are single-byte code pages. */
export type PrinterCodePage = 'gb18030' | 'pc437' | 'wpc1252';

export type DeviceProfile = Readonly<{
  id: string;
  kind: DeviceKind;
  connection: Connection;
  printer?: Readonly<{ paperWidth: PaperWidth; codePage: PrinterCodePage }>;
  /** Serial scanners: the suffix configured on the scanner ("\r", "\r\n") and whether it sends AIM ids. */
  scanner?: Readonly<{ suffix: string; aimPrefix: boolean }>;
  /** Card readers: account-number prefixes of the store's member cards. */
  cardReader?: Readonly<{ memberPrefixes: readonly string[] }>;
}>;

const connectionSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('serial'),
    path: z.string().min(1),
    baudRate: z.number().int().positive(),
    dataBits: z.union([z.literal(7), z.literal(8)]).optional(),
    parity: z.enum(['none', 'even', 'odd']).optional(),
    stopBits: z.union([z.literal(1), z.literal(2)]).optional(),
    rtscts: z.boolean().optional(),
  }),
  z.object({
    type: z.literal('hid'),
    vendorId: z.number().int().min(0).max(0xffff),
    productId: z.number().int().min(0).max(0xffff),
    path: z.string().optional(),
  }),
  z.object({ type: z.literal('memory'), name: z.string().min(1) }),
]);

/** Settings are typed by hand in a back office: check them before a port is opened. */
export const deviceProfileSchema = z.object({
  id: z.string().min(1),
  kind: z.enum([
    'scanner',
    'receiptPrinter',
    'paymentTerminal',
    'cardReader',
    'poleDisplay',
    'scale',
    'environmentSensor',
  ]),
  connection: connectionSchema,
  printer: z
    .object({
      paperWidth: z.union([z.literal(58), z.literal(80)]),
      codePage: z.enum(['gb18030', 'pc437', 'wpc1252']),
    })
    .optional(),
  scanner: z.object({ suffix: z.string().min(1).max(4), aimPrefix: z.boolean() }).optional(),
  cardReader: z.object({ memberPrefixes: z.array(z.string().regex(/^\d{1,12}$/)) }).optional(),
});
