// WeChat Pay (merchant API v2) behind the WalletProvider interface: every request signed with the
// merchant key (HMAC-SHA256), every answer's signature checked before a word of it is believed.
// `return_code FAIL` means WeChat did not process the request (bad signature, bad merchant), so it
// is a definite refusal; a bad signature on an answer makes the answer unknown instead.
import { randomBytes } from 'node:crypto';
import type {
  CloseOutcome,
  PrecreateOutcome,
  ProviderFetch,
  QueryOutcome,
  RefundOutcome,
  ReverseOutcome,
  StatementEntry,
  SubmitOutcome,
  WalletProvider,
} from './wallet-provider';
import { unknownFrom } from './wallet-provider';
import { wechatSign, wechatVerify } from './wallet-signing';
import { fromWechatXml, toWechatXml } from './wechat-xml';

export interface WechatPayAccount {
  /** The API root, e.g. https://api.mch.weixin.qq.com (the simulator's URL in the demo). */
  readonly url: string;
  readonly appId: string;
  readonly mchId: string;
  /** The merchant API key: lives only on the central server. */
  readonly key: string;
}

/** yyyyMMddHHmmss in China time, WeChat's format for time_expire. */
function chinaTime(at: number): string {
  return new Date(at + 8 * 3600_000).toISOString().replace(/\D/g, '').slice(0, 14);
}

type Answer =
  | { readonly kind: 'answer'; readonly params: Readonly<Record<string, string>> }
  | { readonly kind: 'refused'; readonly code: string; readonly message: string }
  | { readonly kind: 'unknown'; readonly reason: string };

const REFUSED = 'wallet.providerRefused';

const ORDER_CLOSED = {
  code: 'wallet.orderClosed',
  message: 'This payment was closed; scan again.',
};
/** The merchant's own failures by WeChat error code; anything unlisted is a decline. */
const SUBMIT_FAILURES: Readonly<Record<string, { code: string; message: string }>> = {
  NOTENOUGH: {
    code: 'wallet.insufficientFunds',
    message: 'The customer’s balance is too low: ask for another card in the wallet or cash.',
  },
  AUTHCODEEXPIRE: {
    code: 'wallet.codeExpired',
    message: 'The payment code has expired: ask the customer to refresh it and scan again.',
  },
  AUTH_CODE_INVALID: {
    code: 'wallet.codeInvalid',
    message: 'The payment code is not valid: ask the customer to refresh it and scan again.',
  },
  ORDERCLOSED: ORDER_CLOSED,
  ORDERREVERSED: ORDER_CLOSED,
};
const DECLINED = { code: 'wallet.declined', message: 'The wallet declined the payment.' };
/** Answers that say "ask again later" rather than yes or no. */
const UNCERTAIN = new Set(['SYSTEMERROR', 'BANKERROR', 'ORDERPAID', 'USERPAYING']);

