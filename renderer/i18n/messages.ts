// The screens' words in English and Simplified Chinese. English is the reference: the Chinese
// table must have every key (the compiler checks it), and an error code without a translation
// falls back to the English message the core sent.

export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

const en = {
  'app.title': 'Register',
  'locale.switch': '中文',
  'locale.switchLabel': 'Switch to Chinese',
  'connection.connecting': 'Connecting to the register…',
  'connection.lost': 'Connection to the register lost; reconnecting…',
  'connection.refused': 'This page may not drive the register.',
  'connection.refusedHelp': 'Open the register from the address printed when it started.',
  'login.heading': 'Sign in',
  'login.staffId': 'Staff number',
  'login.pin': 'PIN',
  'login.submit': 'Sign in',
  'login.demoHint': 'Demo: cashier 1001 / PIN 1234',
  'top.signOut': 'Sign out',
  'role.cashier': 'Cashier',
  'role.supervisor': 'Supervisor',
  'role.manager': 'Manager',
  'role.admin': 'Administrator',
  'sync.allSent': 'All changes synced',
  'sync.pending': '{count} changes waiting to sync',
  'sync.unknown': 'Sync status unknown',
  'scan.label': 'Scan or type a barcode',
  'scan.placeholder': 'Scan a barcode, or type it and press Enter',
  'scan.add': 'Add',
  'cart.empty': 'Scan the first item to start a sale.',
  'cart.item': 'Item',
  'cart.quantity': 'Qty',
  'cart.price': 'Price',
  'cart.amount': 'Amount',
  'cart.perKg': '/kg',
  'cart.grams': '{grams} g',
  'cart.unweighed': 'Needs weighing',
  'cart.weighLabel': 'Weight in grams',
  'cart.decrease': 'One less',
  'cart.increase': 'One more',
  'cart.void': 'Remove',
  'cart.voided': 'Removed',
  'cart.voidReason': 'Removed at the customer’s request',
  'totals.subtotal': 'Subtotal',
  'totals.discounts': 'Discounts',
  'totals.tax': 'Tax included',
  'totals.total': 'Total',
  'totals.points': 'Points to earn',
  'tender.heading': 'Cash',
  'tender.received': 'Cash received (yuan)',
  'tender.exact': 'Exact',
  'tender.pay': 'Take cash',
  'tender.due': 'To pay in cash',
  'sale.completed': 'Sale complete',
  'sale.receiptNo': 'Receipt No. {number}',
  'sale.change': 'Change',
  'sale.paid': 'Received',
  'sale.pointsEarned': 'Points earned: {points}',
  'sale.next': 'Next customer',
  'notice.dismiss': 'Dismiss',
  'error.generic': 'That did not work.',
} as const;

export type MessageKey = keyof typeof en;

const zhCN: Record<MessageKey, string> = {
  'app.title': '收银台',
  'locale.switch': 'English',
  'locale.switchLabel': '切换到英文',
  'connection.connecting': '正在连接收银机…',
  'connection.lost': '与收银机的连接已断开，正在重连…',
  'connection.refused': '此页面无权操作收银机。',
  'connection.refusedHelp': '请使用启动时打印的地址打开收银台。',
  'login.heading': '登录',
  'login.staffId': '工号',
  'login.pin': '密码',
  'login.submit': '登录',
  'login.demoHint': '演示：收银员 1001 / 密码 1234',
  'top.signOut': '退出',
  'role.cashier': '收银员',
  'role.supervisor': '值班主管',
  'role.manager': '店长',
  'role.admin': '管理员',
  'sync.allSent': '已全部同步',
  'sync.pending': '{count} 条待同步',
  'sync.unknown': '同步状态未知',
  'scan.label': '扫码或输入条码',
  'scan.placeholder': '扫描条码，或输入后按回车',
  'scan.add': '添加',
  'cart.empty': '扫描第一件商品开始收银。',
  'cart.item': '商品',
  'cart.quantity': '数量',
  'cart.price': '单价',
  'cart.amount': '金额',
  'cart.perKg': '/千克',
  'cart.grams': '{grams} 克',
  'cart.unweighed': '待称重',
  'cart.weighLabel': '重量（克）',
  'cart.decrease': '减一件',
  'cart.increase': '加一件',
  'cart.void': '删除',
  'cart.voided': '已删除',
  'cart.voidReason': '顾客要求删除',
  'totals.subtotal': '小计',
  'totals.discounts': '优惠',
  'totals.tax': '含税',
  'totals.total': '应付',
  'totals.points': '可得积分',
  'tender.heading': '现金',
  'tender.received': '实收现金（元）',
  'tender.exact': '整额',
  'tender.pay': '现金收款',
  'tender.due': '现金应收',
  'sale.completed': '交易完成',
  'sale.receiptNo': '小票号 {number}',
  'sale.change': '找零',
  'sale.paid': '实收',
  'sale.pointsEarned': '获得积分：{points}',
  'sale.next': '下一位顾客',
  'notice.dismiss': '关闭',
  'error.generic': '操作未成功。',
};

/** Cashier-facing words for the core's refusal codes; codes not listed show the core's message. */
const errorsZhCN: Readonly<Record<string, string>> = {
  'auth.wrongPin': '工号或密码不正确。',
  'auth.locked': '多次输错密码，账号已暂时锁定，请稍后再试或找店长。',
  'auth.required': '请先登录。',
  'auth.notAllowed': '您的权限不足，请找值班主管或店长。',
  'auth.approvalRequired': '此操作需要主管授权。',
  'checkout.unknownProduct': '找不到此条码的商品，请核对或手动查找。',
  'checkout.notForSale': '此商品暂停销售。',
  'checkout.notAProduct': '这不是商品条码。',
  'checkout.noCart': '当前没有进行中的交易。',
  'checkout.paymentStarted': '已开始收款，不能再修改商品。',
  'cart.quantityInvalid': '数量不正确。',
  'cart.weightInvalid': '重量不正确。',
  'cart.weightRequired': '请先称重。',
  'cart.empty': '购物车是空的，请先扫描商品。',
  'cart.lineVoided': '此商品已删除。',
  'shift.notOpen': '本机尚未开班，请店长开班后再收银。',
  'shift.closed': '本班已结束。',
  'tender.invalidAmount': '金额不正确。',
  'tender.underpaid': '实收金额不足。',
  'command.invalidArgs': '输入的内容不正确。',
  'host.disconnected': '收银机未响应，请重试。',
  internal: '出了点问题，操作未完成。',
};

const errorsEn: Readonly<Record<string, string>> = {
  'auth.wrongPin': 'Staff number or PIN is not right.',
  'host.disconnected': 'The register is not answering; try again.',
};

export const MESSAGES: Readonly<Record<Locale, Readonly<Record<MessageKey, string>>>> = {
  en,
  'zh-CN': zhCN,
};

const ERRORS: Readonly<Record<Locale, Readonly<Record<string, string>>>> = {
  en: errorsEn,
  'zh-CN': errorsZhCN,
};

/** A message with `{name}` placeholders filled in. */
export function text(
  locale: Locale,
  key: MessageKey,
  values: Readonly<Record<string, string | number>> = {},
): string {
  return MESSAGES[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

/** A refusal in the cashier's language: by its code, else the core's own (English) message. */
export function errorText(locale: Locale, error: { code: string; message: string }): string {
  return ERRORS[locale][error.code] ?? error.message;
}
