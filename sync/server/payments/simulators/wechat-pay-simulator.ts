// A WeChat Pay stand-in speaking the v2 merchant API's quick-pay ("micropay") and native (the
// store's QR) flows: XML bodies, HMAC-SHA256 signatures with the merchant key checked on every
// request and put on every answer. Paths: /pay/micropay, /pay/unifiedorder, /pay/orderquery,
// /secapi/pay/reverse, /pay/closeorder, /secapi/pay/refund, /pay/downloadbill.
import { randomBytes } from 'node:crypto';
import { wechatSign, wechatVerify } from '../wallet-signing';
import { fromWechatXml, toWechatXml } from '../wechat-xml';
import type {
  CallKind,
  ScriptedQrOutcome,
  SimulatedLedger,
  SimulatedOrder,
  SubmitAnswer,
} from './simulated-ledger';
import { createSimulatedLedger, refundedOf } from './simulated-ledger';
import type { RunningSimulator, SimulatorAnswer } from './simulator-server';
import { serveSimulator } from './simulator-server';

export interface WechatPayMerchant {
  readonly appId: string;
  readonly mchId: string;
  /** The API key both ends sign with (32 characters in the real service). */
  readonly key: string;
}

export interface WechatPaySimulator extends RunningSimulator {
  readonly merchant: WechatPayMerchant;
  readonly ledger: SimulatedLedger;
}

const PATHS: Readonly<Record<string, CallKind>> = {
  '/pay/micropay': 'submit',
  '/pay/unifiedorder': 'precreate',
  '/pay/orderquery': 'query',
  '/secapi/pay/reverse': 'reverse',
  '/pay/closeorder': 'close',
  '/secapi/pay/refund': 'refund',
  '/pay/downloadbill': 'statement',
};

function timeEnd(at: number): string {
  return new Date(at + 8 * 3600_000).toISOString().replace(/\D/g, '').slice(0, 14);
}

/** `time_expire` (yyyyMMddHHmmss, China time) back to epoch ms. */
function fromChinaTime(text: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (m === null) return Number.NaN;
  const [, y, mo, d, h, mi, se] = m.map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return Date.UTC(y, mo - 1, d, h, mi, se) - 8 * 3600_000;
}

