// Where the merchant accounts and the quick-pay timing come from: the environment (checked at
// start, so a typo fails the boot), with the demo's default for a wallet left unconfigured — an
// in-process simulator with keys made at start. Merchant keys live only here, on the server.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { WalletProvider as Wallet } from '../../../app/tenders';
import type { AlipayAccount } from './alipay-adapter';
import { createAlipayAdapter } from './alipay-adapter';
import type { QuickPayClock, QuickPayTiming } from './quick-pay';
import { DEFAULT_QUICK_PAY_TIMING } from './quick-pay';
import { startAlipaySimulator } from './simulators/alipay-simulator';
import type { RunningSimulator } from './simulators/simulator-server';
import { startWechatPaySimulator } from './simulators/wechat-pay-simulator';
import { generateRsaKeyPair } from './wallet-signing';
import type { ProviderFetch, WalletProvider } from './wallet-provider';
import type { WechatPayAccount } from './wechat-pay-adapter';
import { createWechatPayAdapter } from './wechat-pay-adapter';

export interface WalletSettings {
  /** Unset: the demo's simulated WeChat Pay. */
  readonly wechatPay?: WechatPayAccount;
  /** Unset: the demo's simulated Alipay. */
  readonly alipay?: AlipayAccount;
  readonly timing: QuickPayTiming;
  readonly holdMs: number;
  /** How long the store's QR is offered on the customer display before it is closed. */
  readonly qrTtlMs: number;
  /**
   * The demo's simulators only: the customer pays a QR this long after it is shown (someone has
   * to scan it); 0 leaves every QR unpaid until a test pays it.
   */
  readonly simulatedQrPaysAfterMs: number;
  readonly providerTimeoutMs: number;
  readonly description: string;
  /** Background round that settles attempts nobody asked about; 0 turns it off. */
  readonly resolveEveryMs: number;
  /** Tests: a fetch that can cut the providers off. */
  readonly fetch?: ProviderFetch;
  /** Tests: the quick-pay waits on a clock they move (real timers by default). */
  readonly clock?: QuickPayClock;
}

const text = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v));
const ms = (fallback: number) => z.coerce.number().int().min(1).optional().default(fallback);

const envSchema = z.object({
  WECHAT_PAY_URL: text,
  WECHAT_PAY_APP_ID: text,
  WECHAT_PAY_MCH_ID: text,
  WECHAT_PAY_KEY: text,
  ALIPAY_GATEWAY_URL: text,
  ALIPAY_APP_ID: text,
  ALIPAY_APP_PRIVATE_KEY: text,
  ALIPAY_PUBLIC_KEY: text,
  WALLET_FIRST_QUERY_MS: ms(DEFAULT_QUICK_PAY_TIMING.firstQueryMs),
  WALLET_QUERY_EVERY_MS: ms(DEFAULT_QUICK_PAY_TIMING.queryEveryMs),
  WALLET_GIVE_UP_MS: ms(DEFAULT_QUICK_PAY_TIMING.giveUpAfterMs),
  WALLET_HOLD_MS: ms(10_000),
  WALLET_QR_TTL_MS: ms(120_000),
  WALLET_SIM_QR_PAYS_AFTER_MS: z.coerce.number().int().min(0).optional().default(6_000),
  WALLET_PROVIDER_TIMEOUT_MS: ms(10_000),
  WALLET_RESOLVE_EVERY_MS: z.coerce.number().int().min(0).optional().default(15_000),
  WALLET_DESCRIPTION: z.string().default('Store purchase'),
});

export class WalletSettingsError extends Error {
  override readonly name = 'WalletSettingsError';
}

/** All four of a wallet's variables or none: half an account is a deployment mistake. */
function allOrNone<T>(
  name: string,
  values: readonly (string | undefined)[],
  make: () => T,
): T | undefined {
  const given = values.filter((v) => v !== undefined).length;
  if (given === 0) return undefined;
  if (given !== values.length) {
    throw new WalletSettingsError(
      `Invalid wallet configuration: set all of the ${name} variables or none`,
    );
  }
  return make();
}

