// Scanning in the UI: the keyboard-wedge burst detector the register screens feed with key events.
export * from './wedge-burst';
