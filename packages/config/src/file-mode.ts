/**
 * Who besides its owner can reach a file that holds a credential, from its mode bits:
 * the one rule behind the config's check of a stored secret access key and the sidecar's
 * check of its token files (as ssh's StrictModes).
 * - `others-can-write`: group or others can write it (anyone could change the credential).
 * - `everyone-can-read`: every user can read it.
 * - `others-have-access`: group (or others, for execute) have some other permission.
 * - `owner-only`.
 *
 * @example
 * fileModeExposure(0o644); // 'everyone-can-read'
 * fileModeExposure(0o600); // 'owner-only'
 */
export function fileModeExposure(
  mode: number,
): 'others-can-write' | 'everyone-can-read' | 'others-have-access' | 'owner-only' {
  if ((mode & 0o022) !== 0) return 'others-can-write';
  if ((mode & 0o004) !== 0) return 'everyone-can-read';
  if ((mode & 0o077) !== 0) return 'others-have-access';
  return 'owner-only';
}

/**
 * A mode's permission bits as `ls` and chmod write them.
 *
 * @example
 * modeText(0o100640); // '640'
 */
export const modeText = (mode: number): string => (mode & 0o777).toString(8).padStart(3, '0');