export async function startWechatPaySimulator(
  options: Readonly<{
    merchant?: Partial<WechatPayMerchant>;
    clock?: () => number;
    port?: number;
    qrDefault?: ScriptedQrOutcome;
  }> = {},
): Promise<WechatPaySimulator> {
  const merchant: WechatPayMerchant = {
    appId: options.merchant?.appId ?? 'wx0000000000demo',
    mchId: options.merchant?.mchId ?? '1900000109',
    key: options.merchant?.key ?? randomBytes(16).toString('hex'),
  };
  const ledger = createSimulatedLedger({
    wallet: 'wechatPay',
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.qrDefault === undefined ? {} : { qrDefault: options.qrDefault }),
  });

  const xml = (params: Record<string, string>, tamper = false): SimulatorAnswer => {
    const signed = { ...params, nonce_str: randomBytes(8).toString('hex') };
    let sign = wechatSign(signed, merchant.key);
    if (tamper) sign = `${sign.slice(0, -1)}${sign.endsWith('0') ? '1' : '0'}`;
    return {
      kind: 'answer',
      status: 200,
      contentType: 'text/xml',
      body: toWechatXml({ ...signed, sign }),
    };
  };
  const communicationFailure = (message: string): SimulatorAnswer => ({
    kind: 'answer',
    status: 200,
    contentType: 'text/xml',
    body: toWechatXml({ return_code: 'FAIL', return_msg: message }),
  });
  const base = {
    return_code: 'SUCCESS',
    return_msg: 'OK',
    appid: merchant.appId,
    mch_id: merchant.mchId,
  };
  const fail = (errCode: string, description: string) => ({
    ...base,
    result_code: 'FAIL',
    err_code: errCode,
    err_code_des: description,
  });
  const paidFields = (order: SimulatedOrder) => ({
    transaction_id: order.transactionId,
    out_trade_no: order.outTradeNo,
    total_fee: String(order.amount),
    fee_type: order.currency,
    trade_type: order.qr === undefined ? 'MICROPAY' : 'NATIVE',
    time_end: timeEnd(order.paidAt ?? order.createdAt),
  });
  const failureOf = (order: SimulatedOrder): Record<string, string> => {
    switch (order.failure) {
      case 'insufficientFunds':
        return fail('NOTENOUGH', 'Balance not enough');
      case 'codeExpired':
        return fail('AUTHCODEEXPIRE', 'The payment code has expired');
      case 'codeInvalid':
        return fail('AUTH_CODE_INVALID', 'The payment code is not valid');
      case 'declined':
      case undefined:
        return order.state === 'closed'
          ? fail('ORDERCLOSED', 'The order is closed')
          : order.state === 'reversed'
            ? fail('ORDERREVERSED', 'The order was reversed')
            : fail('PAYERROR', 'The payment was declined');
      default: {
        const unknown: never = order.failure;
        throw new Error(`Unknown failure ${String(unknown)}`);
      }
    }
  };
  const tradeState = (order: SimulatedOrder): string => {
    switch (order.state) {
      case 'paid':
        return order.refunds.size > 0 ? 'REFUND' : 'SUCCESS';
      case 'userPaying':
        // A QR nobody has paid yet is NOTPAY; a code being confirmed on the phone USERPAYING.
        return order.qr === undefined ? 'USERPAYING' : 'NOTPAY';
      case 'failed':
        return 'PAYERROR';
      case 'closed':
        return 'CLOSED';
      case 'reversed':
        return 'REVOKED';
      default: {
        const unknown: never = order.state;
        throw new Error(`Unknown order state ${String(unknown)}`);
      }
    }
  };

  /** The answer's fields (or the bill's text), and whether a script says the answer is lost. */
  function handle(
    kind: CallKind,
    p: Record<string, string>,
  ): { readonly answer: Record<string, string> | string; readonly lost: boolean } {
    if (kind === 'submit') {
      const amount = Number(p['total_fee']);
      if (!Number.isSafeInteger(amount) || amount <= 0) {
        return { answer: fail('PARAM_ERROR', 'total_fee'), lost: false };
      }
      const { answer, dropAnswer } = ledger.submit({
        outTradeNo: p['out_trade_no'] ?? '',
        amount,
        currency: p['fee_type'] ?? 'CNY',
        authCode: p['auth_code'] ?? '',
      });
      return { answer: submitAnswer(answer), lost: dropAnswer };
    }
    return { answer: handleOther(kind, p), lost: false };
  }

  function submitAnswer(answer: SubmitAnswer): Record<string, string> {
    switch (answer.kind) {
      case 'paid':
        return { ...base, result_code: 'SUCCESS', ...paidFields(answer.order) };
      case 'failed':
        return failureOf(answer.order);
      case 'userPaying':
        return fail('USERPAYING', 'The customer is entering the password');
      case 'systemError':
        return fail('SYSTEMERROR', 'System error, query the order');
      case 'codeInvalid':
        return fail('AUTH_CODE_INVALID', 'The payment code is not valid');
      default: {
        const unknown: never = answer;
        throw new Error(`Unknown answer ${JSON.stringify(unknown)}`);
      }
    }
  }

  function handleOther(
    kind: Exclude<CallKind, 'submit'>,
    p: Record<string, string>,
  ): Record<string, string> | string {
    switch (kind) {
      case 'query': {
        const order = ledger.query(p['out_trade_no'] ?? '');
        if (order === undefined) return fail('ORDERNOTEXIST', 'No such order');
        return {
          ...base,
          result_code: 'SUCCESS',
          trade_state: tradeState(order),
          out_trade_no: order.outTradeNo,
          ...(order.paidAt === undefined ? {} : paidFields(order)),
        };
      }
      case 'precreate': {
        const amount = Number(p['total_fee']);
        const expiresAt = fromChinaTime(p['time_expire'] ?? '');
        if (!Number.isSafeInteger(amount) || amount <= 0) return fail('PARAM_ERROR', 'total_fee');
        if (p['trade_type'] !== 'NATIVE' || Number.isNaN(expiresAt)) {
          return fail('PARAM_ERROR', 'trade_type NATIVE and time_expire are needed');
        }
        const order = ledger.precreate({
          outTradeNo: p['out_trade_no'] ?? '',
          amount,
          currency: p['fee_type'] ?? 'CNY',
          expiresAt,
        });
        if (order.qr === undefined || order.amount !== amount) {
          return fail('INVALID_REQUEST', 'This order number was used for another payment');
        }
        return {
          ...base,
          result_code: 'SUCCESS',
          trade_type: 'NATIVE',
          prepay_id: `wx${order.transactionId}`,
          code_url: order.qr.content,
        };
      }
      case 'close': {
        const answer = ledger.close(p['out_trade_no'] ?? '');
        return answer.kind === 'closed'
          ? { ...base, result_code: 'SUCCESS' }
          : fail('ORDERPAID', 'The order has been paid');
      }
      case 'reverse': {
        const answer = ledger.reverse(p['out_trade_no'] ?? '');
        return answer.kind === 'reversed'
          ? { ...base, result_code: 'SUCCESS', recall: 'N' }
          : fail('TRADE_STATE_ERROR', 'A refunded order cannot be reversed');
      }
      case 'refund': {
        const answer = ledger.refund(
          p['out_trade_no'] ?? '',
          p['out_refund_no'] ?? '',
          Number(p['refund_fee']),
        );
        if (answer.kind === 'refunded') {
          return {
            ...base,
            result_code: 'SUCCESS',
            out_trade_no: p['out_trade_no'] ?? '',
            out_refund_no: p['out_refund_no'] ?? '',
            refund_id: answer.refundId,
            refund_fee: p['refund_fee'] ?? '',
          };
        }
        return answer.reason === 'notFound'
          ? fail('ORDERNOTEXIST', 'No such order')
          : answer.reason === 'notPaid'
            ? fail('TRADE_STATE_ERROR', 'The order is not paid')
            : fail('ERROR', 'The refund is more than was paid');
      }
      case 'statement': {
        const date = p['bill_date'] ?? '';
        const day = `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`;
        // The real bill is text, one backtick before each field, not signed.
        const rows = ledger
          .statement(day)
          .map((o) =>
            [o.paidAt ?? 0, o.transactionId, o.outTradeNo, o.amount, refundedOf(o), o.currency]
              .map((v) => `\`${v}`)
              .join(','),
          );
        return ['paid_at,transaction_id,out_trade_no,total_fee,refund_fee,fee_type', ...rows].join(
          '\n',
        );
      }
      default: {
        const unknown: never = kind;
        throw new Error(`Unknown call ${String(unknown)}`);
      }
    }
  }

  const running = await serveSimulator(({ method, path, body }) => {
    const kind = PATHS[path];
    if (method !== 'POST' || kind === undefined) {
      return { kind: 'answer', status: 404, contentType: 'text/plain', body: 'not found' };
    }
    const parsed = fromWechatXml(body);
    if (!parsed.ok) return communicationFailure('XML_FORMAT_ERROR');
    const params = parsed.value;
    if (params['appid'] !== merchant.appId || params['mch_id'] !== merchant.mchId) {
      return communicationFailure('APPID_MCHID_NOT_MATCH');
    }
    if (params['sign_type'] !== 'HMAC-SHA256' || !wechatVerify(params, merchant.key)) {
      ledger.countRequest('refusedSignature');
      return communicationFailure('SIGNERROR');
    }
    ledger.countRequest(kind);
    const fault = ledger.takeFault(kind);
    const { answer: answered, lost } = handle(kind, params);
    if (lost || fault === 'dropAnswer') return { kind: 'drop' };
    if (typeof answered === 'string') {
      return { kind: 'answer', status: 200, contentType: 'text/plain', body: answered };
    }
    return xml(answered, fault === 'tamperAnswer');
  }, options.port);
  return { ...running, merchant, ledger };
}
