// Words for choosing the devices' ports on the devices screen, in English and Simplified Chinese;
// merged into the main tables (messages.ts), so the compiler checks both.

export const devicePortsEn = {
  'ports.heading': 'Ports',
  'ports.hint':
    'Which port each device is plugged into. A device moved to another port reconnects at once; a manager must approve.',
  'ports.device.printer': 'Receipt printer',
  'ports.device.terminal': 'Card terminal',
  'ports.device.scanner': 'Barcode scanner',
  'ports.device.cardReader': 'Member card reader',
  'ports.device.display': 'Customer pole display',
  'ports.device.scale': 'Scale',
  'ports.device.sensor': 'Environment sensor',
  'ports.state.online': 'Online',
  'ports.state.connecting': 'Connecting…',
  'ports.state.waiting': 'Not answering: trying again',
  'ports.state.stopped': 'Stopped',
  'ports.state.none': 'No port',
  'ports.current': 'On {port}',
  'ports.choose': 'Port',
  'ports.none': 'No such device here',
  'ports.other': 'Another serial port…',
  'ports.path': 'Serial port path',
  'ports.pathPlaceholder': '/dev/ttyUSB0 or COM3',
  'ports.speed': 'Speed (baud)',
  'ports.use': 'Use this port',
  'ports.simulated': 'Simulated {name}',
  'ports.saved': '{device} is now on {port}.',
  'ports.savedNone': '{device} is set as not present.',
  'ports.fixed':
    'This register’s devices are wired by its host: their ports cannot be chosen here.',
  'ports.badPath': 'Type a serial port path such as /dev/ttyUSB0 or COM3.',
  'approval.for.choosePort': 'A manager must approve moving a device to another port.',
} as const;

export const devicePortsZhCN: Readonly<Record<keyof typeof devicePortsEn, string>> = {
  'ports.heading': '端口',
  'ports.hint': '各设备所接的端口。更换端口后设备立即重新连接；需店长授权。',
  'ports.device.printer': '小票打印机',
  'ports.device.terminal': '刷卡机',
  'ports.device.scanner': '扫码枪',
  'ports.device.cardReader': '会员刷卡器',
  'ports.device.display': '顾客显示屏',
  'ports.device.scale': '电子秤',
  'ports.device.sensor': '温湿度传感器',
  'ports.state.online': '在线',
  'ports.state.connecting': '正在连接…',
  'ports.state.waiting': '无响应：稍后重试',
  'ports.state.stopped': '已停止',
  'ports.state.none': '未设置端口',
  'ports.current': '端口：{port}',
  'ports.choose': '端口',
  'ports.none': '本机没有此设备',
  'ports.other': '其他串口…',
  'ports.path': '串口路径',
  'ports.pathPlaceholder': '/dev/ttyUSB0 或 COM3',
  'ports.speed': '波特率',
  'ports.use': '使用此端口',
  'ports.simulated': '模拟{name}',
  'ports.saved': '{device}已改接到 {port}。',
  'ports.savedNone': '已设为本机没有{device}。',
  'ports.fixed': '本机设备由主机固定接线，不能在此选择端口。',
  'ports.badPath': '请输入串口路径，例如 /dev/ttyUSB0 或 COM3。',
  'approval.for.choosePort': '更换设备端口需要店长授权。',
};

export const devicePortsErrorsEn: Readonly<Record<string, string>> = {
  'cardReader.bankCard':
    'A bank card was swiped on the member card reader: take card payments on the card terminal.',
};

export const devicePortsErrorsZhCN: Readonly<Record<string, string>> = {
  'cardReader.bankCard': '会员刷卡器上刷了银行卡：银行卡请在刷卡机上付款。',
  'cardReader.unreadable': '卡没有读出来：请重新刷卡。',
  'scanner.noise': '扫码枪传来无法识别的数据：请检查数据线和波特率。',
  'scale.noReading': '电子秤还没有传来重量：请检查电源和数据线。',
  'scale.overload': '电子秤超载：请拿下一些商品。',
  'scale.unstable': '电子秤还在晃动：请稍等再称。',
  'scale.empty': '电子秤上没有商品：请把商品放在秤盘上。',
  'devices.portUnfit': '该设备不能接在 USB HID 端口上：请选择串口。',
  'devices.portsFixed': '本机设备由主机固定接线，不能在此选择端口。',
};
