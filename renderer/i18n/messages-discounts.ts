// Words for manual discounts at the counter (on a line or the whole sale, with a supervisor's
// approval above the cashier's limit), in English and Simplified Chinese; merged into the main
// tables (messages.ts), so the compiler checks both.

export const discountsEn = {
  'cart.discount': 'Discount',
  'discount.saleButton': 'Discount the sale',
  'discount.headingSale': 'Discount on the whole sale',
  'discount.headingLine': 'Discount on {name}',
  'discount.percent': 'Percent off',
  'discount.amount': 'Amount off',
  'discount.value': 'Discount',
  'discount.reason': 'Why',
  'discount.reasonPlaceholder': 'e.g. damaged packaging, loyal customer',
  'discount.limit':
    'Up to {percent} % or {amount} you give yourself; above it a supervisor approves.',
  'discount.current': 'Now: {discount}',
  'discount.apply': 'Give discount',
  'discount.remove': 'Take the discount off',
  'discount.cancel': 'Cancel',
  'discount.notAPercent': 'Enter a percentage from 0.01 to 100, e.g. 15.',
  'discount.notAnAmount': 'Enter an amount above zero, e.g. 5.00.',
  'discount.percentShown': '{percent} % off',
  'discount.amountShown': '{amount} off',
  'settings.discountLimit': 'Discounts a cashier gives alone (above them a supervisor approves)',
  'settings.discountPercent': 'Up to this percentage',
  'settings.discountAmount': 'Up to this amount',
  'settings.notAPercent': 'A percentage from 0 to 100, e.g. 10',
  'settings.notAnAmount': 'An amount, e.g. 20.00',
} as const;

export const discountsZhCN: Readonly<Record<keyof typeof discountsEn, string>> = {
  'cart.discount': '折扣',
  'discount.saleButton': '整单折扣',
  'discount.headingSale': '整单折扣',
  'discount.headingLine': '{name} 折扣',
  'discount.percent': '按百分比',
  'discount.amount': '按金额',
  'discount.value': '折扣',
  'discount.reason': '原因',
  'discount.reasonPlaceholder': '例如：包装破损、老顾客',
  'discount.limit': '不超过 {percent}% 或 {amount} 可自行给予；超过需主管授权。',
  'discount.current': '当前：{discount}',
  'discount.apply': '确认折扣',
  'discount.remove': '取消折扣',
  'discount.cancel': '取消',
  'discount.notAPercent': '请输入 0.01 到 100 之间的百分比，例如 15。',
  'discount.notAnAmount': '请输入大于零的金额，例如 5.00。',
  'discount.percentShown': '减 {percent}%',
  'discount.amountShown': '减 {amount}',
  'settings.discountLimit': '收银员可自行给予的折扣（超过需主管授权）',
  'settings.discountPercent': '百分比不超过',
  'settings.discountAmount': '金额不超过',
  'settings.notAPercent': '请输入 0 到 100 的百分比，例如 10',
  'settings.notAnAmount': '请输入金额，例如 20.00',
};

export const discountErrorsZhCN: Readonly<Record<string, string>> = {
  'cart.noDiscount': '没有可取消的折扣。',
  'cart.discountInvalid': '折扣须大于零且不超过 100%。',
};
