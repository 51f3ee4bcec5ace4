/**
 * The bytes of an uploaded plan file as text. The format allows UTF-8 or Windows-1252 (what
 * Excel's "CSV (Comma delimited)" writes): a file that is not valid UTF-8 is read as 1252, so a
 * "£" or an en dash typed in a spreadsheet arrives as the character the board meant.
 */
export function decodePlanFile(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}
