// An Alipay stand-in speaking the open platform's bar-code pay flow: form-encoded requests to
// /gateway.do (`method`, `app_id`, `biz_content` JSON, …) signed RSA2 with the merchant's app key
// and checked with its public key; JSON answers signed with the simulated Alipay's own key pair,
// made at start. Methods: alipay.trade.pay / precreate (the store's QR) / query / cancel / close /
// refund and alipay.data.dataservice.bill.downloadurl.query (the bill is a plain CSV here, not a
// zip).
import { randomBytes } from 'node:crypto';
import { parseDecimal, toDecimalString } from '../../../../app/money';
import type { RsaKeyPair } from '../wallet-signing';
import { generateRsaKeyPair, rsa2Sign, rsa2Verify, signingText } from '../wallet-signing';
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

export interface AlipaySimulator extends RunningSimulator {
  readonly appId: string;
  /** Where merchants post: `${url}/gateway.do`. */
  readonly gatewayUrl: string;
  /** The key merchants check answers with. */
  readonly alipayPublicKeyPem: string;
  readonly ledger: SimulatedLedger;
}

const METHODS: Readonly<Record<string, CallKind>> = {
  'alipay.trade.pay': 'submit',
  'alipay.trade.precreate': 'precreate',
  'alipay.trade.query': 'query',
  'alipay.trade.cancel': 'reverse',
  'alipay.trade.close': 'close',
  'alipay.trade.refund': 'refund',
  'alipay.data.dataservice.bill.downloadurl.query': 'statement',
};

type Node = Record<string, string>;

const success = (fields: Node = {}): Node => ({ code: '10000', msg: 'Success', ...fields });
const business = (subCode: string, subMsg: string): Node => ({
  code: '40004',
  msg: 'Business Failed',
  sub_code: subCode,
  sub_msg: subMsg,
});

function yuan(amount: number): string {
  return toDecimalString(amount, 'CNY');
}

