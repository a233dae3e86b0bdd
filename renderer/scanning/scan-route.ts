// Where a detected scan goes: the screen that can use one registers itself; elsewhere (the sign-in
// screen) a scan is dropped rather than typed into a field.
let handler: ((code: string) => void) | null = null;

export function setScanHandler(next: ((code: string) => void) | null): void {
  handler = next;
}

export function routeScan(code: string): void {
  handler?.(code);
}
