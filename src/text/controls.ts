/**
 * Text from the wire and from operators' files (worker names, SNI, HTTP hosts, owner names,
 * banners, file names) reaches terminals, spreadsheets and logs. An ESC, OSC or CSI sequence in
 * it could retitle a terminal, hide lines or forge a row; a bidi override could reorder what an
 * analyst reads. Every text rendering passes its strings through here: the characters become
 * visible escapes, so the text stays readable and the attempt stays visible.
 */

/** C0 controls (tab and newline too: one value is one cell or line), DEL, C1, line/paragraph separators, bidi overrides and isolates. */
export const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** What JSON.stringify leaves raw of CONTROL: DEL, C1, the separators and bidi controls. */
const JSON_RAW_CONTROL = /[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const hex = (c: string, digits: number) => c.charCodeAt(0).toString(16).padStart(digits, '0');

/** `\x1b` for the 8-bit controls, `\u202e` for the rest. */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, (c) => (c.charCodeAt(0) <= 0xff ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`));
}

/** Lines a program composed (a message with a list under it) keep their breaks; each line is escaped. */
export function escapeControlsPerLine(text: string): string {
  return text.split('\n').map(escapeControls).join('\n');
}

/**
 * JSON.stringify escapes C0 but leaves DEL, C1 and bidi controls raw, which a terminal showing
 * the file still obeys. The same \uXXXX escape keeps the parsed content identical.
 */
export function escapeJsonControls(json: string): string {
  return json.replace(JSON_RAW_CONTROL, (c) => `\\u${hex(c, 4)}`);
}