export async function startAlipaySimulator(
  options: Readonly<{
    appId?: string;
    /** The merchant's app public key (uploaded to Alipay in real life). */
    appPublicKeyPem: string;
    clock?: () => number;
    port?: number;
    /** Alipay's own pair; made fresh when not given. */
    alipayKeys?: RsaKeyPair;
    qrDefault?: ScriptedQrOutcome;
  }>,
): Promise<AlipaySimulator> {
  const appId = options.appId ?? '2021000000000000';
  const keys = options.alipayKeys ?? generateRsaKeyPair();
  const ledger = createSimulatedLedger({
    wallet: 'alipay',
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.qrDefault === undefined ? {} : { qrDefault: options.qrDefault }),
  });
  const bills = new Map<string, string>();
  let baseUrl = '';

  const failureOf = (order: SimulatedOrder): Node => {
    switch (order.failure) {
      case 'insufficientFunds':
        return business('ACQ.BUYER_BALANCE_NOT_ENOUGH', 'Balance not enough');
      case 'codeExpired':
      case 'codeInvalid':
        return business('ACQ.PAYMENT_AUTH_CODE_INVALID', 'The payment code is not valid');
      case 'declined':
      case undefined:
        return order.state === 'failed'
          ? business('ACQ.PAYMENT_FAIL', 'The payment was declined')
          : business('ACQ.TRADE_HAS_CLOSE', 'The trade is closed');
      default: {
        const unknown: never = order.failure;
        throw new Error(`Unknown failure ${String(unknown)}`);
      }
    }
  };
  const paidFields = (order: SimulatedOrder): Node => ({
    trade_no: order.transactionId,
    out_trade_no: order.outTradeNo,
    total_amount: yuan(order.amount),
    gmt_payment: String(order.paidAt ?? order.createdAt),
  });
  const submitNode = (answer: SubmitAnswer): Node => {
    switch (answer.kind) {
      case 'paid':
        return success(paidFields(answer.order));
      case 'failed':
        return failureOf(answer.order);
      case 'userPaying':
        return {
          code: '10003',
          msg: 'Waiting user confirm',
          out_trade_no: answer.order.outTradeNo,
        };
      case 'systemError':
        return {
          code: '20000',
          msg: 'Service Currently Unavailable',
          sub_code: 'aop.ACQ.SYSTEM_ERROR',
        };
      case 'codeInvalid':
        return business('ACQ.PAYMENT_AUTH_CODE_INVALID', 'The payment code is not valid');
      default: {
        const unknown: never = answer;
        throw new Error(`Unknown answer ${JSON.stringify(unknown)}`);
      }
    }
  };
  const tradeStatus = (order: SimulatedOrder): string => {
    switch (order.state) {
      case 'paid':
        return refundedOf(order) === order.amount ? 'TRADE_CLOSED' : 'TRADE_SUCCESS';
      case 'userPaying':
        return 'WAIT_BUYER_PAY';
      case 'failed':
      case 'closed':
      case 'reversed':
        return 'TRADE_CLOSED';
      default: {
        const unknown: never = order.state;
        throw new Error(`Unknown order state ${String(unknown)}`);
      }
    }
  };

  function handle(kind: CallKind, biz: Node): { readonly node: Node; readonly lost: boolean } {
    const outTradeNo = biz['out_trade_no'] ?? '';
    switch (kind) {
      case 'submit': {
        const amount = parseDecimal(biz['total_amount'] ?? '', 'CNY');
        if (!amount.ok || amount.value <= 0) {
          return { node: business('ACQ.INVALID_PARAMETER', 'total_amount'), lost: false };
        }
        const { answer, dropAnswer } = ledger.submit({
          outTradeNo,
          amount: amount.value,
          currency: biz['trans_currency'] ?? 'CNY',
          authCode: biz['auth_code'] ?? '',
        });
        return { node: submitNode(answer), lost: dropAnswer };
      }
      case 'query': {
        const order = ledger.query(outTradeNo);
        const node =
          order === undefined
            ? business('ACQ.TRADE_NOT_EXIST', 'No such trade')
            : success({
                out_trade_no: outTradeNo,
                trade_status: tradeStatus(order),
                ...(order.paidAt === undefined ? {} : paidFields(order)),
              });
        return { node, lost: false };
      }
      case 'precreate': {
        const amount = parseDecimal(biz['total_amount'] ?? '', 'CNY');
        const expiresAt = Date.parse(`${(biz['time_expire'] ?? '').replace(' ', 'T')}+08:00`);
        if (!amount.ok || amount.value <= 0 || Number.isNaN(expiresAt)) {
          return {
            node: business('ACQ.INVALID_PARAMETER', 'total_amount, time_expire'),
            lost: false,
          };
        }
        const order = ledger.precreate({
          outTradeNo,
          amount: amount.value,
          currency: 'CNY',
          expiresAt,
        });
        const node =
          order.qr === undefined || order.amount !== amount.value
            ? business('ACQ.CONTEXT_INCONSISTENT', 'This order number was used for another trade')
            : success({ out_trade_no: outTradeNo, qr_code: order.qr.content });
        return { node, lost: false };
      }
      case 'close': {
        const answer = ledger.close(outTradeNo);
        const node =
          answer.kind === 'closed'
            ? success({ out_trade_no: outTradeNo })
            : business('ACQ.TRADE_STATUS_ERROR', 'The trade has been paid');
        return { node, lost: false };
      }
      case 'reverse': {
        const answer = ledger.reverse(outTradeNo);
        const node =
          answer.kind === 'reversed'
            ? success({
                out_trade_no: outTradeNo,
                retry_flag: 'N',
                action: answer.refunded ? 'refund' : 'close',
              })
            : business('ACQ.TRADE_STATUS_ERROR', 'A refunded trade cannot be cancelled');
        return { node, lost: false };
      }
      case 'refund': {
        const amount = parseDecimal(biz['refund_amount'] ?? '', 'CNY');
        const answer = ledger.refund(
          outTradeNo,
          biz['out_request_no'] ?? '',
          amount.ok ? amount.value : Number.NaN,
        );
        const node =
          answer.kind === 'refunded'
            ? success({
                out_trade_no: outTradeNo,
                trade_no: ledger.order(outTradeNo)?.transactionId ?? '',
                fund_change: 'Y',
                refund_fee: biz['refund_amount'] ?? '',
              })
            : answer.reason === 'notFound'
              ? business('ACQ.TRADE_NOT_EXIST', 'No such trade')
              : answer.reason === 'notPaid'
                ? business('ACQ.TRADE_STATUS_ERROR', 'The trade is not paid')
                : business('ACQ.REFUND_AMT_NOT_EQUAL_TOTAL', 'The refund is more than was paid');
        return { node, lost: false };
      }
      case 'statement': {
        const day = biz['bill_date'] ?? '';
        const token = randomBytes(12).toString('hex');
        const rows = ledger
          .statement(day)
          .map((o) =>
            [
              o.transactionId,
              o.outTradeNo,
              yuan(o.amount),
              yuan(refundedOf(o)),
              o.paidAt ?? 0,
              o.currency,
            ].join(','),
          );
        bills.set(
          token,
          ['trade_no,out_trade_no,total_amount,refund_amount,gmt_payment,currency', ...rows].join(
            '\n',
          ),
        );
        return {
          node: success({ bill_download_url: `${baseUrl}/bill?token=${token}` }),
          lost: false,
        };
      }
      default: {
        const unknown: never = kind;
        throw new Error(`Unknown call ${String(unknown)}`);
      }
    }
  }

  const answer = (method: string, node: Node, tamper = false): SimulatorAnswer => {
    const key = `${method.replaceAll('.', '_')}_response`;
    const nodeText = JSON.stringify(node);
    let sign = rsa2Sign(nodeText, keys.privateKeyPem);
    if (tamper) sign = `${sign.startsWith('A') ? 'B' : 'A'}${sign.slice(1)}`;
    return {
      kind: 'answer',
      status: 200,
      contentType: 'application/json;charset=utf-8',
      body: `{"${key}":${nodeText},"sign":"${sign}"}`,
    };
  };

  const running = await serveSimulator(({ method: verb, path, query, body }) => {
    if (verb === 'GET' && path === '/bill') {
      const bill = bills.get(query.get('token') ?? '');
      return bill === undefined
        ? { kind: 'answer', status: 404, contentType: 'text/plain', body: 'no such bill' }
        : { kind: 'answer', status: 200, contentType: 'text/csv', body: bill };
    }
    if (verb !== 'POST' || path !== '/gateway.do') {
      return { kind: 'answer', status: 404, contentType: 'text/plain', body: 'not found' };
    }
    const params = Object.fromEntries(new URLSearchParams(body));
    const method = params['method'] ?? '';
    const kind = METHODS[method];
    if (kind === undefined) {
      return answer('error', {
        code: '40004',
        msg: 'Business Failed',
        sub_code: 'isv.invalid-method',
      });
    }
    if (params['app_id'] !== appId) {
      return answer(method, {
        code: '40002',
        msg: 'Invalid Arguments',
        sub_code: 'isv.invalid-app-id',
      });
    }
    if (
      params['sign_type'] !== 'RSA2' ||
      !rsa2Verify(signingText(params), params['sign'] ?? '', options.appPublicKeyPem)
    ) {
      ledger.countRequest('refusedSignature');
      return answer(method, {
        code: '40002',
        msg: 'Invalid Arguments',
        sub_code: 'isv.invalid-signature',
        sub_msg: 'The signature does not match',
      });
    }
    let biz: Node;
    try {
      biz = JSON.parse(params['biz_content'] ?? '') as Node;
    } catch {
      return answer(method, {
        code: '40002',
        msg: 'Invalid Arguments',
        sub_code: 'isv.invalid-biz-content',
      });
    }
    ledger.countRequest(kind);
    const fault = ledger.takeFault(kind);
    const { node, lost } = handle(kind, biz);
    if (lost || fault === 'dropAnswer') return { kind: 'drop' };
    return answer(method, node, fault === 'tamperAnswer');
  }, options.port);
  baseUrl = running.url;
  return {
    ...running,
    appId,
    gatewayUrl: `${running.url}/gateway.do`,
    alipayPublicKeyPem: keys.publicKeyPem,
    ledger,
  };
}
