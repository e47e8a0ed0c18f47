/** What people wrote, safe for the operator's terminal: control characters shown as \xNN, never obeyed. */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
