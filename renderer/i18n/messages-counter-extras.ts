// Words for changing a line's price at the counter (with a supervisor's approval), for coupons and
// for the store's sensors on the dashboard, in English and Simplified Chinese; merged into the main tables (messages.ts), so the compiler
// checks both.

export const counterExtrasEn = {
  'cart.changePrice': 'Price',
  'cart.priceChanged': 'Price changed from {price}: {reason}',
  'priceChange.heading': 'Change the price of {name}',
  'priceChange.shelf': 'Shelf price {price}',
  'priceChange.newPrice': 'New unit price',
  'priceChange.reason': 'Why',
  'priceChange.reasonPlaceholder': 'e.g. damaged packaging, price match',
  'priceChange.apply': 'Change price',
  'priceChange.cancel': 'Cancel',
  'priceChange.notAnAmount': 'Enter the new price as an amount, e.g. 12.50.',
  'coupon.label': 'Coupon code',
  'coupon.apply': 'Apply coupon',
  'coupon.applied': 'Coupons: {codes}',
  'dashboard.environment': 'In-store environment',
  'dashboard.noSensors': 'No sensor has reported to this register.',
  'dashboard.sensor.temperature': 'temperature',
  'dashboard.sensor.humidity': 'humidity',
  'dashboard.sensorRange': 'kept {min} to {max} · {at}',
  'dashboard.sensorAlert': 'Out of range',
} as const;

export const counterExtrasZhCN: Readonly<Record<keyof typeof counterExtrasEn, string>> = {
  'cart.changePrice': '改价',
  'cart.priceChanged': '已改价（原价 {price}）：{reason}',
  'priceChange.heading': '修改 {name} 的价格',
  'priceChange.shelf': '原价 {price}',
  'priceChange.newPrice': '新单价',
  'priceChange.reason': '原因',
  'priceChange.reasonPlaceholder': '例如：包装破损、价格匹配',
  'priceChange.apply': '确认改价',
  'priceChange.cancel': '取消',
  'priceChange.notAnAmount': '请输入金额，例如 12.50。',
  'coupon.label': '优惠券码',
  'coupon.apply': '使用优惠券',
  'coupon.applied': '已用优惠券：{codes}',
  'dashboard.environment': '店内环境',
  'dashboard.noSensors': '本机还没有收到传感器读数。',
  'dashboard.sensor.temperature': '温度',
  'dashboard.sensor.humidity': '湿度',
  'dashboard.sensorRange': '应保持 {min} 至 {max} · {at}',
  'dashboard.sensorAlert': '超出范围',
};
