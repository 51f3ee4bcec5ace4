/**
 * Unicode's bidirectional formatting characters (embeddings, overrides, isolates, marks) make
 * text display in an order other than the one it is stored in: `invoice\u202Efdp.exe` shows as
 * `invoiceexe.pdf`. No plan text or file name needs them, so stored text drops them.
 */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

export function stripBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}
