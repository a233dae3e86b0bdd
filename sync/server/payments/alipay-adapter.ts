// Alipay (open platform, bar-code pay) behind the WalletProvider interface: requests form-encoded
// to the gateway with `biz_content` JSON, signed RSA2 with the merchant's app private key; every
// answer's `sign` checked with Alipay's public key over the answer node's exact text.
import { parseDecimal, toDecimalString } from '../../../app/money';
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
import { rsa2Sign, rsa2Verify, signingText } from './wallet-signing';

export interface AlipayAccount {
  /** e.g. https://openapi.alipay.com/gateway.do (the simulator's in the demo). */
  readonly gatewayUrl: string;
  readonly appId: string;
  /** The merchant's app private key: lives only on the central server. */
  readonly appPrivateKeyPem: string;
  readonly alipayPublicKeyPem: string;
}

type Node = Readonly<Record<string, string | undefined>>;

type Answer =
  | { readonly kind: 'answer'; readonly node: Node }
  | { readonly kind: 'refused'; readonly code: string; readonly message: string }
  | { readonly kind: 'unknown'; readonly reason: string };

/** The text of `"key": { … }` in a JSON document, exactly as sent: the signature covers it. */
export function jsonMemberText(json: string, key: string): string | undefined {
  const marker = `"${key}":`;
  const at = json.indexOf(marker);
  if (at < 0) return undefined;
  let i = at + marker.length;
  while (json[i] === ' ') i += 1;
  if (json[i] !== '{') return undefined;
  let depth = 0;
  let inString = false;
  for (let j = i; j < json.length; j += 1) {
    const c = json[j];
    if (inString) {
      if (c === '\\') j += 1;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth += 1;
    else if (c === '}') {
      depth -= 1;
      if (depth === 0) return json.slice(i, j + 1);
    }
  }
  return undefined;
}

function chinaTimestamp(at: number): string {
  return new Date(at + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

const DECLINED = { code: 'wallet.declined', message: 'The wallet declined the payment.' };
const CLOSED = { code: 'wallet.orderClosed', message: 'This payment was closed; scan again.' };
const SUBMIT_FAILURES: Readonly<Record<string, { code: string; message: string }>> = {
  'ACQ.BUYER_BALANCE_NOT_ENOUGH': {
    code: 'wallet.insufficientFunds',
    message: 'The customer’s balance is too low: ask for another card in the wallet or cash.',
  },
  'ACQ.PAYMENT_AUTH_CODE_INVALID': {
    code: 'wallet.codeInvalid',
    message: 'The payment code is not valid or has expired: ask the customer to refresh it.',
  },
  'ACQ.TRADE_HAS_CLOSE': CLOSED,
};
const UNCERTAIN = new Set(['ACQ.SYSTEM_ERROR', 'aop.ACQ.SYSTEM_ERROR', 'ACQ.TRADE_HAS_SUCCESS']);

export function createAlipayAdapter(
  options: Readonly<{
    account: AlipayAccount;
    timeoutMs: number;
    clock: () => number;
    fetch?: ProviderFetch;
  }>,
): WalletProvider {
  const { account } = options;
  const doFetch: ProviderFetch = options.fetch ?? ((url, init) => fetch(url, init));

  async function call(method: string, biz: Record<string, string>): Promise<Answer> {
    const params: Record<string, string> = {
      app_id: account.appId,
      method,
      format: 'JSON',
      charset: 'utf-8',
      sign_type: 'RSA2',
      timestamp: chinaTimestamp(options.clock()),
      version: '1.0',
      biz_content: JSON.stringify(biz),
    };
    const body = new URLSearchParams({
      ...params,
      sign: rsa2Sign(signingText(params), account.appPrivateKeyPem),
    });
    let text: string;
    try {
      const response = await doFetch(account.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
        body: body.toString(),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      text = await response.text();
    } catch (error) {
      return unknownFrom(error);
    }
    const nodeText = jsonMemberText(text, `${method.replaceAll('.', '_')}_response`);
    const sign = /"sign"\s*:\s*"([^"]*)"/.exec(text.slice(text.lastIndexOf('"sign"')))?.[1];
    if (nodeText === undefined || sign === undefined) {
      return { kind: 'unknown', reason: 'the answer is not an Alipay answer' };
    }
    if (!rsa2Verify(nodeText, sign, account.alipayPublicKeyPem)) {
      return { kind: 'unknown', reason: 'the answer’s signature does not match' };
    }
    const node = JSON.parse(nodeText) as Node;
    if (node['code'] === '40002') {
      // Alipay would not read the request (signature, app id): nothing was processed.
      return {
        kind: 'refused',
        code: 'wallet.providerRefused',
        message: `Alipay refused the request (${node['sub_code'] ?? node['msg'] ?? 'no reason'}).`,
      };
    }
    return { kind: 'answer', node };
  }

  const amountOf = (text: string | undefined): number => {
    const parsed = parseDecimal(text ?? '', 'CNY');
    return parsed.ok ? parsed.value : Number.NaN;
  };

  return {
    wallet: 'alipay',
    async submit(order): Promise<SubmitOutcome> {
      const answer = await call('alipay.trade.pay', {
        out_trade_no: order.outTradeNo,
        scene: 'bar_code',
        auth_code: order.authCode,
        subject: order.description,
        total_amount: toDecimalString(order.amount, order.currency),
      });
      if (answer.kind !== 'answer') {
        return answer.kind === 'refused' ? { ...answer, kind: 'failed' } : answer;
      }
      const node = answer.node;
      switch (node['code'] ?? '') {
        case '10000':
          return { kind: 'paid', transactionId: node['trade_no'] ?? '' };
        case '10003':
          return { kind: 'userPaying' };
        case '40004': {
          const subCode = node['sub_code'] ?? '';
          if (UNCERTAIN.has(subCode)) return { kind: 'unknown', reason: `Alipay said ${subCode}` };
          return { kind: 'failed', ...(SUBMIT_FAILURES[subCode] ?? DECLINED) };
        }
        default:
          // 20000 and anything unexpected: the payment may exist.
          return { kind: 'unknown', reason: `Alipay said ${node['code'] ?? 'nothing'}` };
      }
    },
    async precreate(order): Promise<PrecreateOutcome> {
      const answer = await call('alipay.trade.precreate', {
        out_trade_no: order.outTradeNo,
        subject: order.description,
        total_amount: toDecimalString(order.amount, order.currency),
        time_expire: chinaTimestamp(order.expiresAt),
      });
      if (answer.kind !== 'answer') {
        return answer.kind === 'refused' ? { ...answer, kind: 'failed' } : answer;
      }
      const node = answer.node;
      const qrCode = node['qr_code'];
      if (node['code'] === '10000' && qrCode !== undefined && qrCode !== '') {
        return { kind: 'created', qrContent: qrCode };
      }
      if (node['code'] === '40004') {
        return {
          kind: 'failed',
          code: 'wallet.qrRefused',
          message: node['sub_msg'] ?? 'Alipay would not make a payment QR.',
        };
      }
      return { kind: 'unknown', reason: `Alipay said ${node['code'] ?? 'nothing'}` };
    },
    async close(outTradeNo): Promise<CloseOutcome> {
      const answer = await call('alipay.trade.close', { out_trade_no: outTradeNo });
      if (answer.kind !== 'answer') return answer;
      const node = answer.node;
      if (node['code'] === '10000') return { kind: 'closed' };
      if (node['code'] === '40004') {
        // A trade Alipay never created (not scanned yet) cannot be paid either.
        if (node['sub_code'] === 'ACQ.TRADE_NOT_EXIST') return { kind: 'closed' };
        if (node['sub_code'] === 'ACQ.TRADE_STATUS_ERROR') return { kind: 'alreadyPaid' };
        return {
          kind: 'refused',
          code: 'wallet.closeRefused',
          message: node['sub_msg'] ?? 'Alipay refused to close the trade.',
        };
      }
      return { kind: 'unknown', reason: `Alipay said ${node['code'] ?? 'nothing'}` };
    },
    async query(outTradeNo): Promise<QueryOutcome> {
      const answer = await call('alipay.trade.query', { out_trade_no: outTradeNo });
      if (answer.kind === 'refused') return { kind: 'unknown', reason: answer.message };
      if (answer.kind === 'unknown') return answer;
      const node = answer.node;
      if (node['code'] === '40004' && node['sub_code'] === 'ACQ.TRADE_NOT_EXIST') {
        return { kind: 'notFound' };
      }
      if (node['code'] !== '10000') {
        return { kind: 'unknown', reason: `Alipay said ${node['sub_code'] ?? node['code'] ?? ''}` };
      }
      switch (node['trade_status'] ?? '') {
        case 'TRADE_SUCCESS':
        case 'TRADE_FINISHED':
          return {
            kind: 'paid',
            transactionId: node['trade_no'] ?? '',
            amount: amountOf(node['total_amount']),
          };
        case 'WAIT_BUYER_PAY':
          return { kind: 'userPaying' };
        case 'TRADE_CLOSED':
          return { kind: 'failed', ...CLOSED };
        default:
          return { kind: 'unknown', reason: `trade status ${node['trade_status'] ?? 'missing'}` };
      }
    },
    async reverse(outTradeNo): Promise<ReverseOutcome> {
      const answer = await call('alipay.trade.cancel', { out_trade_no: outTradeNo });
      // A refusal or an unknown answer already has the outcome's shape.
      if (answer.kind !== 'answer') return answer;
      const node = answer.node;
      if (node['code'] === '10000') {
        return node['retry_flag'] === 'Y'
          ? { kind: 'unknown', reason: 'Alipay asked to cancel again' }
          : { kind: 'reversed' };
      }
      if (node['code'] === '40004') {
        return {
          kind: 'refused',
          code: 'wallet.reverseRefused',
          message: node['sub_msg'] ?? 'Alipay refused to cancel.',
        };
      }
      return { kind: 'unknown', reason: `Alipay said ${node['code'] ?? 'nothing'}` };
    },
    async refund(order): Promise<RefundOutcome> {
      const answer = await call('alipay.trade.refund', {
        out_trade_no: order.outTradeNo,
        out_request_no: order.outRefundNo,
        refund_amount: toDecimalString(order.amount, order.currency),
      });
      // A refusal or an unknown answer already has the outcome's shape.
      if (answer.kind !== 'answer') return answer;
      const node = answer.node;
      if (node['code'] === '10000') {
        return { kind: 'refunded', refundId: `${node['trade_no'] ?? ''}#${order.outRefundNo}` };
      }
      if (node['code'] === '40004') {
        return {
          kind: 'refused',
          code: 'wallet.refundRefused',
          message: node['sub_msg'] ?? 'Alipay refused the refund.',
        };
      }
      return { kind: 'unknown', reason: `Alipay said ${node['code'] ?? 'nothing'}` };
    },
    async statement(day) {
      const answer = await call('alipay.data.dataservice.bill.downloadurl.query', {
        bill_type: 'trade',
        bill_date: day,
      });
      if (answer.kind !== 'answer') {
        return {
          kind: 'unknown',
          reason: answer.kind === 'refused' ? answer.message : answer.reason,
        };
      }
      const url = answer.node['bill_download_url'];
      if (answer.node['code'] !== '10000' || url === undefined) {
        return { kind: 'unknown', reason: `Alipay said ${answer.node['sub_code'] ?? 'no bill'}` };
      }
      let text: string;
      try {
        const response = await doFetch(url, {
          method: 'GET',
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        text = await response.text();
      } catch (error) {
        return unknownFrom(error);
      }
      const entries: StatementEntry[] = [];
      for (const line of text.split('\n').slice(1)) {
        if (line.trim() === '') continue;
        const [transactionId, outTradeNo, total, refunded, paidAt, currency] = line.split(',');
        entries.push({
          outTradeNo: outTradeNo ?? '',
          transactionId: transactionId ?? '',
          amount: amountOf(total),
          refundedAmount: amountOf(refunded),
          currency: currency ?? 'CNY',
          paidAt: Number(paidAt),
        });
      }
      return { kind: 'statement', entries };
    },
  };
}
