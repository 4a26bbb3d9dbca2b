export {
  corporateCheckDigit,
  corporateNumberSchema,
  digitsOnly,
  registrationNumberOf,
} from './corporate-number.js';
export { countryChoices } from './countries.js';
export { crossCheckDuns, type DunsMismatch } from './cross-check.js';
export { displayValue } from './display.js';
export { approvalEmailChoices } from './email.js';
export { FIELD_LABELS, OPTIONAL_FIELDS } from './labels.js';
export { prefectureChoices } from './prefectures.js';
export { FIELD_PROMPTS } from './prompts.js';
export { splitName } from './romaji.js';
export { validateField } from './validate-field.js';