export function createWechatPayAdapter(
  options: Readonly<{
    account: WechatPayAccount;
    timeoutMs: number;
    fetch?: ProviderFetch;
    /** The address WeChat records as the payer's terminal (spbill_create_ip). */
    terminalIp?: string;
    /** Where WeChat would post payment notices (the server polls instead; the field is required). */
    notifyUrl?: string;
  }>,
): WalletProvider {
  const { account } = options;
  const doFetch: ProviderFetch = options.fetch ?? ((url, init) => fetch(url, init));

  async function post(path: string, fields: Record<string, string>): Promise<string> {
    const params: Record<string, string> = {
      appid: account.appId,
      mch_id: account.mchId,
      nonce_str: randomBytes(16).toString('hex'),
      sign_type: 'HMAC-SHA256',
      ...fields,
    };
    const response = await doFetch(new URL(path, account.url).toString(), {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8' },
      body: toWechatXml({ ...params, sign: wechatSign(params, account.key) }),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return response.text();
  }

  async function call(path: string, fields: Record<string, string>): Promise<Answer> {
    let text: string;
    try {
      text = await post(path, fields);
    } catch (error) {
      return unknownFrom(error);
    }
    const parsed = fromWechatXml(text);
    if (!parsed.ok) return { kind: 'unknown', reason: 'the answer is not WeChat Pay XML' };
    const params = parsed.value;
    if (params['return_code'] !== 'SUCCESS') {
      return {
        kind: 'refused',
        code: REFUSED,
        message: `WeChat Pay refused the request (${params['return_msg'] ?? 'no reason'}).`,
      };
    }
    if (!wechatVerify(params, account.key)) {
      return { kind: 'unknown', reason: 'the answer’s signature does not match' };
    }
    return { kind: 'answer', params };
  }

  return {
    wallet: 'wechatPay',
    async submit(order): Promise<SubmitOutcome> {
      const answer = await call('/pay/micropay', {
        body: order.description,
        out_trade_no: order.outTradeNo,
        total_fee: String(order.amount),
        fee_type: order.currency,
        spbill_create_ip: options.terminalIp ?? '127.0.0.1',
        auth_code: order.authCode,
      });
      if (answer.kind !== 'answer') {
        return answer.kind === 'refused' ? { ...answer, kind: 'failed' } : answer;
      }
      const p = answer.params;
      if (p['result_code'] === 'SUCCESS') {
        return { kind: 'paid', transactionId: p['transaction_id'] ?? '' };
      }
      const errCode = p['err_code'] ?? '';
      if (errCode === 'USERPAYING') return { kind: 'userPaying' };
      if (UNCERTAIN.has(errCode)) return { kind: 'unknown', reason: `WeChat Pay said ${errCode}` };
      return { kind: 'failed', ...(SUBMIT_FAILURES[errCode] ?? DECLINED) };
    },
    async precreate(order): Promise<PrecreateOutcome> {
      // A native-pay order: WeChat answers the code_url the customer display draws as a QR.
      const answer = await call('/pay/unifiedorder', {
        body: order.description,
        out_trade_no: order.outTradeNo,
        total_fee: String(order.amount),
        fee_type: order.currency,
        spbill_create_ip: options.terminalIp ?? '127.0.0.1',
        trade_type: 'NATIVE',
        product_id: order.outTradeNo,
        time_expire: chinaTime(order.expiresAt),
        notify_url: options.notifyUrl ?? 'https://localhost/wallet/notify',
      });
      if (answer.kind !== 'answer') {
        return answer.kind === 'refused' ? { ...answer, kind: 'failed' } : answer;
      }
      const p = answer.params;
      const codeUrl = p['code_url'];
      if (p['result_code'] === 'SUCCESS' && codeUrl !== undefined && codeUrl !== '') {
        return { kind: 'created', qrContent: codeUrl };
      }
      if (p['err_code'] === 'SYSTEMERROR')
        return { kind: 'unknown', reason: 'WeChat Pay said SYSTEMERROR' };
      return {
        kind: 'failed',
        code: 'wallet.qrRefused',
        message: p['err_code_des'] ?? 'WeChat Pay would not make a payment QR.',
      };
    },
    async close(outTradeNo): Promise<CloseOutcome> {
      const answer = await call('/pay/closeorder', { out_trade_no: outTradeNo });
      if (answer.kind !== 'answer') return answer;
      const p = answer.params;
      if (p['result_code'] === 'SUCCESS') return { kind: 'closed' };
      const errCode = p['err_code'] ?? '';
      if (errCode === 'ORDERPAID') return { kind: 'alreadyPaid' };
      if (errCode === 'ORDERCLOSED') return { kind: 'closed' };
      if (errCode === 'SYSTEMERROR')
        return { kind: 'unknown', reason: 'WeChat Pay said SYSTEMERROR' };
      return {
        kind: 'refused',
        code: 'wallet.closeRefused',
        message: p['err_code_des'] ?? `WeChat Pay said ${errCode}`,
      };
    },
    async query(outTradeNo): Promise<QueryOutcome> {
      const answer = await call('/pay/orderquery', { out_trade_no: outTradeNo });
      if (answer.kind === 'refused') return { kind: 'unknown', reason: answer.message };
      if (answer.kind === 'unknown') return answer;
      const p = answer.params;
      if (p['result_code'] !== 'SUCCESS') {
        return p['err_code'] === 'ORDERNOTEXIST'
          ? { kind: 'notFound' }
          : { kind: 'unknown', reason: `WeChat Pay said ${p['err_code'] ?? 'FAIL'}` };
      }
      switch (p['trade_state'] ?? '') {
        case 'SUCCESS':
        case 'REFUND':
          return {
            kind: 'paid',
            transactionId: p['transaction_id'] ?? '',
            amount: Number(p['total_fee']),
          };
        case 'USERPAYING':
        case 'NOTPAY':
          return { kind: 'userPaying' };
        case 'CLOSED':
        case 'REVOKED':
          return { kind: 'failed', ...ORDER_CLOSED };
        case 'PAYERROR':
          return { kind: 'failed', ...DECLINED };
        default:
          return { kind: 'unknown', reason: `trade state ${p['trade_state'] ?? 'missing'}` };
      }
    },
    async reverse(outTradeNo): Promise<ReverseOutcome> {
      const answer = await call('/secapi/pay/reverse', { out_trade_no: outTradeNo });
      // A refusal or an unknown answer already has the outcome's shape.
      if (answer.kind !== 'answer') return answer;
      const p = answer.params;
      if (p['result_code'] === 'SUCCESS') {
        // recall=Y: WeChat asks the merchant to call reverse again.
        return p['recall'] === 'Y'
          ? { kind: 'unknown', reason: 'WeChat Pay asked to reverse again' }
          : { kind: 'reversed' };
      }
      const errCode = p['err_code'] ?? '';
      if (errCode === 'SYSTEMERROR' || errCode === 'USERPAYING') {
        return { kind: 'unknown', reason: `WeChat Pay said ${errCode}` };
      }
      return {
        kind: 'refused',
        code: 'wallet.reverseRefused',
        message: p['err_code_des'] ?? `WeChat Pay said ${errCode}`,
      };
    },
    async refund(order): Promise<RefundOutcome> {
      const answer = await call('/secapi/pay/refund', {
        out_trade_no: order.outTradeNo,
        out_refund_no: order.outRefundNo,
        total_fee: String(order.total),
        refund_fee: String(order.amount),
        refund_fee_type: order.currency,
      });
      // A refusal or an unknown answer already has the outcome's shape.
      if (answer.kind !== 'answer') return answer;
      const p = answer.params;
      if (p['result_code'] === 'SUCCESS')
        return { kind: 'refunded', refundId: p['refund_id'] ?? '' };
      if (p['err_code'] === 'SYSTEMERROR')
        return { kind: 'unknown', reason: 'WeChat Pay said SYSTEMERROR' };
      return {
        kind: 'refused',
        code: 'wallet.refundRefused',
        message: p['err_code_des'] ?? 'WeChat Pay refused the refund.',
      };
    },
    async statement(day) {
      let text: string;
      try {
        text = await post('/pay/downloadbill', {
          bill_date: day.replaceAll('-', ''),
          bill_type: 'ALL',
        });
      } catch (error) {
        return unknownFrom(error);
      }
      if (text.trimStart().startsWith('<xml>')) {
        const parsed = fromWechatXml(text);
        const message = parsed.ok ? (parsed.value['return_msg'] ?? '') : 'unreadable';
        // No bill for a day without payments is an answer, not a failure.
        return /no bill exist/i.test(message)
          ? { kind: 'statement', entries: [] }
          : { kind: 'unknown', reason: `WeChat Pay refused the bill (${message})` };
      }
      const entries: StatementEntry[] = [];
      for (const line of text.split('\n').slice(1)) {
        if (line.trim() === '') continue;
        const [paidAt, transactionId, outTradeNo, total, refunded, currency] = line
          .split(',')
          .map((field) => field.replace(/^`/, ''));
        entries.push({
          outTradeNo: outTradeNo ?? '',
          transactionId: transactionId ?? '',
          amount: Number(total),
          refundedAmount: Number(refunded),
          currency: currency ?? 'CNY',
          paidAt: Number(paidAt),
        });
      }
      return { kind: 'statement', entries };
    },
  };
}
