import { fileModeExposure, modeText } from '@vaultline/config';
import { SidecarError } from '../errors.js';

/** Whether files that every user may read are accepted; group/world-writable never are. */
export interface FileModePolicy {
  /** `allow_world_readable_token_files`: accept a token (or token-holding) file others can read. */
  allowWorldReadable: boolean;
}

/**
 * Refuses a file holding tokens that others could change or read, as ssh's StrictModes
 * does for its keys: group- or world-writable is always an error (whoever can write it
 * can grant themselves access); world-readable is an error unless the policy allows it.
 * Group-readable is fine: the agent's own token file is 0640 for a reader group. POSIX
 * only; on Windows the mode bits say nothing about access, so nothing is checked.
 *
 * @example
 * checkFileMode('/run/vaultline/token', 0o100644, 'token file', { allowWorldReadable: false }); // throws
 */
export function checkFileMode(
  path: string,
  mode: number,
  what: 'token file' | 'settings file',
  policy: FileModePolicy,
): void {
  if (process.platform === 'win32') return;
  const holds = what === 'token file' ? 'holds a token' : 'holds tokens';
  const exposure = fileModeExposure(mode);
  if (exposure === 'others-can-write') {
    throw new SidecarError(
      'UNSAFE_FILE_MODE',
      `the ${what} ${path} ${holds} and group or others can write it (mode ${modeText(mode)}), so anyone who can write it could give themselves access: run chmod 600 ${path} (or 640 with a group of the token's readers)`,
    );
  }
  if (exposure === 'everyone-can-read' && !policy.allowWorldReadable) {
    throw new SidecarError(
      'UNSAFE_FILE_MODE',
      `the ${what} ${path} ${holds} and every user can read it (mode ${modeText(mode)}): run chmod 600 ${path} (or 640 with a group of the token's readers), or set allow_world_readable_token_files (--allow-world-readable-token-files) if every user of this machine may have the token`,
    );
  }
}
