import {
  ARN_SUFFIX_LOOKALIKE,
  isAllowedNameCharacter,
  MAX_SECRET_NAME_LENGTH,
} from './name-rules.js';

const FALLBACK_NAME = 'secret';

/**
 * A valid secret name close to `input`, deterministically: accents are dropped, spaces and
 * other refused characters become '-', repeated separators collapse, leading and trailing
 * '/' go, and a trailing hyphen-plus-six (an ARN suffix look-alike) becomes '_'.
 *
 * @example
 * suggestSecretName('Prod Orders "DB"'); // 'Prod-Orders-DB'
 */
export function suggestSecretName(input: string): string {
  const text = typeof input === 'string' ? input : String(input);
  const withoutAccents = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  let name = '';
  for (const char of withoutAccents) {
    if (char === '"' || char === "'") continue;
    name += isAllowedNameCharacter(char) ? char : '-';
  }
  name = name
    .replace(/\/{2,}/g, '/')
    .replace(/-{2,}/g, '-')
    .replace(/^[/-]+/, '')
    .slice(0, MAX_SECRET_NAME_LENGTH)
    .replace(/[/-]+$/, '');
  if (ARN_SUFFIX_LOOKALIKE.test(name)) {
    const cut = name.length - 7;
    name = `${name.slice(0, cut)}_${name.slice(cut + 1)}`;
  }
  return name.length > 0 ? name : FALLBACK_NAME;
}
