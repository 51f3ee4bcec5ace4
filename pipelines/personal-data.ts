/**
 * The personal-data guard: extracts are anonymised aggregates or records, so anything that looks
 * like it identifies a child is refused outright, and its value is never echoed back.
 */

const PERSONAL_COLUMNS: readonly [RegExp, string][] = [
  [/^(first_?|last_?|sur|fore|given_?|full_?|family_?|child_?|middle_?)?names?$/, 'a name'],
  [/^(dob|date_of_birth|birth_?date|birthday)$/, 'a date of birth'],
  [/^(post_?code|postal_?code|zip)$/, 'a postcode'],
  [/^nhs(_?(number|no|num))?$/, 'an NHS number'],
  [/^(upn|unique_pupil_number|pupil_number|uln)$/, 'a pupil number'],
  [/^(e_?mail|email_address)$/, 'an email address'],
  [/^(phone|telephone|mobile|phone_number|tel)$/, 'a phone number'],
  [/^(address|address_?line_?\d?|street|house_?number)$/, 'an address'],
  [/^(child_id|person_id|case_id|mosaic_id|lcs_id|liquidlogic_id)$/, 'a case identifier'],
];

const PERSONAL_VALUES: readonly [RegExp, string][] = [
  [/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'an email address'],
  [/^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/i, 'a full postcode'],
  [/^\d{3} ?\d{3} ?\d{4}$/, 'an NHS number'],
  [/^[A-Z]\d{11}[A-Z\d]$/i, 'a unique pupil number'],
  [/^(\+44 ?|0)\d{2,4}[ -]?\d{3,4}[ -]?\d{3,4}$/, 'a phone number'],
  [/^\d+[A-Z]? [A-Za-z' -]+ (road|street|lane|avenue|close|drive|way|court|crescent|place)\b/i, 'an address'],
];

/** What kind of personal data a normalised column name suggests, or null. */
export function personalDataColumn(name: string): string | null {
  for (const [pattern, kind] of PERSONAL_COLUMNS) if (pattern.test(name)) return kind;
  return null;
}

/** What kind of personal data a value looks like, or null. */
export function personalDataValue(value: string): string | null {
  const v = value.trim();
  for (const [pattern, kind] of PERSONAL_VALUES) if (pattern.test(v)) return kind;
  return null;
}