export function walletSettingsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
): WalletSettings {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new WalletSettingsError(`Invalid wallet configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  const wechatPay = allOrNone(
    'WECHAT_PAY_*',
    [e.WECHAT_PAY_URL, e.WECHAT_PAY_APP_ID, e.WECHAT_PAY_MCH_ID, e.WECHAT_PAY_KEY],
    () => ({
      url: e.WECHAT_PAY_URL ?? '',
      appId: e.WECHAT_PAY_APP_ID ?? '',
      mchId: e.WECHAT_PAY_MCH_ID ?? '',
      key: e.WECHAT_PAY_KEY ?? '',
    }),
  );
  const alipay = allOrNone(
    'ALIPAY_*',
    [e.ALIPAY_GATEWAY_URL, e.ALIPAY_APP_ID, e.ALIPAY_APP_PRIVATE_KEY, e.ALIPAY_PUBLIC_KEY],
    () => ({
      gatewayUrl: e.ALIPAY_GATEWAY_URL ?? '',
      appId: e.ALIPAY_APP_ID ?? '',
      appPrivateKeyPem: e.ALIPAY_APP_PRIVATE_KEY ?? '',
      alipayPublicKeyPem: e.ALIPAY_PUBLIC_KEY ?? '',
    }),
  );
  return {
    ...(wechatPay === undefined ? {} : { wechatPay }),
    ...(alipay === undefined ? {} : { alipay }),
    timing: {
      firstQueryMs: e.WALLET_FIRST_QUERY_MS,
      queryEveryMs: e.WALLET_QUERY_EVERY_MS,
      giveUpAfterMs: e.WALLET_GIVE_UP_MS,
      reverseTries: DEFAULT_QUICK_PAY_TIMING.reverseTries,
    },
    holdMs: e.WALLET_HOLD_MS,
    qrTtlMs: e.WALLET_QR_TTL_MS,
    simulatedQrPaysAfterMs: e.WALLET_SIM_QR_PAYS_AFTER_MS,
    providerTimeoutMs: e.WALLET_PROVIDER_TIMEOUT_MS,
    resolveEveryMs: e.WALLET_RESOLVE_EVERY_MS,
    description: e.WALLET_DESCRIPTION,
  };
}

export interface WalletProviders {
  get(wallet: Wallet): Promise<WalletProvider>;
  /** Stops the demo simulators this started. */
  close(): Promise<void>;
}

/**
 * The adapters for the configured accounts; a wallet without one gets a simulator, started on
 * first use so a server that never takes a wallet payment never opens its ports.
 */
export function createWalletProviders(
  settings: WalletSettings,
  clock: () => number,
): WalletProviders {
  const started: RunningSimulator[] = [];
  const providers = new Map<Wallet, Promise<WalletProvider>>();
  const simulatedQr =
    settings.simulatedQrPaysAfterMs > 0
      ? { qrDefault: { kind: 'paysAfter', ms: settings.simulatedQrPaysAfterMs } as const }
      : {};
  const common = {
    timeoutMs: settings.providerTimeoutMs,
    ...(settings.fetch === undefined ? {} : { fetch: settings.fetch }),
  };

  async function wechatPayAccount(): Promise<WechatPayAccount> {
    if (settings.wechatPay !== undefined) return settings.wechatPay;
    const simulator = await startWechatPaySimulator({
      merchant: { key: randomBytes(16).toString('hex') },
      ...simulatedQr,
    });
    started.push(simulator);
    return { url: simulator.url, ...simulator.merchant };
  }

  async function alipayAccount(): Promise<AlipayAccount> {
    if (settings.alipay !== undefined) return settings.alipay;
    const app = generateRsaKeyPair();
    const simulator = await startAlipaySimulator({
      appPublicKeyPem: app.publicKeyPem,
      ...simulatedQr,
    });
    started.push(simulator);
    return {
      gatewayUrl: simulator.gatewayUrl,
      appId: simulator.appId,
      appPrivateKeyPem: app.privateKeyPem,
      alipayPublicKeyPem: simulator.alipayPublicKeyPem,
    };
  }

  const make = async (wallet: Wallet): Promise<WalletProvider> => {
    switch (wallet) {
      case 'wechatPay':
        return createWechatPayAdapter({ account: await wechatPayAccount(), ...common });
      case 'alipay':
        return createAlipayAdapter({ account: await alipayAccount(), clock, ...common });
      default: {
        const unknown: never = wallet;
        throw new Error(`Unknown wallet ${String(unknown)}`);
      }
    }
  };

  return {
    get(wallet) {
      let provider = providers.get(wallet);
      if (provider === undefined) {
        provider = make(wallet);
        // A start that failed is tried again on the next payment rather than remembered.
        void provider.catch(() => providers.delete(wallet));
        providers.set(wallet, provider);
      }
      return provider;
    },
    async close() {
      await Promise.all(started.map((s) => s.close()));
    },
  };
}
