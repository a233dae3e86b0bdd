// A cashier's shift at a register: open with a float, record what happens, read X reports and
// close with a numbered Z report.
export * from './shift';
export * from './records';
export * from './report';
