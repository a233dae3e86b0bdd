// The two wallet provider simulators (sync/server/payments/simulators) for tests outside the
// server's folder: started on loopback, with the environment a central server reads to use them.
import type { AlipaySimulator } from '../sync/server/payments/simulators/alipay-simulator';
import { startAlipaySimulator } from '../sync/server/payments/simulators/alipay-simulator';
import type { WechatPaySimulator } from '../sync/server/payments/simulators/wechat-pay-simulator';
import { startWechatPaySimulator } from '../sync/server/payments/simulators/wechat-pay-simulator';
import { generateRsaKeyPair } from '../sync/server/payments/wallet-signing';

export { freePort } from '../sync/server/testing/free-port';

export interface WalletProvidersFixture {
  readonly wechat: WechatPaySimulator;
  readonly alipay: AlipaySimulator;
  /** WECHAT_PAY_* and ALIPAY_* pointing a server at the simulators (see docs/wallet-payments.md). */
  readonly env: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

export async function startWalletProviders(): Promise<WalletProvidersFixture> {
  const app = generateRsaKeyPair();
  const wechat = await startWechatPaySimulator();
  const alipay = await startAlipaySimulator({ appPublicKeyPem: app.publicKeyPem });
  return {
    wechat,
    alipay,
    env: {
      WECHAT_PAY_URL: wechat.url,
      WECHAT_PAY_APP_ID: wechat.merchant.appId,
      WECHAT_PAY_MCH_ID: wechat.merchant.mchId,
      WECHAT_PAY_KEY: wechat.merchant.key,
      ALIPAY_GATEWAY_URL: alipay.gatewayUrl,
      ALIPAY_APP_ID: alipay.appId,
      ALIPAY_APP_PRIVATE_KEY: app.privateKeyPem,
      ALIPAY_PUBLIC_KEY: alipay.alipayPublicKeyPem,
    },
    async close() {
      await wechat.close();
      await alipay.close();
    },
  };
}
