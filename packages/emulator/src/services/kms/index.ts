import type { JsonHandler } from '../json-handler.js';

/** The KMS (TrentService) actions the emulator serves. */
export const KMS_ACTIONS: Record<string, JsonHandler> = {};
